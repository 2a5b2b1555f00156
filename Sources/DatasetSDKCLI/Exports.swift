// A pipeline executable needs only `import DatasetSDKCLI`: the SDK and ArgumentParser (which
// `PipelineProject.commands` and custom subcommands use) come with it.
@_exported import ArgumentParser
@_exported import DatasetSDK

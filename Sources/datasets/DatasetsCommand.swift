import ArgumentParser
import DatasetSDK

/// `datasets`: the SDK's own command line.
@main
struct DatasetsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datasets",
        abstract: "Inspect and move DatasetSDK objects.",
        subcommands: [InspectCommand.self, DemoCommand.self, StoreCommand.self]
    )
}

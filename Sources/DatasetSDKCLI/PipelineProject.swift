import ArgumentParser

/// A pipeline executable: conform the `@main` type and get Kedro's command line.
///
/// ```swift
/// @main
/// struct HousePrices: PipelineProject {
///     static func pipelines() -> [String: Pipeline] { ["__default__": Pipeline([...])] }
/// }
/// ```
///
/// The executable then understands `run [-e ENV] [-n NODES] [--from-nodes ...] [--to-nodes ...]
/// [--tags ...] [--params k=v,...] [--runner sequential|parallel|process] [--load-versions ds:V]`,
/// `catalog describe-datasets`, `catalog list-patterns`, `catalog resolve-patterns`,
/// `pipeline list` and `pipeline show`.
public protocol PipelineProject: Sendable {
    /// The project's pipelines by name; `__default__` runs when none is named.
    static func pipelines() -> [String: Pipeline]
    /// The dataset types and storage schemes the catalog may use (default: ``Registry/standard``).
    static func registry() -> Registry
    /// The conf folder used when `--conf` is not given (default `conf`).
    static var defaultConfPath: String { get }
    /// Hooks called around every node and dataset operation (default: none).
    static func hooks() -> [any PipelineHooks]
    /// The environment used when neither `-e` nor `DATASETS_ENV` names one (default: nil, which
    /// means `local` when `conf/local` exists, as in Kedro).
    static var defaultEnvironment: String? { get }
    /// More subcommands beside `run`, `catalog` and `pipeline` (default: none), e.g. a
    /// project's benchmark or exporter.
    static var commands: [any ParsableCommand.Type] { get }
}

extension PipelineProject {
    public static func registry() -> Registry { .standard }
    public static var defaultConfPath: String { "conf" }
    public static func hooks() -> [any PipelineHooks] { [] }
    public static var defaultEnvironment: String? { nil }
    public static var commands: [any ParsableCommand.Type] { [] }

    /// Parses the command line and runs the chosen command.
    public static func main() async {
        await ProjectCommand<Self>.main()
    }

    /// Parses `arguments` (without the executable name) and runs the chosen command; for tests
    /// and embedding. Errors are thrown instead of exiting.
    public static func run(arguments: [String]) async throws {
        var command = try ProjectCommand<Self>.parseAsRoot(arguments)
        if var asyncCommand = command as? any AsyncParsableCommand {
            try await asyncCommand.run()
        } else {
            try command.run()
        }
    }

    /// The pipeline named `name`, or an error listing the known ones.
    static func pipeline(named name: String) throws -> Pipeline {
        let all = pipelines()
        guard let pipeline = all[name] else {
            throw ValidationError("no pipeline named '\(name)'; pipelines: \(all.keys.sorted().joined(separator: ", "))")
        }
        return pipeline
    }
}

/// The root command of a pipeline executable.
struct ProjectCommand<Project: PipelineProject>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: CommandLine.arguments.first.map { String($0.split(separator: "/").last ?? "pipeline") },
            abstract: "Run and inspect this project's pipelines and catalog.",
            subcommands: [RunCommand<Project>.self, CatalogCommand<Project>.self, PipelineListCommand<Project>.self] + Project.commands
        )
    }
}

import ArgumentParser

/// `run`: runs a pipeline, or part of it, and prints per-node timings.
struct RunCommand<Project: PipelineProject>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "run", abstract: "Run a pipeline (or part of it) and print per-node load, compute and save times.")
    }

    @OptionGroup var project: ProjectOptions

    @Option(name: [.short, .long], help: "The pipeline to run.")
    var pipeline = "__default__"

    @Option(name: [.short, .customLong("nodes")], help: "Run only these nodes (comma-separated names).")
    var nodes: String?

    @Option(help: "Run these nodes and everything downstream of them (comma-separated).")
    var fromNodes: String?

    @Option(help: "Run these nodes and everything upstream of them (comma-separated).")
    var toNodes: String?

    @Option(help: "Run only nodes with one of these tags (comma-separated).")
    var tags: String?

    @Option(help: "Run nodes downstream of these datasets (comma-separated).")
    var fromInputs: String?

    @Option(help: "Run nodes needed to produce these datasets (comma-separated).")
    var toOutputs: String?

    @Option(help: "sequential, parallel, or process (every node in its own process, as Argo runs them).")
    var runner = "sequential"

    @Option(help: "Nodes (parallel runner, default 2) or processes (process runner, default 1) at once.")
    var maxWorkers: Int?

    @Option(help: .hidden)
    var saveVersion: String?

    @Option(help: "Versions to load, as dataset:version pairs separated by commas.")
    var loadVersions: String?

    @Option(help: .hidden)
    var reportFile: String?

    func run() async throws {
        let versions = try ProjectOptions.pairs(loadVersions, separator: ":", what: "--load-versions", example: "model:2024-01-01T00.00.00.000Z")
        let catalog = try project.catalog(for: Project.self, loadVersions: versions, saveVersion: saveVersion)
        let selected = try selectedPipeline()
        guard !selected.nodes.isEmpty else { throw ValidationError("the filters select no node of pipeline '\(pipeline)'") }
        let chosen: any Runner
        switch runner.lowercased() {
        case "sequential", "sequentialrunner": chosen = SequentialRunner()
        case "parallel", "parallelrunner": chosen = ParallelRunner(maxConcurrency: max(1, maxWorkers ?? 2))
        case "process", "processrunner":
            chosen = ProcessRunner(arguments: childArguments(saveVersion: catalog.saveVersion), maxConcurrency: max(1, maxWorkers ?? 1))
        default: throw ValidationError("unknown runner '\(runner)'; use sequential, parallel or process")
        }
        let report = try await chosen.run(selected, catalog: catalog, hooks: Project.hooks())
        if let reportFile {
            try NodeReportFile.write(report.nodes, to: reportFile)
        } else {
            print(report.summaryTable())
        }
    }

    /// The pipeline with the command line's filters applied, in Kedro's order.
    func selectedPipeline() throws -> Pipeline {
        var selected = try Project.pipeline(named: pipeline)
        let tagSet = Set(ProjectOptions.names(tags))
        if !tagSet.isEmpty { selected = selected.onlyNodes(taggedWith: tagSet) }
        if fromNodes != nil { selected = try selected.fromNodes(ProjectOptions.names(fromNodes)) }
        if toNodes != nil { selected = try selected.toNodes(ProjectOptions.names(toNodes)) }
        if nodes != nil { selected = try selected.onlyNodes(ProjectOptions.names(nodes)) }
        if fromInputs != nil { selected = selected.fromInputs(ProjectOptions.names(fromInputs)) }
        if toOutputs != nil { selected = selected.toOutputs(ProjectOptions.names(toOutputs)) }
        return selected
    }

    /// The arguments a child process gets to run one node with the same configuration.
    private func childArguments(saveVersion: String) -> [String] {
        var arguments = ["run", "--pipeline", pipeline, "--save-version", saveVersion]
        if let conf = project.conf { arguments += ["--conf", conf] }
        if let environment = project.environment { arguments += ["--env", environment] }
        if let params = project.params { arguments += ["--params", params] }
        if let loadVersions { arguments += ["--load-versions", loadVersions] }
        return arguments
    }
}

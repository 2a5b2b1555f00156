import ArgumentParser
import Foundation

/// `catalog describe-datasets | list-patterns | resolve-patterns`.
struct CatalogCommand<Project: PipelineProject>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "catalog",
            abstract: "Inspect the data catalog.",
            subcommands: [DescribeDatasets.self, ListPatterns.self, ResolvePatterns.self]
        )
    }

    /// Every dataset the pipeline uses, by how the catalog provides it.
    struct DescribeDatasets: AsyncParsableCommand {
        static var configuration: CommandConfiguration {
            CommandConfiguration(commandName: "describe-datasets", abstract: "Show, for each dataset of a pipeline, its entry, the pattern that provides it, or that it stays in memory.")
        }

        @OptionGroup var project: ProjectOptions
        @Option(name: [.short, .long], help: "The pipeline.") var pipeline = "__default__"

        /// Every dataset is described; a broken entry is shown as its error (and the command
        /// exits 1 after printing them all) instead of hiding the entries after it.
        func run() async throws {
            let catalog = try project.catalog(for: Project.self)
            var result: [String: Value] = [:]
            var broken: [String] = []
            for name in try Project.pipeline(named: pipeline).datasetNames {
                if catalog.contains(name) {
                    do {
                        result[name] = .map(try catalog.describe(name))
                    } catch {
                        result[name] = ["error": .string("\(error)")]
                        broken.append(name)
                    }
                } else {
                    result[name] = ["type": "MemoryDataset", "note": "no catalog entry: kept in memory within one process"]
                }
            }
            print(Value.map(result).jsonString(pretty: true))
            if !broken.isEmpty {
                FileHandle.standardError.write(Data("error: \(broken.count) catalog entr\(broken.count == 1 ? "y is" : "ies are") broken: \(broken.sorted().joined(separator: ", ")) (each one's error is shown above)\n".utf8))
                throw ExitCode(1)
            }
        }
    }

    /// The dataset factory patterns in the order they are tried.
    struct ListPatterns: AsyncParsableCommand {
        static var configuration: CommandConfiguration {
            CommandConfiguration(commandName: "list-patterns", abstract: "List the dataset factory patterns in the order they are tried.")
        }

        @OptionGroup var project: ProjectOptions

        func run() async throws {
            for pattern in try project.catalog(for: Project.self).patternNames { print(pattern) }
        }
    }

    /// The entries patterns produce for the pipeline's datasets.
    struct ResolvePatterns: AsyncParsableCommand {
        static var configuration: CommandConfiguration {
            CommandConfiguration(commandName: "resolve-patterns", abstract: "Show the catalog entries that patterns and explicit entries give the pipeline's datasets.")
        }

        @OptionGroup var project: ProjectOptions
        @Option(name: [.short, .long], help: "The pipeline.") var pipeline = "__default__"

        func run() async throws {
            let catalog = try project.catalog(for: Project.self)
            let datasets = try Project.pipeline(named: pipeline).datasetNames
            print(Value.map(try catalog.resolvedEntries(for: datasets)).jsonString(pretty: true))
        }
    }
}

/// `pipeline list | show`.
struct PipelineListCommand<Project: PipelineProject>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "pipeline", abstract: "List and show pipelines.", subcommands: [List.self, Show.self])
    }

    /// The pipelines' names.
    struct List: AsyncParsableCommand {
        static var configuration: CommandConfiguration { CommandConfiguration(commandName: "list", abstract: "List the pipelines.") }

        func run() async throws {
            for (name, pipeline) in Project.pipelines().sorted(by: { $0.key < $1.key }) { print("\(name) (\(pipeline.nodes.count) node\(pipeline.nodes.count == 1 ? "" : "s"))") }
        }
    }

    /// One pipeline's DAG as text.
    struct Show: AsyncParsableCommand {
        static var configuration: CommandConfiguration { CommandConfiguration(commandName: "show", abstract: "Show a pipeline's nodes, inputs and outputs in run order.") }

        @Argument(help: "The pipeline.") var name = "__default__"

        func run() async throws {
            print(try Project.pipeline(named: name).render())
        }
    }
}

extension Pipeline {
    /// Every dataset the pipeline reads or writes (parameters excluded), sorted.
    var datasetNames: [String] {
        Set(nodes.flatMap { $0.inputs + $0.outputs }).filter { !Node.isParameter($0) }.sorted()
    }
}

/// A pipeline that cannot be built, filtered or run. Every case names the nodes and datasets
/// involved, so the message alone says what to fix.
///
/// ```swift
/// do { _ = try pipeline.sortedNodes() } catch {
///     print(error)   // pipeline has a cycle: train -(model)-> score -(metrics)-> train
/// }
/// ```
public enum PipelineError: Error, Sendable, CustomStringConvertible {
    /// No node of the pipeline has this name; `suggestion` is the nearest known name.
    case unknownNode(String, known: [String], suggestion: String?)
    /// Two nodes of the pipeline share a name.
    case duplicateNodeName(String)
    /// More than one node (or one node twice) produces `dataset`.
    case duplicateOutput(dataset: String, nodes: [String])
    /// The nodes depend on each other in a loop: `nodes[i]` produces `datasets[i]`, which
    /// `nodes[i + 1]` (wrapping around) consumes.
    case cycle(nodes: [String], datasets: [String])
    /// A node declares an output that cannot be a dataset (`params:...` or `parameters`).
    case invalidOutput(node: String, dataset: String)
    /// A free input of the pipeline is not in the catalog, or nothing is saved there yet.
    case missingInput(dataset: String, consumers: [String])
    /// A `params:` input names a parameter the catalog does not have.
    case missingParameter(node: String, key: String, known: [String])
    /// A node body asked for an input it did not declare.
    case unknownInput(node: String, input: String, declared: [String])
    /// A node input holds another type than the node body asked for.
    case wrongInputType(node: String, input: String, expected: String, found: String)
    /// A node input has the right type name but could not be decoded.
    case undecodableInput(node: String, input: String, type: String, underlying: any Error)
    /// A node body returned other outputs than it declares.
    case outputMismatch(node: String, missing: [String], unexpected: [String])
    /// Loading an input or saving an output of `node` failed.
    case datasetFailed(node: String, dataset: String, operation: String, underlying: any Error)
    /// Datasets passed between nodes only through this process's memory, which a runner that
    /// starts one process per node cannot hand over.
    case memoryDatasetAcrossProcesses(datasets: [String])
    /// The node body threw `underlying`.
    case nodeFailed(node: String, underlying: any Error)

    /// The message, naming the nodes and datasets involved.
    public var description: String {
        switch self {
        case let .unknownNode(name, known, suggestion):
            "unknown node '\(name)'\(suggestion.map { "; did you mean '\($0)'?" } ?? ""); nodes: \(Self.list(known))"
        case let .duplicateNodeName(name):
            "two nodes are named '\(name)'; node names must be unique in a pipeline"
        case let .duplicateOutput(dataset, nodes):
            "dataset '\(dataset)' is produced by more than one node (\(Self.list(nodes))); every dataset needs exactly one producer"
        case let .cycle(nodes, datasets):
            "pipeline has a cycle: \(Self.cycleText(nodes: nodes, datasets: datasets))"
        case let .invalidOutput(node, dataset):
            "node '\(node)': '\(dataset)' cannot be an output; 'params:' and 'parameters' names are read-only inputs"
        case let .missingInput(dataset, consumers):
            "pipeline input '\(dataset)' (needed by \(Self.list(consumers))) is not in the catalog or has nothing saved yet"
        case let .missingParameter(node, key, known):
            "node '\(node)': no parameter '\(key)'; parameters: \(Self.list(known))"
        case let .unknownInput(node, input, declared):
            "node '\(node)': '\(input)' is not an input of the node; inputs: \(Self.list(declared))"
        case let .wrongInputType(node, input, expected, found):
            "node '\(node)': input '\(input)' is a \(found), not a \(expected)"
        case let .undecodableInput(node, input, type, underlying):
            "node '\(node)': input '\(input)' cannot be decoded as \(type): \(underlying)"
        case let .outputMismatch(node, missing, unexpected):
            "node '\(node)' returned the wrong outputs"
                + (missing.isEmpty ? "" : "; missing: \(Self.list(missing))")
                + (unexpected.isEmpty ? "" : "; not declared: \(Self.list(unexpected))")
        case let .datasetFailed(node, dataset, operation, underlying):
            "node '\(node)': \(operation) of '\(dataset)' failed: \(underlying)"
        case let .memoryDatasetAcrossProcesses(datasets):
            "datasets \(Self.list(datasets)) pass between nodes in memory only; give them catalog entries on shared storage "
                + "(e.g. ObjectDataset on file:// or shm) to run one node per process"
        case let .nodeFailed(node, underlying):
            "node '\(node)' failed: \(underlying)"
        }
    }

    private static func list(_ names: [String]) -> String { names.isEmpty ? "(none)" : names.joined(separator: ", ") }

    private static func cycleText(nodes: [String], datasets: [String]) -> String {
        guard let first = nodes.first else { return "(empty)" }
        var text = ""
        for (index, node) in nodes.enumerated() {
            text += "\(node) -(\(index < datasets.count ? datasets[index] : "?"))-> "
        }
        return text + first
    }
}

/// Runs a ``Pipeline`` against a ``DataCatalog``, as Kedro's runners do.
///
/// Before the first node, a runner sorts the nodes (``Pipeline/sortedNodes()``), checks that
/// the catalog provides every free input and parameter (``Pipeline/checkInputs(in:)``), and adds
/// a ``MemoryDataset`` for every output the catalog does not have
/// (``Pipeline/addMemoryDatasets(to:)``). Each node runs through
/// ``runNode(_:catalog:hooks:log:)``. A dataset that nodes pass to each other is released
/// (``DataCatalog/release(_:)``) once its last consumer has run; free inputs and the pipeline's
/// results (``Pipeline/terminalOutputs``) are kept.
///
/// ```swift
/// let report = try await SequentialRunner().run(pipeline, catalog: catalog, hooks: [])
/// print(report.summaryTable())
/// ```
public protocol Runner: Sendable {
    /// Runs every node of `pipeline`, calling `hooks` around each.
    ///
    /// - Throws: ``PipelineError`` (``PipelineError/missingInput(dataset:consumers:)``,
    ///   ``PipelineError/nodeFailed(node:underlying:)``, ...) or what the catalog throws.
    func run(_ pipeline: Pipeline, catalog: DataCatalog, hooks: [any PipelineHooks]) async throws -> RunReport
}

extension Runner {
    /// Runs `pipeline` without hooks.
    public func run(_ pipeline: Pipeline, catalog: DataCatalog) async throws -> RunReport {
        try await run(pipeline, catalog: catalog, hooks: [])
    }
}

/// The checked, ordered nodes of one run and the datasets still waiting for consumers.
struct RunPlan: Sendable {
    /// The nodes in topological order.
    let order: [Node]
    /// Consumers yet to run, for each dataset that one node produces and others consume.
    private var remainingConsumers: [String: Int] = [:]

    /// Sorts and checks `pipeline` against `catalog` and adds memory datasets for its outputs.
    init(_ pipeline: Pipeline, catalog: DataCatalog) async throws {
        order = try pipeline.sortedNodes()
        try await pipeline.checkInputs(in: catalog)
        pipeline.addMemoryDatasets(to: catalog)
        let produced = Set(pipeline.allOutputs)
        for node in order {
            for input in Set(node.datasetInputs) where produced.contains(input) { remainingConsumers[input, default: 0] += 1 }
        }
    }

    /// Records that `node` ran; returns the datasets nobody needs any more.
    mutating func finished(_ node: Node) -> [String] {
        var released: [String] = []
        for input in Set(node.datasetInputs) {
            guard let count = remainingConsumers[input] else { continue }
            if count <= 1 {
                remainingConsumers[input] = nil
                released.append(input)
            } else {
                remainingConsumers[input] = count - 1
            }
        }
        return released.sorted()
    }
}

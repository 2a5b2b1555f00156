/// Runs nodes whose inputs are ready at the same time, in this process, with Swift
/// concurrency: never more than ``maxConcurrency`` at once (Kedro's `ThreadRunner`, and the
/// in-process counterpart of its `ParallelRunner`).
///
/// ```swift
/// let report = try await ParallelRunner(maxConcurrency: 4).run(pipeline, catalog: catalog, hooks: [])
/// ```
///
/// Among ready nodes, the one first in ``Pipeline/sortedNodes()`` order starts first. When a
/// node fails, no further node starts, running ones are cancelled, and the first failure is
/// thrown. Hooks may be called from several nodes at once. See ``Runner`` for the checks before
/// the first node and when datasets are released.
public struct ParallelRunner: Runner {
    /// The most nodes that run at once (at least 1).
    public let maxConcurrency: Int
    /// Where the per-node lines go.
    public let log: @Sendable (String) -> Void

    /// A runner of up to `maxConcurrency` nodes at once (values below 1 mean 1) that logs to
    /// `log` (standard error by default).
    public init(maxConcurrency: Int = 2, log: @escaping @Sendable (String) -> Void = RunLog.standardError) {
        self.maxConcurrency = max(1, maxConcurrency)
        self.log = log
    }

    /// Runs every node of `pipeline`, each as soon as its producers are done and a slot is free.
    public func run(_ pipeline: Pipeline, catalog: DataCatalog, hooks: [any PipelineHooks]) async throws -> RunReport {
        var plan = try await RunPlan(pipeline, catalog: catalog)
        let order = plan.order
        var producer: [String: Int] = [:]
        for (index, node) in order.enumerated() { for output in node.outputs { producer[output] = index } }
        var dependents = Array(repeating: [Int](), count: order.count)
        var waiting = Array(repeating: 0, count: order.count)
        for (index, node) in order.enumerated() {
            for upstream in Set(node.datasetInputs.compactMap { producer[$0] }) {
                dependents[upstream].append(index)
                waiting[index] += 1
            }
        }
        var ready = order.indices.filter { waiting[$0] == 0 }
        let (log, limit) = (self.log, maxConcurrency)

        return try await withThrowingTaskGroup(of: (Int, NodeReport).self) { group in
            var report = RunReport()
            var running = 0
            while true {
                while running < limit, !ready.isEmpty {
                    let index = ready.removeFirst()
                    let node = order[index]
                    group.addTask { (index, try await runNode(node, catalog: catalog, hooks: hooks, log: log)) }
                    running += 1
                }
                guard let (index, nodeReport) = try await group.next() else { break }
                running -= 1
                report.nodes.append(nodeReport)
                for dataset in plan.finished(order[index]) { await catalog.release(dataset) }
                for dependent in dependents[index] {
                    waiting[dependent] -= 1
                    if waiting[dependent] == 0 { ready.insert(dependent, at: ready.firstIndex { $0 > dependent } ?? ready.endIndex) }
                }
            }
            return report
        }
    }
}

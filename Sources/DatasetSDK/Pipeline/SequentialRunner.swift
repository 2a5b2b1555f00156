/// Runs the nodes one after another in topological order, in this process (Kedro's
/// `SequentialRunner`).
///
/// ```swift
/// let catalog = try DataCatalog(conf: "conf")
/// let report = try await SequentialRunner().run(pipeline, catalog: catalog, hooks: [])
/// print(report.summaryTable())
/// ```
///
/// See ``Runner`` for the checks before the first node and when datasets are released.
public struct SequentialRunner: Runner {
    /// Where the per-node lines go.
    public let log: @Sendable (String) -> Void

    /// A runner that logs to `log` (standard error by default).
    public init(log: @escaping @Sendable (String) -> Void = RunLog.standardError) { self.log = log }

    /// Runs every node of `pipeline` in order; stops at the first failure.
    public func run(_ pipeline: Pipeline, catalog: DataCatalog, hooks: [any PipelineHooks]) async throws -> RunReport {
        var plan = try await RunPlan(pipeline, catalog: catalog)
        var report = RunReport()
        for node in plan.order {
            try Task.checkCancellation()
            report.nodes.append(try await runNode(node, catalog: catalog, hooks: hooks, log: log))
            for dataset in plan.finished(node) { await catalog.release(dataset) }
        }
        return report
    }
}

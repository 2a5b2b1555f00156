/// Callbacks around node runs and dataset loads and saves, like Kedro's hooks. Every method has a
/// default that does nothing, so a hook implements only what it needs.
///
/// For each node a runner calls, in this order: ``beforeNodeRun(_:)``; for each dataset input,
/// ``beforeDatasetLoaded(_:node:)`` and ``afterDatasetLoaded(_:object:node:)``; the node body; for
/// each output, ``beforeDatasetSaved(_:object:node:)`` and ``afterDatasetSaved(_:node:)``; then
/// ``afterNodeRun(_:report:)`` with the timings. When the body throws, ``onNodeError(_:error:)``
/// is called instead of the saves and ``afterNodeRun(_:report:)``. Parameters are not datasets and
/// get no load hooks. Hooks run in the order of the array given to the runner.
///
/// ```swift
/// struct Timings: PipelineHooks {
///     func afterNodeRun(_ node: Node, report: NodeReport) async {
///         RunLog.standardError("\(node.name) took \(report.computeSeconds) s")
///     }
/// }
/// try await SequentialRunner().run(pipeline, catalog: catalog, hooks: [Timings()])
/// ```
public protocol PipelineHooks: Sendable {
    /// Before anything of `node` runs (before its inputs are loaded).
    func beforeNodeRun(_ node: Node) async
    /// After `node`'s outputs were saved, with its timings and sizes.
    func afterNodeRun(_ node: Node, report: NodeReport) async
    /// The body of `node` threw `error`; the runner then stops with
    /// ``PipelineError/nodeFailed(node:underlying:)``.
    func onNodeError(_ node: Node, error: any Error) async
    /// Before dataset `name` is loaded as an input of `node`.
    func beforeDatasetLoaded(_ name: String, node: Node) async
    /// After dataset `name` was loaded as an input of `node`.
    func afterDatasetLoaded(_ name: String, object: EncodedObject, node: Node) async
    /// Before `object` is saved as dataset `name`, an output of `node`.
    func beforeDatasetSaved(_ name: String, object: EncodedObject, node: Node) async
    /// After dataset `name`, an output of `node`, was saved.
    func afterDatasetSaved(_ name: String, node: Node) async
}

extension PipelineHooks {
    /// Does nothing.
    public func beforeNodeRun(_ node: Node) async {}
    /// Does nothing.
    public func afterNodeRun(_ node: Node, report: NodeReport) async {}
    /// Does nothing.
    public func onNodeError(_ node: Node, error: any Error) async {}
    /// Does nothing.
    public func beforeDatasetLoaded(_ name: String, node: Node) async {}
    /// Does nothing.
    public func afterDatasetLoaded(_ name: String, object: EncodedObject, node: Node) async {}
    /// Does nothing.
    public func beforeDatasetSaved(_ name: String, object: EncodedObject, node: Node) async {}
    /// Does nothing.
    public func afterDatasetSaved(_ name: String, node: Node) async {}
}

/// Runs one node in this process: loads its inputs from the catalog, runs it, saves its
/// outputs, calls the hooks, logs and returns the timings. Both runners use it, and so can a
/// runner that starts one process per node.
///
/// Parameter inputs come from ``DataCatalog/parameter(_:)``. The log gets one line per node
/// (``NodeReport/logLine``), plus `node NAME: loading DATASET ...` (or `saving`) once when a load
/// or save is still running after 2 seconds. The catalog must already hold every output (see
/// ``Pipeline/addMemoryDatasets(to:)``); nothing is released.
///
/// ```swift
/// let node = try pipeline.node(named: "train")
/// let report = try await runNode(node, catalog: catalog, hooks: [], log: RunLog.standardError)
/// ```
///
/// - Throws: ``PipelineError/nodeFailed(node:underlying:)`` when the body throws (after the
///   ``PipelineHooks/onNodeError(_:error:)`` hooks), ``PipelineError/outputMismatch(node:missing:unexpected:)``
///   (also after those hooks), ``PipelineError/datasetFailed(node:dataset:operation:underlying:)``
///   when a load or save fails, or ``PipelineError/missingParameter(node:key:known:)``.
public func runNode(
    _ node: Node, catalog: DataCatalog, hooks: [any PipelineHooks], log: @escaping @Sendable (String) -> Void
) async throws -> NodeReport {
    try await runNode(node, catalog: catalog, hooks: hooks, log: log, progressAfter: .seconds(2))
}

/// ``runNode(_:catalog:hooks:log:)`` with the delay before a `loading ...`/`saving ...` progress
/// line chosen by the caller.
public func runNode(
    _ node: Node, catalog: DataCatalog, hooks: [any PipelineHooks], log: @escaping @Sendable (String) -> Void,
    progressAfter: Duration
) async throws -> NodeReport {
    let clock = ContinuousClock()
    var report = NodeReport(node: node.name)
    for hook in hooks { await hook.beforeNodeRun(node) }

    var objects: [String: EncodedObject] = [:]
    var parameters: [String: Value] = [:]
    for input in node.inputs {
        if Node.isParameter(input) {
            guard let value = catalog.parameter(input) else {
                throw PipelineError.missingParameter(node: node.name, key: input, known: Pipeline.parameterKeys(catalog.parameters))
            }
            parameters[input] = value
            continue
        }
        guard objects[input] == nil else { continue }
        for hook in hooks { await hook.beforeDatasetLoaded(input, node: node) }
        let start = clock.now
        let object: EncodedObject
        do {
            object = try await withProgressLine("node \(node.name): loading \(input) ...", after: progressAfter, log: log) {
                try await catalog.dataset(named: input).load()
            }
        } catch {
            throw PipelineError.datasetFailed(node: node.name, dataset: input, operation: "load", underlying: error)
        }
        report.loadSeconds += seconds(clock.now - start)
        report.bytesLoaded += object.totalBytes
        objects[input] = object
        for hook in hooks { await hook.afterDatasetLoaded(input, object: object, node: node) }
    }

    let computeStart = clock.now
    let outputs: NodeOutputs
    do {
        outputs = try await node.run(NodeInputs(node: node.name, objects: objects, parameters: parameters))
    } catch {
        for hook in hooks { await hook.onNodeError(node, error: error) }
        throw PipelineError.nodeFailed(node: node.name, underlying: error)
    }
    report.computeSeconds = seconds(clock.now - computeStart)
    let returned = Set(outputs.objects.keys), declared = Set(node.outputs)
    guard returned == declared else {
        let error = PipelineError.outputMismatch(
            node: node.name, missing: declared.subtracting(returned).sorted(), unexpected: returned.subtracting(declared).sorted())
        for hook in hooks { await hook.onNodeError(node, error: error) }
        throw error
    }

    for output in node.outputs {
        let object = outputs.objects[output]!
        for hook in hooks { await hook.beforeDatasetSaved(output, object: object, node: node) }
        let start = clock.now
        do {
            try await withProgressLine("node \(node.name): saving \(output) ...", after: progressAfter, log: log) {
                try await catalog.dataset(named: output).save(object)
            }
        } catch {
            throw PipelineError.datasetFailed(node: node.name, dataset: output, operation: "save", underlying: error)
        }
        report.saveSeconds += seconds(clock.now - start)
        report.bytesSaved += object.totalBytes
        for hook in hooks { await hook.afterDatasetSaved(output, node: node) }
    }

    log(report.logLine)
    for hook in hooks { await hook.afterNodeRun(node, report: report) }
    return report
}

/// Runs `operation`; logs `message` once if it is still running after `delay`.
private func withProgressLine<T: Sendable>(
    _ message: String, after delay: Duration, log: @escaping @Sendable (String) -> Void,
    _ operation: () async throws -> T
) async throws -> T {
    let watcher = Task {
        do { try await Task.sleep(for: delay) } catch { return }
        log(message)
    }
    defer { watcher.cancel() }
    return try await operation()
}

private func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
}

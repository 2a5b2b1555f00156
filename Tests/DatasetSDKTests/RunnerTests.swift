import DatasetSDK
import Synchronization
import XCTest

/// Records hook calls as `event:name` strings, and what a check closure returns per node start.
private final class RecordingHooks: PipelineHooks {
    let events = Mutex<[String]>([])
    let errors = Mutex<[String]>([])
    let beforeNode: (@Sendable (Node) async -> [String])?

    init(beforeNode: (@Sendable (Node) async -> [String])? = nil) { self.beforeNode = beforeNode }

    private func record(_ event: String) { events.withLock { $0.append(event) } }
    var recorded: [String] { events.withLock { $0 } }

    func beforeNodeRun(_ node: Node) async {
        record("beforeNodeRun:\(node.name)")
        if let beforeNode { for line in await beforeNode(node) { record(line) } }
    }
    func afterNodeRun(_ node: Node, report: NodeReport) async { record("afterNodeRun:\(node.name)") }
    func onNodeError(_ node: Node, error: any Error) async {
        record("onNodeError:\(node.name)")
        errors.withLock { $0.append("\(error)") }
    }
    func beforeDatasetLoaded(_ name: String, node: Node) async { record("beforeDatasetLoaded:\(name)") }
    func afterDatasetLoaded(_ name: String, object: EncodedObject, node: Node) async { record("afterDatasetLoaded:\(name)") }
    func beforeDatasetSaved(_ name: String, object: EncodedObject, node: Node) async { record("beforeDatasetSaved:\(name)") }
    func afterDatasetSaved(_ name: String, node: Node) async { record("afterDatasetSaved:\(name)") }
}

/// Collects log lines.
private final class LogLines: Sendable {
    let lines = Mutex<[String]>([])
    var log: @Sendable (String) -> Void { { line in self.lines.withLock { $0.append(line) } } }
    var all: [String] { lines.withLock { $0 } }
}

/// Start and end instants of node bodies.
private final class Timeline: Sendable {
    let spans = Mutex<[String: (start: ContinuousClock.Instant, end: ContinuousClock.Instant)]>([:])
    let started = Mutex<Set<String>>([])

    /// A node that sleeps 100 ms; with `awaiting`, it first waits (up to 10 s) until that node has
    /// started too, so two nodes running at once always overlap however slow the machine is.
    func sleepingNode(_ name: String, inputs: [String] = [], output: String, awaiting other: String? = nil) -> Node {
        Node(name: name, inputs: inputs, outputs: [output]) { _ in
            let start = ContinuousClock.now
            self.started.withLock { _ = $0.insert(name) }
            if let other {
                let deadline = start + .seconds(10)
                while !self.started.withLock({ $0.contains(other) }), ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(5))
                }
            }
            try await Task.sleep(for: .milliseconds(100))
            self.spans.withLock { $0[name] = (start, ContinuousClock.now) }
            return try NodeOutputs([output: Record(["node": .string(name)])])
        }
    }

    func overlap(_ a: String, _ b: String) -> Bool {
        spans.withLock { spans in spans[a]!.start < spans[b]!.end && spans[b]!.start < spans[a]!.end }
    }

    func span(_ name: String) -> (start: ContinuousClock.Instant, end: ContinuousClock.Instant) { spans.withLock { $0[name]! } }
}

/// A dataset whose load takes `delay`.
private struct SlowDataset: Dataset {
    let delay: Duration
    func load() async throws -> EncodedObject {
        try await Task.sleep(for: delay)
        return Record(["slow": true]).encoded()
    }
    func save(_ object: EncodedObject) async throws {}
    func exists() async throws -> Bool { true }
    func release() async {}
    func describe() -> [String: Value] { ["type": "SlowDataset"] }
}

private struct Boom: Error, CustomStringConvertible {
    var description: String { "boom" }
}

private func scaled(_ values: [Double], by factor: Double) -> Tensor<Double> { Tensor(values.map { $0 * factor }) }

private func objectDataset(_ name: String, in directory: TemporaryDirectory) throws -> ObjectDataset {
    ObjectDataset(name: name, location: try StorageLocation(directory.file("\(name).dso")), storage: FileStorage())
}

/// raw (file) -> double -> doubled (memory) -> scale (params:multiplier) -> scaled (memory) -> total (file)
private func arithmeticPipeline() -> Pipeline {
    Pipeline([
        Node.map("double", input: "raw", output: "doubled") { (raw: Tensor<Double>) in scaled(raw.scalars, by: 2) },
        Node(name: "scale", inputs: ["doubled", "params:multiplier"], outputs: ["scaled"]) { inputs in
            let doubled: Tensor<Double> = try inputs.value("doubled")
            let factor = try inputs.parameter("params:multiplier").doubleValue!
            return try NodeOutputs(["scaled": scaled(doubled.scalars, by: factor)])
        },
        Node.map("sum", input: "scaled", output: "total") { (values: Tensor<Double>) in Tensor([values.scalars.reduce(0, +)]) },
    ])
}

private func arithmeticCatalog(in directory: TemporaryDirectory) async throws -> DataCatalog {
    let catalog = DataCatalog(registry: .standard, parameters: ["multiplier": 10])
    catalog.add(try objectDataset("raw", in: directory), as: "raw")
    catalog.add(try objectDataset("total", in: directory), as: "total")
    try await catalog.save(Tensor<Double>([1, 2, 3]), as: "raw")
    return catalog
}

final class RunnerTests: XCTestCase {
    func testSequentialRunnerRunsThroughFilesAndMemoryDatasets() async throws {
        let directory = try TemporaryDirectory()
        let catalog = try await arithmeticCatalog(in: directory)
        let log = LogLines()
        let report = try await SequentialRunner(log: log.log).run(arithmeticPipeline(), catalog: catalog, hooks: [])

        XCTAssertEqual(report.nodes.map(\.node), ["double", "scale", "sum"])
        let total = try Tensor<Double>(decoding: try await readContainer(directory.file("total.dso")))
        XCTAssertEqual(total.scalars, [120])
        XCTAssertEqual(report.nodes[0].bytesLoaded, 24)
        XCTAssertEqual(report.nodes[2].bytesSaved, 8)
        XCTAssertEqual(log.all.count, 3)
        XCTAssertTrue(log.all[0].hasPrefix("node double: load "), log.all[0])
        XCTAssertTrue(log.all[0].hasSuffix(" s (0.00 MB in, 0.00 MB out)"), log.all[0])
    }

    func testParametersInputsReadSingleKeysNestedKeysAndTheWholeMap() async throws {
        let catalog = DataCatalog(registry: .standard, parameters: ["model": ["alpha": 0.5], "seed": 7])
        let seen = LogLines()
        let node = Node(name: "read", inputs: ["params:model.alpha", "parameters", "params:seed"], outputs: ["out"]) { inputs in
            for name in ["params:model.alpha", "parameters", "seed"] { seen.log("\(try inputs.parameter(name))") }
            return try NodeOutputs(["out": Record()])
        }
        _ = try await SequentialRunner(log: RunLog.silent).run(Pipeline([node]), catalog: catalog)
        XCTAssertEqual(seen.all, ["\(0.5 as Value)", "\(["model": ["alpha": 0.5], "seed": 7] as Value)", "7"])
    }

    func testMissingParameterErrorNamesNodeAndKey() async throws {
        let catalog = DataCatalog(registry: .standard, parameters: ["model": ["alpha": 0.5]])
        let node = Node(name: "train", inputs: ["params:model.beta"], outputs: []) { _ in NodeOutputs() }
        do {
            _ = try await SequentialRunner(log: RunLog.silent).run(Pipeline([node]), catalog: catalog)
            XCTFail("expected an error")
        } catch let error as PipelineError {
            guard case let .missingParameter(node, key, known) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(node, "train")
            XCTAssertEqual(key, "params:model.beta")
            XCTAssertEqual(known, ["params:model", "params:model.alpha"])
        }
    }

    func testMissingInputErrorNamesDatasetAndConsumersBeforeAnyNodeRuns() async throws {
        let hooks = RecordingHooks()
        let pipeline = Pipeline([
            Node.map("a", input: "raw", output: "x") { (record: Record) in record },
            Node.map("b", input: "raw", output: "y") { (record: Record) in record },
        ])
        let notInCatalog = DataCatalog(registry: .standard)
        let emptyMemory = DataCatalog(registry: .standard)
        emptyMemory.add(MemoryDataset(name: "raw"), as: "raw")
        for catalog in [notInCatalog, emptyMemory] {
            do {
                _ = try await SequentialRunner(log: RunLog.silent).run(pipeline, catalog: catalog, hooks: [hooks])
                XCTFail("expected an error")
            } catch let error as PipelineError {
                guard case let .missingInput(dataset, consumers) = error else { return XCTFail("\(error)") }
                XCTAssertEqual(dataset, "raw")
                XCTAssertEqual(consumers, ["a", "b"])
                XCTAssertTrue("\(error)".contains("'raw' (needed by a, b)"), "\(error)")
            }
        }
        XCTAssertEqual(hooks.recorded, [])
    }

    func testIntermediateMemoryDatasetsAreReleasedAfterTheirLastConsumerAndOutputsAreKept() async throws {
        let catalog = DataCatalog(registry: .standard)
        catalog.add(MemoryDataset(name: "raw"), as: "raw")
        try await catalog.save(Record(["v": 1]), as: "raw")
        let hooks = RecordingHooks { node in
            var lines: [String] = []
            for name in ["x", "y"] where (try? await catalog.exists(name)) == true { lines.append("exists:\(name)@\(node.name)") }
            return lines
        }
        let pipeline = Pipeline([
            Node.map("a", input: "raw", output: "x") { (record: Record) in record },
            Node.map("b", input: "x", output: "y") { (record: Record) in record },
            Node(name: "c", inputs: ["x", "y"], outputs: ["out"]) { inputs in try NodeOutputs(["out": try inputs.value("y", as: Record.self)]) },
            Node.map("d", input: "raw", output: "other") { (record: Record) in record },
        ])
        _ = try await SequentialRunner(log: RunLog.silent).run(pipeline, catalog: catalog, hooks: [hooks])

        let existence = hooks.recorded.filter { $0.hasPrefix("exists:") }
        XCTAssertEqual(existence, ["exists:x@b", "exists:x@c", "exists:y@c"])
        let x = try await catalog.exists("x"), y = try await catalog.exists("y")
        XCTAssertFalse(x)
        XCTAssertFalse(y)
        for kept in ["raw", "out", "other"] {
            let exists = try await catalog.exists(kept)
            XCTAssertTrue(exists, kept)
        }
    }

    func testHooksAreCalledInOrderAroundLoadsComputeAndSaves() async throws {
        let directory = try TemporaryDirectory()
        let catalog = try await arithmeticCatalog(in: directory)
        let hooks = RecordingHooks()
        _ = try await SequentialRunner(log: RunLog.silent).run(try arithmeticPipeline().toNodes(["scale"]), catalog: catalog, hooks: [hooks])
        XCTAssertEqual(hooks.recorded, [
            "beforeNodeRun:double", "beforeDatasetLoaded:raw", "afterDatasetLoaded:raw",
            "beforeDatasetSaved:doubled", "afterDatasetSaved:doubled", "afterNodeRun:double",
            "beforeNodeRun:scale", "beforeDatasetLoaded:doubled", "afterDatasetLoaded:doubled",
            "beforeDatasetSaved:scaled", "afterDatasetSaved:scaled", "afterNodeRun:scale",
        ])
    }

    func testNodeFailureIsWrappedAfterTheErrorHookAndStopsTheRun() async throws {
        let hooks = RecordingHooks()
        let pipeline = Pipeline([
            Node(name: "explode", inputs: [], outputs: ["x"]) { _ in throw Boom() },
            Node.map("after", input: "x", output: "y") { (record: Record) in record },
        ])
        do {
            _ = try await SequentialRunner(log: RunLog.silent).run(pipeline, catalog: DataCatalog(registry: .standard), hooks: [hooks])
            XCTFail("expected an error")
        } catch let error as PipelineError {
            guard case let .nodeFailed(node, underlying) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(node, "explode")
            XCTAssertTrue(underlying is Boom)
            XCTAssertEqual("\(error)", "node 'explode' failed: boom")
        }
        XCTAssertEqual(hooks.recorded, ["beforeNodeRun:explode", "onNodeError:explode"])
        XCTAssertEqual(hooks.errors.withLock { $0 }, ["boom"])
    }

    func testNodeReturningUndeclaredOutputsFails() async throws {
        let hooks = RecordingHooks()
        let node = Node(name: "sloppy", inputs: [], outputs: ["a", "b"]) { _ in try NodeOutputs(["a": Record(), "c": Record()]) }
        do {
            _ = try await SequentialRunner(log: RunLog.silent).run(Pipeline([node]), catalog: DataCatalog(registry: .standard), hooks: [hooks])
            XCTFail("expected an error")
        } catch let error as PipelineError {
            guard case .outputMismatch(node: "sloppy", missing: ["b"], unexpected: ["c"]) = error else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(hooks.recorded, ["beforeNodeRun:sloppy", "onNodeError:sloppy"])
    }

    func testLoadFailureNamesNodeAndDataset() async throws {
        let directory = try TemporaryDirectory()
        try Data("not a container".utf8).write(to: URL(fileURLWithPath: directory.file("raw.dso")))
        let catalog = DataCatalog(registry: .standard)
        catalog.add(try objectDataset("raw", in: directory), as: "raw")
        let node = Node.map("read", input: "raw", output: "out") { (record: Record) in record }
        do {
            _ = try await SequentialRunner(log: RunLog.silent).run(Pipeline([node]), catalog: catalog)
            XCTFail("expected an error")
        } catch let error as PipelineError {
            guard case .datasetFailed(node: "read", dataset: "raw", operation: "load", _) = error else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".hasPrefix("node 'read': load of 'raw' failed: "), "\(error)")
        }
    }

    func testWrongInputTypeFailsNamingNodeInputAndTypes() async throws {
        let catalog = DataCatalog(registry: .standard)
        catalog.add(MemoryDataset(name: "raw"), as: "raw")
        try await catalog.save(Record(), as: "raw")
        let node = Node.map("read", input: "raw", output: "out") { (frame: DataFrame) in frame }
        do {
            _ = try await SequentialRunner(log: RunLog.silent).run(Pipeline([node]), catalog: catalog)
            XCTFail("expected an error")
        } catch let error as PipelineError {
            XCTAssertEqual("\(error)", "node 'read' failed: node 'read': input 'raw' is a datasetsdk.Record, not a datasetsdk.DataFrame")
        }
    }

    func testSlowLoadLogsAProgressLineOnce() async throws {
        let catalog = DataCatalog(registry: .standard)
        catalog.add(SlowDataset(delay: .milliseconds(400)), as: "slow")
        let log = LogLines()
        let node = Node.map("wait", input: "slow", output: "out") { (record: Record) in record }
        Pipeline([node]).addMemoryDatasets(to: catalog)
        _ = try await runNode(node, catalog: catalog, hooks: [], log: log.log, progressAfter: .milliseconds(50))
        XCTAssertEqual(log.all.first, "node wait: loading slow ...")
        XCTAssertEqual(log.all.count, 2)
        XCTAssertTrue(log.all[1].hasPrefix("node wait: load "), log.all[1])
    }

    func testParallelRunnerRunsIndependentNodesAtTheSameTime() async throws {
        let timeline = Timeline()
        let pipeline = Pipeline([timeline.sleepingNode("a", output: "x", awaiting: "b"), timeline.sleepingNode("b", output: "y", awaiting: "a")])
        let report = try await ParallelRunner(maxConcurrency: 2, log: RunLog.silent).run(pipeline, catalog: DataCatalog(registry: .standard))
        XCTAssertEqual(Set(report.nodes.map(\.node)), ["a", "b"])
        XCTAssertTrue(timeline.overlap("a", "b"))
    }

    func testParallelRunnerWithMaxConcurrencyOneNeverOverlapsNodes() async throws {
        let timeline = Timeline()
        let pipeline = Pipeline([timeline.sleepingNode("a", output: "x"), timeline.sleepingNode("b", output: "y")])
        let report = try await ParallelRunner(maxConcurrency: 1, log: RunLog.silent).run(pipeline, catalog: DataCatalog(registry: .standard))
        XCTAssertEqual(report.nodes.map(\.node), ["a", "b"])
        XCTAssertFalse(timeline.overlap("a", "b"))
    }

    func testParallelRunnerStartsConsumersAfterTheirProducersFinish() async throws {
        let timeline = Timeline()
        let pipeline = Pipeline([
            timeline.sleepingNode("join", inputs: ["left", "right"], output: "joined"),
            timeline.sleepingNode("left", output: "left", awaiting: "right"),
            timeline.sleepingNode("right", output: "right", awaiting: "left"),
        ])
        _ = try await ParallelRunner(maxConcurrency: 4, log: RunLog.silent).run(pipeline, catalog: DataCatalog(registry: .standard))
        XCTAssertTrue(timeline.overlap("left", "right"))
        XCTAssertGreaterThanOrEqual(timeline.span("join").start, timeline.span("left").end)
        XCTAssertGreaterThanOrEqual(timeline.span("join").start, timeline.span("right").end)
    }

    func testParallelRunnerComputesTheSameResultAsTheSequentialRunner() async throws {
        let directory = try TemporaryDirectory()
        let catalog = try await arithmeticCatalog(in: directory)
        _ = try await ParallelRunner(maxConcurrency: 3, log: RunLog.silent).run(arithmeticPipeline(), catalog: catalog)
        let total = try await catalog.load("total", as: Tensor<Double>.self)
        XCTAssertEqual(total.scalars, [120])
    }

    func testParallelRunnerWrapsANodeFailure() async throws {
        let hooks = RecordingHooks()
        let pipeline = Pipeline([Node(name: "explode", inputs: [], outputs: ["x"]) { _ in throw Boom() }])
        do {
            _ = try await ParallelRunner(log: RunLog.silent).run(pipeline, catalog: DataCatalog(registry: .standard), hooks: [hooks])
            XCTFail("expected an error")
        } catch let error as PipelineError {
            guard case .nodeFailed(node: "explode", _) = error else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(hooks.recorded, ["beforeNodeRun:explode", "onNodeError:explode"])
    }

    func testMemoryOnlyDatasetsAreReportedForPerProcessRuns() throws {
        let directory = try TemporaryDirectory()
        let catalog = DataCatalog(registry: .standard)
        catalog.add(try objectDataset("raw", in: directory), as: "raw")
        catalog.add(MemoryDataset(name: "kept"), as: "kept")
        let pipeline = Pipeline([
            Node.map("a", input: "raw", output: "kept") { (record: Record) in record },
            Node.map("b", input: "kept", output: "implicit") { (record: Record) in record },
        ])
        XCTAssertEqual(pipeline.memoryOnlyDatasets(in: catalog), ["implicit", "kept"])
        XCTAssertThrowsError(try pipeline.checkRunnableAcrossProcesses(catalog: catalog)) { error in
            guard case .memoryDatasetAcrossProcesses(datasets: ["implicit", "kept"])? = error as? PipelineError else { return XCTFail("\(error)") }
        }
    }

    func testSummaryTableHasARowPerNodeAndATotal() {
        let report = RunReport(nodes: [
            NodeReport(node: "clean", loadSeconds: 0.0124, computeSeconds: 0.3, saveSeconds: 0.02, bytesLoaded: 12_500_000, bytesSaved: 11_000_000),
            NodeReport(node: "report", loadSeconds: 0.001, computeSeconds: 0.004, bytesLoaded: 11_000_000),
        ])
        XCTAssertEqual(report.summaryTable(), """
            node       load s  compute s  save s  MB in  MB out
            clean       0.012      0.300   0.020  12.50   11.00
            report      0.001      0.004   0.000  11.00    0.00
            all nodes   0.013      0.304   0.020  23.50   11.00
            """)
        var perProcess = report
        perProcess.nodes[0].wallSeconds = 0.5
        perProcess.nodes[1].wallSeconds = 0.25
        XCTAssertTrue(perProcess.summaryTable().hasSuffix("11.00   0.750"), perProcess.summaryTable())
        XCTAssertEqual(report.nodes[0].logLine, "node clean: load 0.012 s, compute 0.300 s, save 0.020 s (12.50 MB in, 11.00 MB out)")
    }
}

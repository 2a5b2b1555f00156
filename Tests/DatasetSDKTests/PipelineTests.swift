import DatasetSDK
import XCTest

/// A node that passes nothing useful on: for tests of the graph, not of running.
private func stub(_ name: String, _ inputs: [String], _ outputs: [String], tags: Set<String> = []) -> Node {
    Node(name: name, inputs: inputs, outputs: outputs, tags: tags) { _ in NodeOutputs() }
}

/// raw -> load -> base -> {left (with params:k), right} -> join -> joined -> report -> report
private let diamond = Pipeline([
    stub("report", ["joined"], ["report"], tags: ["report"]),
    stub("join", ["left", "right"], ["joined"], tags: ["model"]),
    stub("left", ["base", "params:k"], ["left"], tags: ["features"]),
    stub("right", ["base"], ["right"], tags: ["features"]),
    stub("load", ["raw"], ["base"], tags: ["ingest"]),
])

private func names(_ pipeline: Pipeline) -> [String] { pipeline.nodes.map(\.name) }

final class PipelineTests: XCTestCase {
    func testSortedNodesRunProducersBeforeConsumersAndKeepGivenOrderAmongIndependentNodes() throws {
        XCTAssertEqual(try diamond.sortedNodes().map(\.name), ["load", "left", "right", "join", "report"])
        let reversedSiblings = Pipeline([stub("b", ["x"], ["b"]), stub("a", ["x"], ["a"]), stub("x", [], ["x"])])
        XCTAssertEqual(try reversedSiblings.sortedNodes().map(\.name), ["x", "b", "a"])
    }

    func testNodesKeepTheGivenOrder() {
        XCTAssertEqual(names(diamond), ["report", "join", "left", "right", "load"])
    }

    func testCycleErrorNamesTheNodesAndDatasetsOfTheCycle() {
        let pipeline = Pipeline([
            stub("start", ["raw"], ["a"]),
            stub("train", ["a", "metrics"], ["model"]),
            stub("score", ["model"], ["metrics"]),
        ])
        XCTAssertThrowsError(try pipeline.sortedNodes()) { error in
            guard case let .cycle(nodes, datasets)? = error as? PipelineError else { return XCTFail("\(error)") }
            XCTAssertEqual(nodes, ["train", "score"])
            XCTAssertEqual(datasets, ["model", "metrics"])
            XCTAssertEqual("\(error)", "pipeline has a cycle: train -(model)-> score -(metrics)-> train")
        }
    }

    func testNodeConsumingItsOwnOutputIsACycle() {
        XCTAssertThrowsError(try Pipeline([stub("loop", ["x"], ["x"])]).sortedNodes()) { error in
            guard case let .cycle(nodes, datasets)? = error as? PipelineError else { return XCTFail("\(error)") }
            XCTAssertEqual(nodes, ["loop"])
            XCTAssertEqual(datasets, ["x"])
        }
    }

    func testTwoNodesProducingOneDatasetIsAnErrorNamingBoth() {
        let pipeline = Pipeline([stub("a", [], ["shared"]), stub("b", ["x"], ["shared"])])
        XCTAssertThrowsError(try pipeline.sortedNodes()) { error in
            guard case let .duplicateOutput(dataset, nodes)? = error as? PipelineError else { return XCTFail("\(error)") }
            XCTAssertEqual(dataset, "shared")
            XCTAssertEqual(nodes, ["a", "b"])
            XCTAssertTrue("\(error)".contains("'shared'"))
        }
    }

    func testDuplicateNodeNamesAreAnError() {
        XCTAssertThrowsError(try Pipeline([stub("a", [], ["x"]), stub("a", [], ["y"])]).sortedNodes()) { error in
            guard case .duplicateNodeName("a")? = error as? PipelineError else { return XCTFail("\(error)") }
        }
    }

    func testParameterNamesCannotBeOutputs() {
        XCTAssertThrowsError(try Pipeline([stub("a", [], ["params:k"])]).sortedNodes()) { error in
            guard case .invalidOutput(node: "a", dataset: "params:k")? = error as? PipelineError else { return XCTFail("\(error)") }
        }
    }

    func testFreeInputsAreConsumedDatasetsNoNodeProducesWithoutParameters() {
        XCTAssertEqual(diamond.freeInputs, ["raw"])
        XCTAssertEqual(diamond.allOutputs, ["base", "joined", "left", "report", "right"])
        XCTAssertEqual(diamond.terminalOutputs, ["report"])
        XCTAssertEqual(diamond.parameterInputs, ["params:k"])
        XCTAssertEqual(Pipeline([stub("a", ["parameters", "z", "y"], ["o"])]).freeInputs, ["y", "z"])
    }

    func testFromNodesSelectsThoseNodesAndEverythingDownstream() throws {
        XCTAssertEqual(names(try diamond.fromNodes(["left"])), ["report", "join", "left"])
        XCTAssertEqual(names(try diamond.fromNodes(["load"])), ["report", "join", "left", "right", "load"])
    }

    func testToNodesSelectsThoseNodesAndEverythingUpstream() throws {
        XCTAssertEqual(names(try diamond.toNodes(["left"])), ["left", "load"])
        XCTAssertEqual(names(try diamond.toNodes(["join"])), ["join", "left", "right", "load"])
        XCTAssertEqual(names(try diamond.toNodes(["left", "right"])), ["left", "right", "load"])
    }

    func testOnlyNodesTaggedWithSelectsNodesHavingAnyOfTheTags() {
        XCTAssertEqual(names(diamond.onlyNodes(taggedWith: ["features"])), ["left", "right"])
        XCTAssertEqual(names(diamond.onlyNodes(taggedWith: ["features", "report"])), ["report", "left", "right"])
        XCTAssertEqual(names(diamond.onlyNodes(taggedWith: [])), [])
        XCTAssertEqual(diamond.tags, ["features", "ingest", "model", "report"])
    }

    func testFromInputsSelectsNodesDependingOnTheDatasets() {
        XCTAssertEqual(names(diamond.fromInputs(["right"])), ["report", "join"])
        XCTAssertEqual(names(diamond.fromInputs(["base"])), ["report", "join", "left", "right"])
        XCTAssertEqual(names(diamond.fromInputs(["params:k"])), ["report", "join", "left"])
        XCTAssertEqual(names(diamond.fromInputs(["nothing"])), [])
    }

    func testToOutputsSelectsProducersAndEverythingTheyNeed() {
        XCTAssertEqual(names(diamond.toOutputs(["right"])), ["right", "load"])
        XCTAssertEqual(names(diamond.toOutputs(["joined"])), ["join", "left", "right", "load"])
        XCTAssertEqual(names(diamond.toOutputs(["raw"])), [])
    }

    func testOnlyNodesKeepsPipelineOrder() throws {
        XCTAssertEqual(names(try diamond.onlyNodes(["load", "report"])), ["report", "load"])
    }

    func testUnknownNodeErrorListsKnownNodesAndSuggestsTheNearest() {
        XCTAssertThrowsError(try diamond.onlyNodes(["load", "jion"])) { error in
            guard case let .unknownNode(name, known, suggestion)? = error as? PipelineError else { return XCTFail("\(error)") }
            XCTAssertEqual(name, "jion")
            XCTAssertEqual(known, ["report", "join", "left", "right", "load"])
            XCTAssertEqual(suggestion, "join")
            XCTAssertTrue("\(error)".contains("did you mean 'join'?"), "\(error)")
        }
        for filter in [{ try diamond.fromNodes(["lefft"]) }, { try diamond.toNodes(["lefft"]) }] {
            XCTAssertThrowsError(try filter()) { error in
                guard case .unknownNode("lefft", _, "left")? = error as? PipelineError else { return XCTFail("\(error)") }
            }
        }
        XCTAssertThrowsError(try diamond.node(named: "zzzzzzzz")) { error in
            guard case .unknownNode(_, _, nil)? = error as? PipelineError else { return XCTFail("\(error)") }
        }
    }

    func testNodeNamedReturnsTheNode() throws {
        let node = try diamond.node(named: "left")
        XCTAssertEqual(node.inputs, ["base", "params:k"])
        XCTAssertEqual(node.datasetInputs, ["base"])
        XCTAssertEqual(node.parameterInputs, ["params:k"])
    }

    func testAddingPipelinesKeepsOneCopyOfTheSameNode() throws {
        let first = try diamond.toNodes(["join"])
        let combined = first + diamond
        XCTAssertEqual(names(combined), ["join", "left", "right", "load", "report"])
        XCTAssertEqual(try combined.sortedNodes().count, 5)
        let clash = diamond + Pipeline([stub("join", ["other"], ["elsewhere"])])
        XCTAssertThrowsError(try clash.sortedNodes()) { error in
            guard case .duplicateNodeName("join")? = error as? PipelineError else { return XCTFail("\(error)") }
        }
    }

    func testRenderListsNodesInRunOrderWithInputsOutputsAndTags() {
        let text = diamond.render()
        XCTAssertEqual(text, """
            5 nodes
            free inputs: raw
            parameters: params:k
            outputs: report

            1. load: raw -> base  [tags: ingest]
            2. left: base, params:k -> left  [tags: features]
            3. right: base -> right  [tags: features]
            4. join: left, right -> joined  [tags: model]
            5. report: joined -> report  [tags: report]
            """)
    }

    func testRenderOfAPipelineWithACycleSaysWhy() {
        let text = Pipeline([stub("loop", ["x"], ["x"])]).render()
        XCTAssertTrue(text.contains("cannot run: pipeline has a cycle: loop -(x)-> loop"), text)
        XCTAssertTrue(text.contains("1. loop: x -> x"), text)
    }

    func testNodeRunsDirectlyWithHandMadeInputs() async throws {
        let node = Node.map("double", input: "prices", output: "doubled") { (prices: Tensor<Double>) in
            Tensor(prices.scalars.map { $0 * 2 })
        }
        let outputs = try await node.run(NodeInputs(objects: ["prices": Tensor<Double>([1, 2]).encoded()], parameters: [:]))
        XCTAssertEqual(try Tensor<Double>(decoding: outputs.objects["doubled"]!).scalars, [2, 4])
    }

    func testNodeInputsErrorsNameTheInputAndBothTypes() throws {
        let inputs = NodeInputs(node: "train", objects: ["prices": Tensor<Double>([1]).encoded()], parameters: ["params:k": 3, "parameters": ["k": 3]])
        XCTAssertThrowsError(try inputs.value("prices", as: Record.self)) { error in
            XCTAssertEqual("\(error)", "node 'train': input 'prices' is a datasetsdk.Tensor, not a datasetsdk.Record")
        }
        XCTAssertThrowsError(try inputs.object("price")) { error in
            XCTAssertEqual("\(error)", "node 'train': 'price' is not an input of the node; inputs: parameters, params:k, prices")
        }
        XCTAssertEqual(try inputs.parameter("params:k"), 3)
        XCTAssertEqual(try inputs.parameter("k"), 3)
        XCTAssertEqual(try inputs.value("parameters", as: Record.self), ["k": 3])
        XCTAssertThrowsError(try inputs.parameter("params:missing"))
    }

    func testNodeOutputsEncodeTypedValues() throws {
        var outputs = try NodeOutputs(["a": Record(["x": 1]), "b": Tensor<Double>([1])])
        try outputs.set(Record(["y": 2]), for: "c")
        XCTAssertEqual(outputs.objects.keys.sorted(), ["a", "b", "c"])
        XCTAssertEqual(outputs.objects["b"]?.typeName, "datasetsdk.Tensor")
    }
}

/// A set of ``Node``s wired together by dataset names, as in Kedro: a node that consumes
/// `"clean"` runs after the node that produces `"clean"`.
///
/// ```swift
/// let pipeline = Pipeline([
///     Node.map("clean", input: "raw", output: "clean") { (raw: DataFrame) in raw },
///     Node.map("summarise", input: "clean", output: "summary") { (clean: DataFrame) in Record(["rows": .int(Int64(clean.rowCount))]) },
/// ])
/// print(pipeline.freeInputs)                 // ["raw"]
/// let report = try await SequentialRunner().run(pipeline, catalog: catalog, hooks: [])
/// ```
///
/// Building a pipeline never fails; ``sortedNodes()`` (which every runner calls first) reports
/// duplicate node names, datasets with two producers and cycles.
public struct Pipeline: Sendable {
    /// The nodes, in the order given.
    public let nodes: [Node]

    /// A pipeline of `nodes`, kept in the order given.
    public init(_ nodes: [Node]) { self.nodes = nodes }

    /// Both pipelines' nodes: `lhs`'s, then those of `rhs` that `lhs` does not already have.
    /// Nodes with the same name, inputs and outputs count as the same node (Kedro's rule), so
    /// `a + a` is `a`; two different nodes sharing a name make ``sortedNodes()`` fail.
    ///
    /// ```swift
    /// let all = dataEngineering + dataScience
    /// ```
    public static func + (lhs: Pipeline, rhs: Pipeline) -> Pipeline {
        var nodes = lhs.nodes
        for node in rhs.nodes where !nodes.contains(where: { $0.hasSameDeclaration(as: node) }) { nodes.append(node) }
        return Pipeline(nodes)
    }

    /// The node named `name`.
    ///
    /// - Throws: ``PipelineError/unknownNode(_:known:suggestion:)`` listing the node names and
    ///   the nearest one.
    public func node(named name: String) throws(PipelineError) -> Node {
        guard let node = nodes.first(where: { $0.name == name }) else { throw unknownNode(name) }
        return node
    }

    /// The node names, in the order given.
    public var nodeNames: [String] { nodes.map(\.name) }

    /// Datasets that nodes consume but no node produces, without `params:` and `parameters`:
    /// what the catalog must provide before a run. Sorted.
    public var freeInputs: [String] {
        let produced = Set(nodes.flatMap(\.outputs))
        return Set(nodes.flatMap(\.datasetInputs)).subtracting(produced).sorted()
    }

    /// Every dataset some node produces. Sorted.
    public var allOutputs: [String] { Set(nodes.flatMap(\.outputs)).sorted() }

    /// Every dataset some node consumes (parameters excluded). Sorted.
    public var allInputs: [String] { Set(nodes.flatMap(\.datasetInputs)).sorted() }

    /// Datasets some node produces and no node consumes: the pipeline's results (Kedro's
    /// `Pipeline.outputs()`), which a run keeps. Sorted.
    public var terminalOutputs: [String] {
        let consumed = Set(nodes.flatMap(\.inputs))
        return Set(nodes.flatMap(\.outputs)).subtracting(consumed).sorted()
    }

    /// The `params:...` and `parameters` inputs of all nodes. Sorted.
    public var parameterInputs: [String] { Set(nodes.flatMap(\.parameterInputs)).sorted() }

    /// Every tag of every node. Sorted.
    public var tags: [String] { Set(nodes.flatMap(\.tags)).sorted() }

    /// The nodes in an order where each runs after the producers of its inputs; among nodes
    /// that could run next, the earliest given comes first.
    ///
    /// - Throws: ``PipelineError/duplicateNodeName(_:)``, ``PipelineError/invalidOutput(node:dataset:)``,
    ///   ``PipelineError/duplicateOutput(dataset:nodes:)``, or ``PipelineError/cycle(nodes:datasets:)``
    ///   naming the nodes and datasets of one cycle.
    public func sortedNodes() throws(PipelineError) -> [Node] {
        var names = Set<String>()
        for node in nodes where !names.insert(node.name).inserted { throw .duplicateNodeName(node.name) }
        var producer: [String: Int] = [:]
        for (index, node) in nodes.enumerated() {
            for output in node.outputs {
                if Node.isParameter(output) { throw .invalidOutput(node: node.name, dataset: output) }
                if producer[output] != nil {
                    let producers = nodes.filter { $0.outputs.contains(output) }.map(\.name)
                    throw .duplicateOutput(dataset: output, nodes: producers.count > 1 ? producers : [node.name, node.name])
                }
                producer[output] = index
            }
        }
        let dependencies = nodes.map { node in Set(node.datasetInputs.compactMap { producer[$0] }) }
        var done = Array(repeating: false, count: nodes.count)
        var order: [Node] = []
        order.reserveCapacity(nodes.count)
        while order.count < nodes.count {
            guard let next = nodes.indices.first(where: { !done[$0] && dependencies[$0].allSatisfy { done[$0] } }) else {
                throw findCycle(dependencies: dependencies, done: done)
            }
            done[next] = true
            order.append(nodes[next])
        }
        return order
    }

    /// A cycle among the nodes not yet `done`, each of which waits for another such node.
    private func findCycle(dependencies: [Set<Int>], done: [Bool]) -> PipelineError {
        var walk: [Int] = []
        var current = nodes.indices.first { !done[$0] }!
        while !walk.contains(current) {
            walk.append(current)
            current = dependencies[current].filter { !done[$0] }.min()!
        }
        // `walk` follows "depends on" edges; data flows the other way.
        var loop = Array(walk[walk.firstIndex(of: current)!...].reversed())
        let start = loop.firstIndex(of: loop.min()!)!
        loop = Array(loop[start...] + loop[..<start])
        var datasets: [String] = []
        for (position, index) in loop.enumerated() {
            let consumer = nodes[loop[(position + 1) % loop.count]]
            datasets.append(nodes[index].outputs.first { consumer.inputs.contains($0) } ?? "?")
        }
        return .cycle(nodes: loop.map { nodes[$0].name }, datasets: datasets)
    }

    func unknownNode(_ name: String) -> PipelineError {
        let known = nodeNames
        return .unknownNode(name, known: known, suggestion: Suggestion.nearest(to: name, in: known))
    }
}

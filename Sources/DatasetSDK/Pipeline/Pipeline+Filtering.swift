/// Kedro's pipeline filters (`kedro run --nodes/--tags/--from-nodes/--to-nodes/--from-inputs/
/// --to-outputs`). Every result keeps the nodes in this pipeline's order.
extension Pipeline {
    /// The nodes named `names`.
    ///
    /// ```swift
    /// let retrain = try pipeline.onlyNodes(["split", "train"])
    /// ```
    ///
    /// - Throws: ``PipelineError/unknownNode(_:known:suggestion:)`` for the first unknown name,
    ///   listing the node names and the nearest one.
    public func onlyNodes(_ names: [String]) throws(PipelineError) -> Pipeline {
        try selecting(indices(of: names))
    }

    /// The nodes carrying at least one of `tags` (none when `tags` is empty, as in Kedro).
    ///
    /// ```swift
    /// let training = pipeline.onlyNodes(taggedWith: ["training"])
    /// ```
    public func onlyNodes(taggedWith tags: Set<String>) -> Pipeline {
        Pipeline(nodes.filter { !$0.tags.isDisjoint(with: tags) })
    }

    /// The nodes named `names` and every node downstream of them.
    ///
    /// - Throws: ``PipelineError/unknownNode(_:known:suggestion:)``.
    public func fromNodes(_ names: [String]) throws(PipelineError) -> Pipeline {
        let start = try indices(of: names)
        let produced = Set(start.flatMap { nodes[$0].outputs })
        return selecting(start.union(downstream(of: produced)))
    }

    /// The nodes named `names` and every node upstream of them.
    ///
    /// - Throws: ``PipelineError/unknownNode(_:known:suggestion:)``.
    public func toNodes(_ names: [String]) throws(PipelineError) -> Pipeline {
        let end = try indices(of: names)
        let needed = Set(end.flatMap { nodes[$0].inputs })
        return selecting(end.union(upstream(of: needed)))
    }

    /// The nodes that consume any of `datasets`, directly or through other nodes' outputs.
    /// Names no node consumes select nothing.
    ///
    /// ```swift
    /// let rerun = pipeline.fromInputs(["clean"])   // everything that depends on "clean"
    /// ```
    public func fromInputs(_ datasets: [String]) -> Pipeline {
        selecting(downstream(of: Set(datasets)))
    }

    /// The nodes that produce any of `datasets`, and every node they need.
    /// Names no node produces select nothing.
    ///
    /// ```swift
    /// let training = pipeline.toOutputs(["model"])   // "model" and everything it is made from
    /// ```
    public func toOutputs(_ datasets: [String]) -> Pipeline {
        selecting(upstream(of: Set(datasets)))
    }

    private func indices(of names: [String]) throws(PipelineError) -> Set<Int> {
        var result = Set<Int>()
        for name in names {
            guard let index = nodes.firstIndex(where: { $0.name == name }) else { throw unknownNode(name) }
            result.insert(index)
        }
        return result
    }

    private func selecting(_ indices: Set<Int>) -> Pipeline {
        Pipeline(nodes.indices.filter(indices.contains).map { nodes[$0] })
    }

    /// Indices of nodes that consume `datasets` or what such nodes produce, transitively.
    private func downstream(of datasets: Set<String>) -> Set<Int> {
        closure(from: datasets, linkedBy: \.inputs, spreadingThrough: \.outputs)
    }

    /// Indices of nodes that produce `datasets` or what such nodes consume, transitively.
    private func upstream(of datasets: Set<String>) -> Set<Int> {
        closure(from: datasets, linkedBy: \.outputs, spreadingThrough: \.inputs)
    }

    /// Nodes reached from `datasets`: a node joins when one of its `link` datasets is reached,
    /// and then its `spread` datasets are reached too, until nothing changes.
    private func closure(from datasets: Set<String>, linkedBy link: KeyPath<Node, [String]>, spreadingThrough spread: KeyPath<Node, [String]>) -> Set<Int> {
        var reached = datasets
        var selected = Set<Int>()
        var changed = true
        while changed {
            changed = false
            for (index, node) in nodes.enumerated() where !selected.contains(index) && node[keyPath: link].contains(where: reached.contains) {
                selected.insert(index)
                reached.formUnion(node[keyPath: spread])
                changed = true
            }
        }
        return selected
    }
}

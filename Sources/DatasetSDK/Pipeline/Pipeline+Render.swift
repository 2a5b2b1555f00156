extension Pipeline {
    /// The DAG as readable text, for `pipeline show`: a summary, then one line per node in run
    /// order (the given order when the pipeline cannot be sorted, after a line saying why).
    ///
    /// ```text
    /// 3 nodes
    /// free inputs: raw
    /// parameters: params:ratio
    /// outputs: report
    ///
    /// 1. clean: raw -> clean  [tags: prep]
    /// 2. split: clean, params:ratio -> test, train  [tags: prep]
    /// 3. report: test, train -> report
    /// ```
    public func render() -> String {
        var lines = ["\(nodes.count) node\(nodes.count == 1 ? "" : "s")"]
        let ordered: [Node]
        do { ordered = try sortedNodes() } catch {
            lines.append("cannot run: \(error)")
            ordered = nodes
        }
        lines.append("free inputs: \(Self.names(freeInputs))")
        if !parameterInputs.isEmpty { lines.append("parameters: \(Self.names(parameterInputs))") }
        lines.append("outputs: \(Self.names(terminalOutputs))")
        lines.append("")
        let width = String(ordered.count).count
        for (position, node) in ordered.enumerated() {
            let number = String(position + 1)
            let padding = String(repeating: " ", count: width - number.count)
            var line = "\(padding)\(number). \(node.name): \(Self.names(node.inputs)) -> \(Self.names(node.outputs))"
            if !node.tags.isEmpty { line += "  [tags: \(node.tags.sorted().joined(separator: ", "))]" }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    private static func names(_ names: [String]) -> String { names.isEmpty ? "(none)" : names.joined(separator: ", ") }
}

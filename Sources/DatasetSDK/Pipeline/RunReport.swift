/// What a run did: one ``NodeReport`` per node, in the order the nodes finished.
///
/// ```swift
/// let report = try await ParallelRunner(maxConcurrency: 4).run(pipeline, catalog: catalog, hooks: [])
/// print(report.summaryTable())
/// ```
public struct RunReport: Sendable {
    /// The nodes' reports, in the order the nodes finished.
    public var nodes: [NodeReport]

    /// A report of `nodes`.
    public init(nodes: [NodeReport] = []) { self.nodes = nodes }

    /// The sums over all nodes, named `all nodes`.
    public var total: NodeReport {
        nodes.reduce(into: NodeReport(node: "all nodes")) { total, node in
            total.loadSeconds += node.loadSeconds
            total.computeSeconds += node.computeSeconds
            total.saveSeconds += node.saveSeconds
            total.bytesLoaded += node.bytesLoaded
            total.bytesSaved += node.bytesSaved
            if let wall = node.wallSeconds { total.wallSeconds = (total.wallSeconds ?? 0) + wall }
        }
    }

    /// A fixed-width table: one row per node, then an `all nodes` row (MB = 10^6 bytes); a
    /// `wall s` column when nodes ran in processes of their own.
    ///
    /// ```text
    /// node       load s  compute s  save s  MB in  MB out
    /// clean       0.012      0.300   0.020  12.50   11.00
    /// report      0.001      0.004   0.000  11.00    0.00
    /// all nodes   0.013      0.304   0.020  23.50   11.00
    /// ```
    public func summaryTable() -> String {
        let showWall = nodes.contains { $0.wallSeconds != nil }
        let header = ["node", "load s", "compute s", "save s", "MB in", "MB out"] + (showWall ? ["wall s"] : [])
        let rows = (nodes + [total]).map { report in
            [report.node, NodeReport.seconds(report.loadSeconds), NodeReport.seconds(report.computeSeconds),
             NodeReport.seconds(report.saveSeconds), NodeReport.megabytes(report.bytesLoaded), NodeReport.megabytes(report.bytesSaved)]
                + (showWall ? [report.wallSeconds.map(NodeReport.seconds) ?? ""] : [])
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max()! }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }
}

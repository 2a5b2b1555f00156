/// The one-line-per-node timing file a child process of ``ProcessRunner`` writes for its parent:
/// `node=NAME load=S compute=S save=S in=BYTES out=BYTES`.
package enum NodeReportFile {
    package static func write(_ reports: [NodeReport], to path: String) throws {
        let text = reports.map { report in
            "node=\(report.node) load=\(report.loadSeconds) compute=\(report.computeSeconds) save=\(report.saveSeconds) in=\(report.bytesLoaded) out=\(report.bytesSaved)\n"
        }.joined()
        let writer = try FileWriter(path: path, durable: false)
        try writer.writeSynchronously(Array(text.utf8))
        try writer.commitSynchronously()
    }

    package static func read(_ path: String) -> [NodeReport] {
        guard let text = FileSystem.readText(path) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            var fields: [String: String] = [:]
            for pair in line.split(separator: " ") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
            }
            guard let node = fields["node"] else { return nil }
            return NodeReport(
                node: node,
                loadSeconds: Double(fields["load"] ?? "") ?? 0, computeSeconds: Double(fields["compute"] ?? "") ?? 0,
                saveSeconds: Double(fields["save"] ?? "") ?? 0,
                bytesLoaded: Int(fields["in"] ?? "") ?? 0, bytesSaved: Int(fields["out"] ?? "") ?? 0)
        }
    }
}

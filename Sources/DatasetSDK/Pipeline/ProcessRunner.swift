import Foundation

/// Runs every node in its own process, as Argo runs a Kedro pipeline on Kubernetes: the
/// executable is started once per node with `run -n NODE` and the same configuration, so nodes
/// can only exchange data through persistent datasets.
///
/// Before starting, it refuses pipelines in which a dataset produced by one node and consumed by
/// another has no catalog entry (it would be a `MemoryDataset`, lost when its process exits),
/// and inputs that nothing provides. Nodes start in dependency order; with `maxConcurrency`
/// above 1, independent nodes run at once.
public struct ProcessRunner: Runner {
    /// The executable to start (default: this process's own).
    public var executable: String
    /// Arguments before `-n NODE`: the `run` subcommand and the configuration options.
    public var arguments: [String]
    /// Processes at once.
    public var maxConcurrency: Int
    /// Extra environment variables for the process of each node (its index in run order and its
    /// name), on top of this process's: how a benchmark places nodes on different machines'
    /// stores (`DATASETS_SHM_STORE`).
    public var nodeEnvironment: @Sendable (_ index: Int, _ node: String) -> [String: String] = { _, _ in [:] }
    private let log: @Sendable (String) -> Void

    /// A runner that starts `executable` (this one by default) with `arguments` plus `-n NODE`.
    public init(executable: String? = nil, arguments: [String], maxConcurrency: Int = 1, log: @escaping @Sendable (String) -> Void = RunLog.standardError) {
        self.executable = executable ?? ProcessRunner.currentExecutable
        self.arguments = arguments
        self.maxConcurrency = max(1, maxConcurrency)
        self.log = log
    }

    public func run(_ pipeline: Pipeline, catalog: DataCatalog, hooks: [any PipelineHooks]) async throws -> RunReport {
        let nodes = try pipeline.sortedNodes()
        let produced = Set(nodes.flatMap(\.outputs))
        try pipeline.checkRunnableAcrossProcesses(catalog: catalog)
        try await pipeline.checkInputs(in: catalog)

        var reports: [String: NodeReport] = [:]
        var walls: [String: Double] = [:]
        var done = Set<String>()
        var pending = nodes
        try await withThrowingTaskGroup(of: (String, NodeReport?, Double).self) { group in
            var running = 0
            while !pending.isEmpty || running > 0 {
                while running < maxConcurrency, let index = pending.firstIndex(where: { node in
                    node.inputs.allSatisfy { !produced.contains($0) || done.contains($0) }
                }) {
                    let node = pending.remove(at: index)
                    let order = nodes.count - pending.count - 1
                    running += 1
                    group.addTask { try await runProcess(for: node, index: order) }
                }
                guard let (name, report, wall) = try await group.next() else { break }
                running -= 1
                walls[name] = wall
                if let report { reports[name] = report }
                done.formUnion(nodes.first { $0.name == name }!.outputs)
            }
        }
        let ordered = nodes.map { node in
            var report = reports[node.name] ?? NodeReport(node: node.name)
            report.wallSeconds = walls[node.name]
            return report
        }
        let wall = FixedDecimals.format(walls.values.reduce(0, +), digits: 2)
        log("process runner: \(nodes.count) processes, \(wall) s of process wall time in all")
        return RunReport(nodes: ordered)
    }

    /// Starts the executable for `node`, waits, and reads the node's timings back.
    private func runProcess(for node: Node, index: Int) async throws -> (String, NodeReport?, Double) {
        let reportPath = FileManager.default.temporaryDirectory.appendingPathComponent("datasets-node-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: reportPath) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments + ["--nodes", node.name, "--report-file", reportPath]
        let extra = nodeEnvironment(index, node.name)
        if !extra.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(extra) { _, new in new } }
        let start = ContinuousClock.now
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        let elapsed = ContinuousClock.now - start
        let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        guard status == 0 else {
            throw PipelineError.nodeFailed(node: node.name, underlying: ChildProcessError(executable: executable, status: status))
        }
        return (node.name, NodeReportFile.read(reportPath).first, wall)
    }

    /// This process's executable (`/proc/self/exe` on Linux).
    static var currentExecutable: String {
        #if os(Linux)
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return resolved }
        #endif
        return CommandLine.arguments[0]
    }

}

/// A node's process exited with an error.
public struct ChildProcessError: Error, CustomStringConvertible {
    /// The executable that was started.
    public let executable: String
    /// Its exit status.
    public let status: Int32

    public var description: String { "its process (\(executable)) exited with status \(status); its own output above says why" }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The repository's root folder (for `scripts/`).
public let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// A SeaweedFS server of the test's own (started with `scripts/s3-server` in a fresh state
/// folder), which the test may kill and restart on the same ports and data. Tests that stop
/// the S3 server use one of these, never the server `scripts/test` shares among all tests.
public final class SeaweedServer {
    /// The server's state folder (`scripts/s3-server`'s STATE_DIR).
    public let stateDirectory: String
    /// The `DATASETS_S3_*` variables of the running server (`scripts/s3-server env`).
    public private(set) var variables: [String: String] = [:]

    /// Starts a server in a new state folder; throws with the script's output when it cannot.
    public init() throws {
        stateDirectory = NSTemporaryDirectory() + "datasetsdk-s3-server-\(UUID().uuidString.prefix(8))"
        try start()
    }

    /// Starts the server, or restarts it on its earlier ports and data after ``kill()``.
    public func start() throws {
        let script = repositoryRoot + "/scripts/s3-server"
        let result = try runProcess(atPath: script, ["start", stateDirectory])
        guard result.status == 0 else { throw SeaweedServerError(description: "scripts/s3-server start failed (\(result.status)): \(result.errorOutput)") }
        let env = try runProcess(atPath: script, ["env", stateDirectory])
        var variables: [String: String] = [:]
        for line in env.output.split(separator: "\n") where line.hasPrefix("export ") {
            let assignment = line.dropFirst("export ".count)
            if let equals = assignment.firstIndex(of: "=") { variables[String(assignment[..<equals])] = String(assignment[assignment.index(after: equals)...]) }
        }
        self.variables = variables
    }

    /// The server's process id.
    public var pid: Int32? {
        (try? String(contentsOfFile: stateDirectory + "/pid", encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// SIGKILL, as a crash would; waits until the process is gone.
    public func kill() {
        guard let pid else { return }
        Glibc.kill(pid, SIGKILL)
        for _ in 0..<100 where Glibc.kill(pid, 0) == 0 { usleep(50_000) }
    }

    /// Stops the server (a short bounded wait, then SIGKILL) and removes its state folder.
    public func stop() {
        _ = try? runProcess(atPath: repositoryRoot + "/scripts/s3-server", ["stop", stateDirectory],
                            environment: ProcessInfo.processInfo.environment.merging(["DATASETS_S3_STOP_TIMEOUT": "3"]) { $1 })
        try? FileManager.default.removeItem(atPath: stateDirectory)
    }
}

/// `scripts/s3-server` could not start a server.
public struct SeaweedServerError: Error, CustomStringConvertible {
    public let description: String
}

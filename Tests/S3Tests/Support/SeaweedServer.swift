import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// A SeaweedFS server of the test's own (started with `scripts/s3-server` in a fresh state
/// folder), which the test may kill and restart on the same ports and data.
final class SeaweedServer {
    let stateDirectory: String
    private(set) var server: S3TestServer

    /// Starts a server in a new state folder; throws with the script's output when it cannot.
    init() throws {
        stateDirectory = NSTemporaryDirectory() + "datasetsdk-s3-server-\(UUID().uuidString.prefix(8))"
        server = S3TestServer(endpoint: "", accessKey: "", secretKey: "", otherAccessKey: "", otherSecretKey: "", region: "")
        server = try start()
    }

    @discardableResult
    func start() throws -> S3TestServer {
        let result = try runProcess(repositoryRoot + "/scripts/s3-server", ["start", stateDirectory])
        guard result.status == 0 else { throw S3TestSetupError("scripts/s3-server start failed (\(result.status)): \(result.errorOutput)") }
        let env = try runProcess(repositoryRoot + "/scripts/s3-server", ["env", stateDirectory])
        var variables: [String: String] = [:]
        for line in env.output.split(separator: "\n") where line.hasPrefix("export ") {
            let assignment = line.dropFirst("export ".count)
            if let equals = assignment.firstIndex(of: "=") { variables[String(assignment[..<equals])] = String(assignment[assignment.index(after: equals)...]) }
        }
        server = try S3TestServer.fromVariables(variables, origin: "\(stateDirectory)/env")
        return server
    }

    /// The server's process id.
    var pid: Int32? {
        (try? String(contentsOfFile: stateDirectory + "/pid", encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// SIGKILL, as a crash would; waits until the process is gone.
    func kill() {
        guard let pid else { return }
        Glibc.kill(pid, SIGKILL)
        for _ in 0..<100 where Glibc.kill(pid, 0) == 0 { usleep(50_000) }
    }

    /// Stops the server (a short bounded wait, then SIGKILL) and removes its state folder.
    func stop() {
        _ = try? runProcess(repositoryRoot + "/scripts/s3-server", ["stop", stateDirectory],
                            environment: ProcessInfo.processInfo.environment.merging(["DATASETS_S3_STOP_TIMEOUT": "3"]) { $1 })
        try? FileManager.default.removeItem(atPath: stateDirectory)
    }
}

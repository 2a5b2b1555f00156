import DatasetSDK
import DatasetSDKS3

#if canImport(Glibc)
import Glibc
#endif

/// The S3 server the benchmark measures against: the one named by `DATASETS_S3_*`, or a
/// SeaweedFS the benchmark starts with `scripts/s3-server` and stops at the end.
struct S3BenchmarkServer {
    let endpoint: String
    let accessKey: String
    let secretKey: String
    private let ownState: String?

    static func startOrReuse() throws -> S3BenchmarkServer {
        if let endpoint = variable("DATASETS_S3_ENDPOINT"), let access = variable("DATASETS_S3_ACCESS_KEY"), let secret = variable("DATASETS_S3_SECRET_KEY") {
            return S3BenchmarkServer(endpoint: endpoint, accessKey: access, secretKey: secret, ownState: nil)
        }
        let state = "/tmp/datasets-bench-s3-\(getpid())"
        guard runShell("scripts/s3-server start \(state)") == 0 else {
            throw S3BenchmarkFailure(message: "scripts/s3-server start failed (run from the package folder, or export DATASETS_S3_* for a running server)")
        }
        var values: [String: String] = [:]
        for line in (try? readText("\(state)/env"))?.split(separator: "\n") ?? [] where line.hasPrefix("export ") {
            let assignment = line.dropFirst(7)
            if let equals = assignment.firstIndex(of: "=") { values[String(assignment[..<equals])] = String(assignment[assignment.index(after: equals)...]) }
        }
        guard let endpoint = values["DATASETS_S3_ENDPOINT"], let access = values["DATASETS_S3_ACCESS_KEY"], let secret = values["DATASETS_S3_SECRET_KEY"] else {
            throw S3BenchmarkFailure(message: "\(state)/env lacks the DATASETS_S3_* variables")
        }
        for (name, value) in values { setenv(name, value, 1) }
        return S3BenchmarkServer(endpoint: endpoint, accessKey: access, secretKey: secret, ownState: state)
    }

    /// Stops the server when the benchmark started it.
    func stop() {
        guard let ownState else { return }
        _ = runShell("scripts/s3-server stop \(ownState) && rm -rf \(ownState)")
    }

    private static func variable(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }

    private static func readText(_ path: String) throws -> String {
        guard let file = fopen(path, "r") else { throw S3BenchmarkFailure(message: "cannot read \(path)") }
        defer { fclose(file) }
        return readAll(file)
    }
}

struct S3BenchmarkFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Runs `command` through the shell and returns its standard output lines.
func shellLines(_ command: String) -> [String] {
    guard let pipe = popen(command, "r") else { return [] }
    defer { pclose(pipe) }
    return readAll(pipe).split(separator: "\n").map(String.init)
}

/// Runs `command` through the shell (its output goes to standard error); returns its exit status.
func runShell(_ command: String) -> Int32 {
    guard let pipe = popen("\(command) 1>&2", "r") else { return -1 }
    _ = readAll(pipe)
    let status = pclose(pipe)
    return status == -1 ? -1 : (status >> 8) & 0xff
}

/// Everything left in `file`, as text.
private func readAll(_ file: UnsafeMutablePointer<FILE>) -> String {
    var output = [UInt8]()
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = fread(&buffer, 1, buffer.count, file)
        if count == 0 { break }
        output += buffer[0..<count]
    }
    return String(decoding: output, as: UTF8.self)
}

import DatasetSDK
import DatasetSDKSharedMemory
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs the pipeline for each multiplier and environment with every node in its own process
/// (``ProcessRunner`` starting this executable), each run in a fresh working folder and, for
/// `shm`, a fresh store, which are removed afterwards.
struct BenchmarkRunner {
    /// The conf folder (absolute).
    let conf: String
    /// The raw input, or nil for generated base rows.
    let rawInput: String?
    /// Where working folders and stores are created.
    let scratch: URL
    let log: @Sendable (String) -> Void

    /// One run. The process's working directory and variables are set for the children and
    /// restored afterwards.
    func run(multiplier: Int, environment label: String, extraVariables: [String: String]) async throws -> BenchmarkResult {
        let (environment, placement) = BenchmarkPlacement.parse(label) ?? (label, nil)
        let folder = scratch.appendingPathComponent("\(label)-\(multiplier)")
        let store = "/dev/shm/mlops-bench-\(getpid())-\(label)-\(multiplier)"
        let nodeCount = HousePricesPipeline.make().nodes.count
        let stores = placement.map { placement in Set((0..<nodeCount).map { placement.store(base: store, nodeIndex: $0) }).sorted() } ?? [store]
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer {
            try? FileManager.default.removeItem(at: folder)
            for store in stores { try? FileManager.default.removeItem(atPath: store) }
            try? FileManager.default.removeItem(atPath: store + "-check")
        }
        var variables = extraVariables
        variables["DATASETS_SHM_STORE"] = store
        if let rawInput { variables["HOUSE_PRICES_CSV"] = rawInput }
        let previousDirectory = FileManager.default.currentDirectoryPath
        let previous = variables.keys.map { ($0, getenv($0).map { String(cString: $0) }) }
        for (key, value) in variables { setenv(key, value, 1) }
        _ = FileManager.default.changeCurrentDirectoryPath(folder.path)
        defer {
            _ = FileManager.default.changeCurrentDirectoryPath(previousDirectory)
            for (key, value) in previous { if let value { setenv(key, value, 1) } else { unsetenv(key) } }
        }

        let catalog = try DataCatalog(conf: conf, environment: environment, runtimeParameters: ["multiplier": .int(Int64(multiplier))], registry: HousePricesProject.registry)
        var runner = ProcessRunner(
            arguments: ["run", "--conf", conf, "--env", environment, "--params", "multiplier=\(multiplier)", "--save-version", catalog.saveVersion],
            log: log)
        if let placement {
            runner.nodeEnvironment = { index, _ in ["DATASETS_SHM_STORE": placement.store(base: store, nodeIndex: index)] }
        }
        let report = try await runner.run(HousePricesPipeline.make(), catalog: catalog, hooks: [])
        // Bytes each simulated machine sent to the tier and fetched from it.
        let traffic: [TierTraffic] = try placement == nil ? [] : stores.map { path in
            let statistics = try SharedMemoryStore.open(at: path).statistics()
            return TierTraffic(store: path, uploaded: Int(statistics["tier_uploaded_bytes"]?.intValue ?? 0),
                               fetched: Int(statistics["tier_fetched_bytes"]?.intValue ?? 0))
        }
        var digests: [String: String] = [:]
        var rows = 0
        for (name, digest) in try await Checksums.of(HousePricesPipeline.results + ["house_prices_no_outliers"], in: catalog) {
            if name == "house_prices_no_outliers" { rows = digest.rows } else { digests[name] = digest.digest }
        }
        return BenchmarkResult(multiplier: multiplier, environment: label, nodes: report.nodes, rows: rows, digests: digests, tierTraffic: traffic)
    }
}

/// The local S3 server the S3 environments need: `scripts/s3-server` of the repository
/// (SeaweedFS on 127.0.0.1), started once for the whole benchmark and stopped at the end.
struct BenchmarkS3Server {
    let script: String
    let state: String

    /// Starts the server and returns the variables the catalog's S3 entries read.
    static func start(repository: URL, state: String) throws -> (BenchmarkS3Server, [String: String]) {
        let script = repository.appendingPathComponent("scripts/s3-server").path
        guard FileManager.default.isExecutableFile(atPath: script) else {
            throw MLOpsError.failed("the S3 environments need scripts/s3-server (the S3 backend, issue #5), which this checkout lacks")
        }
        let server = BenchmarkS3Server(script: script, state: state)
        try server.call("start")
        let text = try String(contentsOfFile: state + "/env", encoding: .utf8)
        var found: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let body = line.hasPrefix("export ") ? line.dropFirst(7) : line[...]
            guard let equals = body.firstIndex(of: "=") else { continue }
            found[String(body[..<equals])] = String(body[body.index(after: equals)...]).trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
        }
        var variables: [String: String] = [:]
        variables["AWS_ENDPOINT_URL"] = found["DATASETS_S3_ENDPOINT"]
        variables["AWS_ACCESS_KEY_ID"] = found["DATASETS_S3_ACCESS_KEY"]
        variables["AWS_SECRET_ACCESS_KEY"] = found["DATASETS_S3_SECRET_KEY"]
        variables["AWS_REGION"] = found["DATASETS_S3_REGION"] ?? "us-east-1"
        guard variables["AWS_ENDPOINT_URL"] != nil else {
            try? server.call("stop")
            throw MLOpsError.failed("scripts/s3-server started but \(state)/env names no DATASETS_S3_ENDPOINT")
        }
        return (server, variables)
    }

    func stop() { try? call("stop") }

    private func call(_ command: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: script)
        process.arguments = [command, state]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw MLOpsError.failed("scripts/s3-server \(command) exited with status \(process.terminationStatus)")
        }
    }
}

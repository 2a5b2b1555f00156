import DatasetSDK
import DatasetSDKS3
import Foundation
import TestSupport
import XCTest

/// A cluster for one test: a fresh bucket on the S3 server that `scripts/test` started (its
/// `DATASETS_S3_*` variables), a conf folder whose catalog puts every dataset in a
/// SharedMemoryDataset tiered over `s3://<bucket>/tier/`, and one store folder per node.
/// Each node is a real process (`dataset-test-helper tier-*`) started with its node's
/// `DATASETS_SHM_STORE`.
struct TierCluster {
    let root: String
    let bucket: String
    let endpoint: String
    let storage: S3Storage
    let variables: [String: String]

    /// Fails (never skips) when the environment has no S3 server. `server` replaces the
    /// `DATASETS_S3_*` variables with those of a test's own server (``SeaweedServer``).
    static func make(extraOptions: String = "", secret: String? = nil, server: [String: String] = [:]) async throws -> TierCluster {
        let variables = ProcessInfo.processInfo.environment.merging(server) { $1 }
        let needed = ["DATASETS_S3_ENDPOINT", "DATASETS_S3_ACCESS_KEY", "DATASETS_S3_SECRET_KEY"]
        guard needed.allSatisfy({ !(variables[$0] ?? "").isEmpty }) else {
            XCTFail("no S3 server: set \(needed.joined(separator: ", ")) (scripts/test starts one)")
            throw CocoaError(.featureUnsupported)
        }
        let root = NSTemporaryDirectory() + "tier-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: root + "/conf/base", withIntermediateDirectories: true)
        let credentials = Credentials(name: "tier_s3", values: [
            "aws_access_key_id": .string(variables["DATASETS_S3_ACCESS_KEY"]!), "aws_secret_access_key": .string(variables["DATASETS_S3_SECRET_KEY"]!),
            "endpoint_url": .string(variables["DATASETS_S3_ENDPOINT"]!), "region_name": "us-east-1",
        ])
        let storage = try S3Storage(configuration: StorageConfiguration(dataset: "tier-test", options: [:], credentials: credentials), environment: [:])
        let bucket = "tier-\(UUID().uuidString.prefix(8).lowercased())"
        try await storage.client.createBucket(bucket)
        let cluster = TierCluster(root: root, bucket: bucket, endpoint: variables["DATASETS_S3_ENDPOINT"]!, storage: storage, variables: variables)
        try cluster.writeCatalog(extraOptions: extraOptions, secret: secret ?? variables["DATASETS_S3_SECRET_KEY"]!)
        return cluster
    }

    /// `conf/base/catalog.yml` (every dataset tiered, plus `extraOptions` lines) and `credentials.yml`.
    func writeCatalog(extraOptions: String = "", secret: String, endpoint: String? = nil) throws {
        try """
        "{name}":
          type: SharedMemoryDataset
          tier: s3://\(bucket)/tier/
          credentials: tier_s3
          fs_args: {max_attempts: 2, part_size: 5MiB}
        \(extraOptions)
        """.write(toFile: root + "/conf/base/catalog.yml", atomically: true, encoding: .utf8)
        try """
        tier_s3:
          aws_access_key_id: \(variables["DATASETS_S3_ACCESS_KEY"]!)
          aws_secret_access_key: \(secret)
          endpoint_url: \(endpoint ?? self.endpoint)
          region_name: us-east-1
        """.write(toFile: root + "/conf/base/credentials.yml", atomically: true, encoding: .utf8)
    }

    /// The store folder of node `node`.
    func store(_ node: String) -> String { "\(root)/nodes/\(node)" }

    /// Runs `dataset-test-helper` as a process of `node`; returns its status, output and errors.
    func run(on node: String, _ arguments: [String]) throws -> ProcessOutput {
        var environment = variables
        environment["DATASETS_SHM_STORE"] = store(node)
        return try runProcess(atPath: helperPath, arguments.first.map { [$0, root + "/conf"] + arguments.dropFirst() } ?? [], environment: environment)
    }

    /// As ``run(on:_:)``, failing the test unless it exits 0; returns its `key=value` pairs.
    @discardableResult
    func node(_ node: String, _ arguments: String..., file: StaticString = #filePath, line: UInt = #line) throws -> [String: String] {
        let result = try run(on: node, arguments)
        XCTAssertEqual(result.status, 0, "node \(node): \(arguments.joined(separator: " ")): \(result.errorOutput)", file: file, line: line)
        var values: [String: String] = [:]
        for pair in result.output.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { values[String(parts[0])] = String(parts[1]) }
        }
        return values
    }

    /// The keys under `s3://<bucket>/tier/<folder>/`.
    func tierKeys(_ folder: String) async throws -> [String] {
        try await storage.list(under: StorageLocation("s3://\(bucket)/tier/\(folder)/")).map { String($0.path.split(separator: "/").last ?? "") }
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }

    var helperPath: String {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().resolvingSymlinksInPath()
        if !FileManager.default.fileExists(atPath: directory.appendingPathComponent("DatasetTestHelper").path) {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent("DatasetTestHelper").path
    }
}

/// A node process started in the background.
final class NodeProcess {
    private let process = Process()
    private let output = Pipe(), errors = Pipe()

    init(path: String, arguments: [String], environment: [String: String]) throws {
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = output
        process.standardError = errors
        try process.run()
    }

    var processIdentifier: Int32 { process.processIdentifier }

    func wait() -> ProcessOutput { waitForExit(of: process, output: output, errors: errors) }
}

extension TierCluster {
    /// Starts `dataset-test-helper` as a process of `node` without waiting for it.
    func start(on node: String, _ arguments: [String]) throws -> NodeProcess {
        var environment = variables
        environment["DATASETS_SHM_STORE"] = store(node)
        return try NodeProcess(path: helperPath, arguments: [arguments[0], root + "/conf"] + arguments.dropFirst(), environment: environment)
    }

    /// Starts saving a 128 MiB v2 of `frame` on `node`, whose store already holds `frame` v1
    /// and `keep` (sharing v1's segment), and returns once v2 is published locally (a second
    /// segment file appears), while its upload to the tier runs.
    func startLargeSaveUntilPublished(on node: String) throws -> NodeProcess {
        let writer = try start(on: node, ["tier-save", "frame", "2", "16", "1048576"])
        let segments = store(node) + "/segments"
        let deadline = Date().addingTimeInterval(60)
        while (try? FileManager.default.contentsOfDirectory(atPath: segments).count) ?? 0 < 2, Date() < deadline { usleep(2000) }
        return writer
    }
}

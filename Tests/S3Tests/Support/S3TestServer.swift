import DatasetSDK
import Foundation
import TestSupport
@testable import DatasetSDKS3
import XCTest

/// The S3 server the tests run against: the one `scripts/test` started (its `DATASETS_S3_*`
/// variables), or one the test starts itself with `scripts/s3-server` (``SeaweedServer``).
struct S3TestServer: Sendable {
    let endpoint: String
    let accessKey: String
    let secretKey: String
    let otherAccessKey: String
    let otherSecretKey: String
    let region: String

    /// The server from the environment. Fails (never skips) with the reason when it is not there.
    static func fromEnvironment() throws -> S3TestServer {
        do { return try fromVariables(ProcessInfo.processInfo.environment, origin: "the environment") } catch {
            XCTFail("\(error)")  // a failure, never a skip
            throw error
        }
    }

    static func fromVariables(_ variables: [String: String], origin: String) throws -> S3TestServer {
        let names = ["DATASETS_S3_ENDPOINT", "DATASETS_S3_ACCESS_KEY", "DATASETS_S3_SECRET_KEY", "DATASETS_S3_OTHER_ACCESS_KEY", "DATASETS_S3_OTHER_SECRET_KEY"]
        let missing = names.filter { (variables[$0] ?? "").isEmpty }
        guard missing.isEmpty else {
            throw S3TestSetupError("no S3 server: \(missing.joined(separator: ", ")) not set in \(origin); run scripts/test, or `scripts/s3-server start && eval \"$(scripts/s3-server env)\"` before swift test")
        }
        return S3TestServer(endpoint: variables["DATASETS_S3_ENDPOINT"]!, accessKey: variables["DATASETS_S3_ACCESS_KEY"]!,
                            secretKey: variables["DATASETS_S3_SECRET_KEY"]!, otherAccessKey: variables["DATASETS_S3_OTHER_ACCESS_KEY"]!,
                            otherSecretKey: variables["DATASETS_S3_OTHER_SECRET_KEY"]!, region: variables["DATASETS_S3_REGION"] ?? "us-east-1")
    }

    /// A catalog-style `credentials` entry for this server.
    func credentials(name: String = "test_s3", secret: String? = nil, accessKey: String? = nil) -> Credentials {
        Credentials(name: name, values: [
            "aws_access_key_id": .string(accessKey ?? self.accessKey), "aws_secret_access_key": .string(secret ?? secretKey),
            "endpoint_url": .string(endpoint), "region_name": .string(region),
        ])
    }

    /// A storage signed with this server's first identity (or `secret`), with `options` as `fs_args`.
    func storage(options: [String: Value] = [:], secret: String? = nil, accessKey: String? = nil) throws -> S3Storage {
        try S3Storage(configuration: StorageConfiguration(dataset: "test", options: options, credentials: credentials(secret: secret, accessKey: accessKey)),
                      environment: [:])
    }

    /// A new bucket with a unique name.
    func makeBucket(_ prefix: String = "t") async throws -> String {
        let bucket = "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
        try await storage().client.createBucket(bucket)
        return bucket
    }

    /// Runs a Python snippet with boto3, `client` bound to this server; returns standard output.
    func boto3(_ body: String) throws -> String {
        let script = """
        import boto3, sys, botocore.config
        client = boto3.client("s3", endpoint_url="\(endpoint)", aws_access_key_id="\(accessKey)", aws_secret_access_key="\(secretKey)",
                              region_name="\(region)", config=botocore.config.Config(s3={"addressing_style": "path"}))
        \(body)
        """
        let result = try runProcess("/usr/bin/env", ["python3", "-c", script])
        guard result.status == 0 else { throw S3TestSetupError("python3/boto3 failed (\(result.status)): \(result.errorOutput)") }
        return result.output
    }
}

/// A test case with the environment's S3 server and a fresh bucket of its own per test.
class S3ServerTestCase: XCTestCase {
    var server: S3TestServer!
    var bucket: String!

    /// The prefix of the test's bucket names.
    class var bucketPrefix: String { "t" }

    override func setUp() async throws {
        server = try S3TestServer.fromEnvironment()
        bucket = try await server.makeBucket(Self.bucketPrefix)
    }

    /// `s3://<bucket>/<key>`.
    func location(_ key: String) -> StorageLocation { StorageLocation(scheme: "s3", path: "\(bucket!)/\(key)") }
}

/// The test environment is not what the test needs (reported as a failure, with the reason).
struct S3TestSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Bytes that differ in every MiB (the MiB index is written into each one), so a range read
/// into the wrong place is caught. Fast in debug builds: one random MiB, copied.
func patternBytes(count: Int, seed: UInt64 = 1) -> Blob {
    var generator = SplitMix64(seed: seed)
    let block = (0..<(1 << 17)).map { _ in generator.next() }
    return Blob(byteCount: count) { target in
        block.withUnsafeBytes { source in
            var offset = 0
            var index: UInt64 = 0
            while offset < count {
                let length = min(source.count, count - offset)
                (target.baseAddress! + offset).copyMemory(from: source.baseAddress!, byteCount: length)
                withUnsafeBytes(of: index &* 0x9E37_79B9_7F4A_7C15 ^ seed) { stamp in
                    (target.baseAddress! + offset).copyMemory(from: stamp.baseAddress!, byteCount: min(8, length))
                }
                offset += length
                index += 1
            }
        }
    }
}

/// Runs `executable` with `arguments` to completion; returns its output, status and errors.
func runProcess(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> ProcessOutput {
    try runProcess(atPath: executable, arguments, environment: environment)
}

import DatasetSDKCompressed
import DatasetSDK
@testable import DatasetSDKS3
import XCTest

/// Wrong credentials, missing buckets and keys, and refused operations give typed errors that
/// name the bucket and key, carry a hint, and never show a secret.
final class S3ErrorTests: S3ServerTestCase {
    override class var bucketPrefix: String { "errors" }

    func testWrongSecretIsRejectedWithSignatureDoesNotMatchAndNoSecretInTheMessage() async throws {
        let storage = try server.storage(options: ["max_attempts": .int(1)], secret: "definitely-the-wrong-secret")
        do {
            _ = try await storage.read(location("anything"))
            XCTFail("a wrong secret must be refused")
        } catch let error as S3Error {
            guard case let .signatureDoesNotMatch(operation, bucket, key, accessKeyID) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(operation, "GetObject")
            XCTAssertEqual(bucket, self.bucket)
            XCTAssertEqual(key, "anything")
            XCTAssertEqual(accessKeyID, server.accessKey)
            XCTAssertFalse("\(error)".contains("definitely-the-wrong-secret"))
            XCTAssertTrue("\(error)".contains("hint"))
        }
    }

    func testUnknownAccessKeyIsRejected() async throws {
        let storage = try server.storage(options: ["max_attempts": .int(1)], secret: "x", accessKey: "NOSUCHKEY123")
        do {
            try await storage.write(location("k"), forDataset: "test") { try await $0.write(Blob(copying: [1])) }
            XCTFail("an unknown access key must be refused")
        } catch let DatasetError.failed(_, _, underlying) {
            let text = "\(underlying)"
            XCTAssertTrue(text.contains("NOSUCHKEY123"), text)
            XCTAssertTrue(underlying is S3Error, text)
        }
    }

    func testReadOnlyIdentityIsDeniedWrites() async throws {
        let storage = try server.storage(secret: server.otherSecretKey, accessKey: server.otherAccessKey)
        do {
            try await storage.write(location("denied.bin"), forDataset: "test") { try await $0.write(Blob(copying: [1])) }
            XCTFail("the read-only identity must not write")
        } catch let DatasetError.failed(_, _, underlying) {
            guard case let S3Error.accessDenied(operation, bucket, key, _, _)? = underlying as? S3Error else { return XCTFail("\(underlying)") }
            XCTAssertEqual(operation, "PutObject")
            XCTAssertEqual(bucket, self.bucket)
            XCTAssertEqual(key, "denied.bin")
        }
        let exists = try await server.storage().exists(location("denied.bin"))
        XCTAssertFalse(exists)
    }

    func testMissingBucketNamesTheBucketAndHowToCreateIt() async throws {
        let storage = try server.storage()
        let missing = StorageLocation(scheme: "s3", path: "no-such-bucket-\(UUID().uuidString.prefix(6).lowercased())/x.dso")
        do {
            _ = try await storage.read(missing)
            XCTFail("a missing bucket must be an error")
        } catch let error as S3Error {
            guard case let .noSuchBucket(name, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(name, missing.path.split(separator: "/").first.map(String.init))
            XCTAssertTrue("\(error)".contains("hint: create it"), "\(error)")
        }
    }

    func testMissingKeyIsNotFoundForDatasets() async throws {
        var registry = Registry.withS3
        registry.registerCompressed()
        let dataset = try registry.makeDataset(type: "ObjectDataset", configuration: DatasetConfiguration(
            name: "frame", options: ["filepath": .string("s3://\(bucket!)/missing.dso")], credentials: server.credentials(), registry: registry))
        do {
            _ = try await dataset.load()
            XCTFail("a missing key must be an error")
        } catch let DatasetError.notFound(name, location) {
            XCTAssertEqual(name, "frame")
            XCTAssertEqual(location, "s3://\(bucket!)/missing.dso")
        }
        let exists = try await dataset.exists()
        XCTAssertFalse(exists)
    }

    func testMalformedLocationsAreRefusedBeforeAnyRequest() async throws {
        let storage = try server.storage()
        for path in ["Bad_Bucket/key", "bucket-only", "ab/key"] {
            do {
                _ = try await storage.read(StorageLocation(scheme: "s3", path: path))
                XCTFail("\(path) must be refused")
            } catch let StorageError.invalidLocation(location, reason) {
                XCTAssertEqual(location, "s3://\(path)")
                XCTAssertFalse(reason.isEmpty)
            }
        }
    }

    func testConnectionRefusedIsATransportErrorAfterBoundedRetries() async throws {
        var credentials = server.credentials().values
        credentials["endpoint_url"] = .string("http://127.0.0.1:1")
        let storage = try S3Storage(configuration: StorageConfiguration(dataset: "d", options: ["max_attempts": .int(3)],
                                                                         credentials: Credentials(name: "c", values: credentials)), environment: [:])
        do {
            _ = try await storage.exists(location("x"))
            XCTFail("nothing listens on port 1")
        } catch let S3Error.transport(operation, _, _, endpoint, attempts, _) {
            XCTAssertEqual(operation, "HeadObject")
            XCTAssertEqual(endpoint, "http://127.0.0.1:1")
            XCTAssertEqual(attempts, 3)
        }
    }

    func testErrorDocumentsParseIntoTypedFields() {
        let body = "<?xml version=\"1.0\"?><Error><Code>NoSuchKey</Code><Message>The key &lt;a&amp;b&gt; does not exist</Message><RequestId>R1</RequestId></Error>"
        let document = S3ErrorDocument(body: body)
        XCTAssertEqual(document?.code, "NoSuchKey")
        XCTAssertEqual(document?.message, "The key <a&b> does not exist")
        XCTAssertEqual(document?.requestID, "R1")
        XCTAssertNil(S3ErrorDocument(body: "<ListBucketResult></ListBucketResult>"))
    }

    func testRetryDelaysGrowAreJitteredBoundedAndHonourRetryAfter() {
        let policy = RetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(100), maximumDelay: .seconds(2))
        for retry in 1...12 {
            let delay = policy.delay(beforeRetry: retry, retryAfter: nil)
            XCTAssertLessThanOrEqual(delay, min(.seconds(2), .milliseconds(100) * (1 << (retry - 1))))
            XCTAssertGreaterThanOrEqual(delay, .zero)
        }
        XCTAssertEqual(policy.delay(beforeRetry: 1, retryAfter: .seconds(1)), .seconds(1))
        XCTAssertEqual(policy.delay(beforeRetry: 1, retryAfter: .seconds(60)), .seconds(2))
        XCTAssertEqual(RetryPolicy.retryAfter(header: " 3 "), .seconds(3))
        XCTAssertNil(RetryPolicy.retryAfter(header: "Wed, 21 Oct 2015 07:28:00 GMT"))
        XCTAssertTrue(S3Error.service(operation: "x", status: 503, code: "SlowDown", message: "", bucket: "b", key: nil, requestID: nil).isRetryable)
        XCTAssertTrue(S3Error.service(operation: "x", status: 400, code: "RequestTimeout", message: "", bucket: "b", key: nil, requestID: nil).isRetryable)
        XCTAssertFalse(S3Error.noSuchKey(bucket: "b", key: "k").isRetryable)
        XCTAssertFalse(S3Error.service(operation: "x", status: 400, code: "InvalidArgument", message: "", bucket: "b", key: nil, requestID: nil).isRetryable)
    }
}

import DatasetSDKCompressed
import DatasetSDK
@testable import DatasetSDKS3
import XCTest

/// boto3 reads what the SDK wrote and the SDK reads what boto3 wrote, byte for byte, single
/// PUT and multipart both ways.
final class S3InteropTests: S3ServerTestCase {
    override class var bucketPrefix: String { "interop" }

    func testBoto3ReadsObjectsTheSDKWrote() async throws {
        let storage = try server.storage(options: ["part_size": .int(5 << 20)])
        let cases: [(String, Blob)] = [("sdk/small with space+plus.bin", patternBytes(count: 1000, seed: 11)), ("sdk/multipart/ü:x.bin", patternBytes(count: 17 << 20 + 3, seed: 12))]
        for (key, blob) in cases {
            try await storage.write(location(key), forDataset: "t") { try await $0.write(blob) }
            let digest = try server.boto3("""
            import hashlib
            body = client.get_object(Bucket="\(bucket!)", Key=\(pythonString(key)))["Body"].read()
            print(len(body), hashlib.sha256(body).hexdigest())
            """)
            let expected = blob.withUnsafeBytes { SigV4Signer.hexSHA256($0) }
            XCTAssertEqual(digest.trimmingCharacters(in: .whitespacesAndNewlines), "\(blob.count) \(expected)", key)
        }
    }

    func testSDKReadsObjectsBoto3Wrote() async throws {
        _ = try server.boto3("""
        import io
        from boto3.s3.transfer import TransferConfig
        def pattern(n, seed):
            import random
            r = random.Random(seed)
            return bytes(r.getrandbits(8) for _ in range(4096)) * (n // 4096) + bytes(n % 4096)
        client.put_object(Bucket="\(bucket!)", Key="boto/put//double.bin", Body=pattern(100_000, 1))
        client.upload_fileobj(io.BytesIO(pattern(20 * 1024 * 1024 + 5, 2)), "\(bucket!)", "boto/multipart é.bin",
                              Config=TransferConfig(multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024))
        client.put_object(Bucket="\(bucket!)", Key="boto/empty", Body=b"")
        """)
        let digests = try server.boto3("""
        import hashlib
        for key in ["boto/put//double.bin", "boto/multipart é.bin", "boto/empty"]:
            body = client.get_object(Bucket="\(bucket!)", Key=key)["Body"].read()
            print(len(body), hashlib.sha256(body).hexdigest())
        """).split(separator: "\n").map(String.init)
        let storage = try server.storage(options: ["part_size": .int(5 << 20), "max_concurrency": .int(4)])
        for (key, digest) in zip(["boto/put//double.bin", "boto/multipart é.bin", "boto/empty"], digests) {
            let blob = try await storage.read(location(key))
            let actual = blob.withUnsafeBytes { SigV4Signer.hexSHA256($0) }
            XCTAssertEqual("\(blob.count) \(actual)", digest, key)
        }
        let listed = try await storage.list(under: location("boto")).map(\.lastComponent)
        XCTAssertEqual(listed.count, 3)
    }

    func testPickleDatasetRoundTripsOnS3AndBoto3SeesTheZstdFrame() async throws {
        var registry = Registry.withS3
        registry.registerCompressed()
        let configuration = DatasetConfiguration(name: "y_train", options: ["filepath": .string("s3://\(bucket!)/model/y_train.dso.zst"),
                                                                            "fs_args": .map(["part_size": .string("5MiB")])],
                                                 credentials: server.credentials(), registry: registry)
        let dataset = try registry.makeDataset(type: "PickleDataset", configuration: configuration)
        let values = (0..<2_000_000).map { Double($0).squareRoot() }
        try await dataset.save(Tensor<Double>(values).encoded())
        let loaded = try Tensor<Double>(decoding: try await dataset.load())
        XCTAssertEqual(loaded.shape, [2_000_000])
        XCTAssertEqual(loaded.scalars, values)
        let magic = try server.boto3("print(client.get_object(Bucket='\(bucket!)', Key='model/y_train.dso.zst', Range='bytes=0-3')['Body'].read().hex())")
        XCTAssertEqual(magic.trimmingCharacters(in: .whitespacesAndNewlines), "28b52ffd", "a zstd frame starts with its magic number")
    }
}

/// `text` as a Python string literal.
func pythonString(_ text: String) -> String {
    "\"" + text.unicodeScalars.map { scalar in
        scalar.isASCII && scalar != "\"" && scalar != "\\" ? String(scalar) : "\\U" + String(format: "%08x", scalar.value)
    }.joined() + "\""
}

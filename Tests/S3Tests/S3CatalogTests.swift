import DatasetSDKCompressed
import DatasetSDK
@testable import DatasetSDKS3
import XCTest

/// `s3://` works as the `filepath` of every dataset type through a catalog with a
/// `credentials.yml` entry, and nothing the catalog shows reveals a secret.
final class S3CatalogTests: XCTestCase {
    private var server: S3TestServer!
    private var bucket: String!
    private var folder: String!

    override func setUp() async throws {
        server = try S3TestServer.fromEnvironment()
        bucket = try await server.makeBucket("catalog")
        folder = NSTemporaryDirectory() + "s3-catalog-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/conf/base", withIntermediateDirectories: true)
        try """
        frame:
          type: ObjectDataset
          filepath: s3://\(bucket!)/03_primary/frame.dso
          credentials: dev_s3
        y_train:
          type: PickleDataset
          filepath: s3://\(bucket!)/05_model_input/y_train.dso.zst
          credentials: dev_s3
          fs_args: {part_size: 8MiB, max_concurrency: 4}
        raw:
          type: CSVDataset
          filepath: s3://\(bucket!)/01_raw/train.csv
          credentials: dev_s3
        versioned_frame:
          type: ObjectDataset
          filepath: s3://\(bucket!)/06_models/frame.dso
          credentials: dev_s3
          versioned: true
        """.write(toFile: folder + "/conf/base/catalog.yml", atomically: true, encoding: .utf8)
        try """
        dev_s3:
          client_kwargs:
            aws_access_key_id: \(server.accessKey)
            aws_secret_access_key: \(server.secretKey)
            endpoint_url: \(server.endpoint)
            region_name: \(server.region)
        """.write(toFile: folder + "/conf/base/credentials.yml", atomically: true, encoding: .utf8)
    }

    override func tearDown() {
        if let folder { try? FileManager.default.removeItem(atPath: folder) }
    }

    private func catalog() throws -> DataCatalog {
        var registry = Registry.withS3
        registry.registerCompressed()
        return try DataCatalog(conf: folder + "/conf", registry: registry, variables: [:])
    }

    func testEveryDatasetTypeRoundTripsOnS3ThroughTheCatalog() async throws {
        let catalog = try catalog()
        let frame = try DataFrame(columns: [("id", Column([1, 2, 3] as [Int64])), ("name", Column(["a", nil, "ü"] as [String?]))])
        try await catalog.save(frame, as: "frame")
        let loadedFrame: DataFrame = try await catalog.load("frame")
        XCTAssertEqual(loadedFrame.columnNames, ["id", "name"])
        XCTAssertEqual(loadedFrame["name"]?.value(at: 1), .null)
        XCTAssertEqual(loadedFrame["name"]?.value(at: 2), .string("ü"))

        try await catalog.save(frame, as: "raw")
        let loadedCSV: DataFrame = try await catalog.load("raw")
        XCTAssertEqual(loadedCSV.columnNames, ["id", "name"])
        XCTAssertEqual(loadedCSV.rowCount, 3)

        let target = Tensor<Double>((0..<3_000_000).map { Double($0) * 0.5 })
        try await catalog.save(target, as: "y_train")
        let loadedTarget: Tensor<Double> = try await catalog.load("y_train")
        XCTAssertEqual(loadedTarget.scalars, target.scalars)

        try await catalog.save(frame, as: "versioned_frame")
        try await Task.sleep(for: .milliseconds(5))
        try await self.catalog().save(frame, as: "versioned_frame")  // a new run: a new save version
        let loadedVersion: DataFrame = try await catalog.load("versioned_frame")
        XCTAssertEqual(loadedVersion["id"]?.value(at: 2), .int(3))
        let versions = try await server.storage().list(under: StorageLocation(scheme: "s3", path: "\(bucket!)/06_models/frame.dso"))
        XCTAssertEqual(versions.count, 2)
    }

    func testCatalogDescriptionsNeverShowTheSecret() throws {
        let catalog = try catalog()
        let text = try ["frame", "y_train", "raw"].map { "\(try catalog.describe($0))" }.joined()
        XCTAssertFalse(text.contains(server.secretKey), text)
        XCTAssertTrue(text.contains("s3://\(bucket!)/03_primary/frame.dso"), text)
    }

    func testStandardRegistryWithoutS3SaysHowToGetIt() throws {
        XCTAssertThrowsError(try DataCatalog(conf: folder + "/conf", registry: .standard, variables: [:]).dataset(named: "frame")) { error in
            XCTAssertTrue("\(error)".contains("s3://"), "\(error)")
        }
    }
}

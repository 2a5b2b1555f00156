import DatasetSDK
import XCTest

final class RegistryTests: XCTestCase {
    func testStandardRegistryKnowsTheBuiltInTypesAndSchemes() {
        let registry = Registry.standard
        XCTAssertEqual(registry.datasetTypeNames, ["CSVDataset", "MemoryDataset", "ObjectDataset"])
        XCTAssertEqual(registry.storageSchemes, ["file", "memory"])
    }

    func testUnknownTypeListsKnownTypesAndSuggestsTheNearest() {
        XCTAssertThrowsError(try Registry.standard.datasetType(named: "ObjetDataset")) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("unknown dataset type 'ObjetDataset'"), message)
            XCTAssertTrue(message.contains("did you mean 'ObjectDataset'?"), message)
            XCTAssertTrue(message.contains("CSVDataset, MemoryDataset, ObjectDataset"), message)
        }
    }

    func testKedroQualifiedNamesResolveByTheirLastComponent() throws {
        for name in ["pandas.CSVDataset", "kedro_datasets.pandas.CSVDataset"] {
            XCTAssertEqual(ObjectIdentifier(try Registry.standard.datasetType(named: name)), ObjectIdentifier(CSVDataset.self))
        }
    }

    func testUnknownSchemeNamesTheDatasetAndTheKnownSchemes() {
        let configuration = DatasetConfiguration(name: "y_train", options: ["filepath": "gs://bucket/y.dso"])
        XCTAssertThrowsError(try Registry.standard.makeDataset(type: "ObjectDataset", configuration: configuration)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("dataset 'y_train'"), message)
            XCTAssertTrue(message.contains("'gs://'"), message)
            XCTAssertTrue(message.contains("file, memory"), message)
        }
    }

    func testCustomTypeAndSchemeRegisterWithOneCallEach() async throws {
        var registry = Registry.standard
        registry.register(CountingDataset.self, as: "CountingDataset")
        let shared = MemoryStorage()
        registry.register(scheme: "scratch") { _ in shared }
        let dataset = try registry.makeDataset(type: "CountingDataset", configuration: DatasetConfiguration(name: "n", registry: registry))
        let loaded = try Record(decoding: await dataset.load())
        XCTAssertEqual(loaded["count"], 1)

        let objects = try registry.makeDataset(
            type: "ObjectDataset",
            configuration: DatasetConfiguration(name: "o", options: ["filepath": "scratch://x.dso"], registry: registry))
        try await objects.save(Tensor<Int64>([1, 2]).encoded())
        let stored = try await shared.exists(StorageLocation("scratch://x.dso"))
        XCTAssertTrue(stored)
    }

    func testMisspelledOptionIsRejectedNamingTheDatasetAndTheKey() {
        let configuration = DatasetConfiguration(name: "frame", options: ["filpath": "x.dso"], source: "conf/base/catalog.yml:3")
        XCTAssertThrowsError(try ObjectDataset(configuration: configuration)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.hasPrefix("conf/base/catalog.yml:3: dataset 'frame': unknown option 'filpath'"), message)
            XCTAssertTrue(message.contains("filepath"), message)
        }
    }

    func testMissingFilepathSaysWhatIsExpected() {
        XCTAssertThrowsError(try ObjectDataset(configuration: DatasetConfiguration(name: "frame"))) { error in
            XCTAssertTrue("\(error)".contains("dataset 'frame': missing 'filepath'"), "\(error)")
        }
    }

    func testWrongOptionKindIsRejected() {
        let configuration = DatasetConfiguration(name: "frame", options: ["filepath": "x.dso", "load_args": ["verify_checksums": "yes"]])
        XCTAssertThrowsError(try ObjectDataset(configuration: configuration)) { error in
            XCTAssertTrue("\(error)".contains("'load_args.verify_checksums' must be true or false"), "\(error)")
        }
    }
}

/// A custom dataset type written only against the public API.
private struct CountingDataset: ConfigurableDataset {
    init(configuration: DatasetConfiguration) throws {}
    func load() async throws -> EncodedObject { Record(["count": 1]).encoded() }
    func save(_ object: EncodedObject) async throws {}
    func exists() async throws -> Bool { true }
    func release() async {}
    func describe() -> [String: Value] { ["type": "CountingDataset"] }
}

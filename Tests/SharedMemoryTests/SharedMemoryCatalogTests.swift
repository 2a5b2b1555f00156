import DatasetSDK
import Foundation
@testable import DatasetSDKSharedMemory
import XCTest

/// `SharedMemoryDataset` entries of a `conf/` folder, through `DataCatalog`.
final class SharedMemoryCatalogTests: XCTestCase {
    func testSaveAndLoadADataFrameThroughAFactoryEntry() async throws {
        let temporary = TemporaryStore()
        let conf = try SharedMemoryConfFolder("""
            "{name}":
              type: SharedMemoryDataset
              store: "\(temporary.path)"
            """)
        let catalog = try conf.catalog()
        let frame = try DataFrame(columns: [
            ("Id", Column([1, 2, 3] as [Int64])),
            ("Neighborhood", Column(["CollgCr", "Veenker", "CollgCr"])),
            ("LotFrontage", Column([65.0, nil, 68.0] as [Double?])),
        ])
        let existedBefore = try await catalog.exists("house_prices")
        XCTAssertFalse(existedBefore)
        try await catalog.save(frame, as: "house_prices")
        let existsAfter = try await catalog.exists("house_prices")
        XCTAssertTrue(existsAfter)

        let loaded: DataFrame = try await catalog.load("house_prices")
        XCTAssertEqual(loaded.columnNames, ["Id", "Neighborhood", "LotFrontage"])
        XCTAssertEqual(try loaded.values("Id", as: Int64.self).scalars, [1, 2, 3])
        XCTAssertEqual(loaded["Neighborhood"]?.value(at: 1), .string("Veenker"))
        XCTAssertEqual(loaded["LotFrontage"]?.value(at: 1), .null)
        XCTAssertEqual(loaded["LotFrontage"]?.value(at: 2), .double(68))

        // The object lives in the configured store, under the dataset's name.
        let dataset = try XCTUnwrap(try catalog.dataset(named: "house_prices") as? SharedMemoryDataset)
        XCTAssertEqual(dataset.store.path, temporary.path)
        XCTAssertEqual(dataset.objectName, "house_prices")
        let store = try temporary.open()
        XCTAssertEqual(try store.list().map(\.name), ["house_prices"])
        guard case let .store(identifier, _) = try loaded.column("Id").blobs[0].origin else { return XCTFail("not a view of the store") }
        XCTAssertEqual(identifier, store.identifier)
    }

    func testSizeSetsTheStoresCapacityAndABadSizeNamesTheKey() throws {
        for (size, bytes) in [("8Gi", 8 << 30), ("512Mi", 512 << 20), ("1000000", 1_000_000)] {
            let temporary = TemporaryStore()
            let conf = try SharedMemoryConfFolder("""
                "{name}": {type: SharedMemoryDataset, store: "\(temporary.path)", size: \(size)}
                """)
            let dataset = try XCTUnwrap(try conf.catalog().dataset(named: "frame") as? SharedMemoryDataset)
            XCTAssertEqual(dataset.store.capacity, bytes, size)
            XCTAssertEqual(dataset.describe()["size"], .int(Int64(bytes)), size)
            XCTAssertEqual(try dataset.store.statistics()["capacity_bytes"]?.intValue, bytes, size)
        }

        for bad in ["lots", "-1", "12Qi", "\"\""] {
            let temporary = TemporaryStore()
            let conf = try SharedMemoryConfFolder("""
                "{name}": {type: SharedMemoryDataset, store: "\(temporary.path)", size: \(bad)}
                """)
            let error = try datasetError(conf) { try $0.dataset(named: "frame") }
            guard case let .invalidOption(dataset, key, expected, _, source)? = error else { XCTFail("\(bad): \(String(describing: error))"); continue }
            XCTAssertEqual(dataset, "frame")
            XCTAssertEqual(key, "size")
            XCTAssertTrue(expected.contains("8Gi"), expected)
            XCTAssertTrue(source?.hasPrefix(conf.catalogFile) ?? false, "\(String(describing: source))")
            XCTAssertTrue("\(error!)".contains("'size' must be"), "\(error!)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: temporary.path), "a bad entry created the store")
        }
    }

    func testEvictionIsNoneLRUOrTierAndAnythingElseNamesTheKey() throws {
        for (eviction, lru) in [("lru", true), ("none", false)] {
            let temporary = TemporaryStore()
            let conf = try SharedMemoryConfFolder("""
                "{name}": {type: SharedMemoryDataset, store: "\(temporary.path)", eviction: \(eviction)}
                """)
            let dataset = try XCTUnwrap(try conf.catalog().dataset(named: "frame") as? SharedMemoryDataset)
            XCTAssertEqual(dataset.store.eviction == .leastRecentlyUsed, lru, eviction)
            XCTAssertEqual(dataset.describe()["eviction"], .string(eviction))
        }
        let temporary = TemporaryStore()
        let conf = try SharedMemoryConfFolder("""
            "{name}": {type: SharedMemoryDataset, store: "\(temporary.path)", eviction: fifo}
            """)
        let error = try datasetError(conf) { try $0.dataset(named: "frame") }
        guard case let .invalidOption(dataset, key, expected, found, _)? = error else { return XCTFail(String(describing: error)) }
        XCTAssertEqual(dataset, "frame")
        XCTAssertEqual(key, "eviction")
        XCTAssertEqual(expected, "none, lru or tier")
        XCTAssertTrue(found.contains("fifo"), found)
    }

    func testUnknownOptionIsRejected() throws {
        let temporary = TemporaryStore()
        let conf = try SharedMemoryConfFolder("""
            "{name}": {type: SharedMemoryDataset, store: "\(temporary.path)", capacity: 8Gi}
            """)
        let error = try datasetError(conf) { try $0.dataset(named: "frame") }
        guard case let .unknownOption(dataset, key, known, source)? = error else { return XCTFail(String(describing: error)) }
        XCTAssertEqual(dataset, "frame")
        XCTAssertEqual(key, "capacity")
        XCTAssertEqual(Set(known), ["store", "size", "eviction", "object_name", "tier", "credentials", "fs_args", "metadata", "verify"])
        XCTAssertTrue(source?.hasPrefix(conf.catalogFile) ?? false, "\(String(describing: source))")
    }

    func testLoadingANameNeverSavedIsNotFoundNamingTheDataset() async throws {
        let temporary = TemporaryStore()
        let conf = try SharedMemoryConfFolder("""
            "{name}": {type: SharedMemoryDataset, store: "\(temporary.path)"}
            """)
        let catalog = try conf.catalog()
        do {
            let _: DataFrame = try await catalog.load("house_prices")
            XCTFail("loaded a dataset that was never saved")
        } catch let DatasetError.notFound(dataset, location) {
            XCTAssertEqual(dataset, "house_prices")
            XCTAssertTrue(location.contains(temporary.path), location)
            XCTAssertTrue(location.contains("'house_prices'"), location)
        }
    }

    /// The ``DatasetError`` `body` throws with the conf folder's catalog; fails for no error or another kind.
    private func datasetError(
        _ conf: SharedMemoryConfFolder, file: StaticString = #filePath, line: UInt = #line, _ body: (DataCatalog) throws -> Any
    ) throws -> DatasetError? {
        let catalog = try conf.catalog()
        do {
            _ = try body(catalog)
            XCTFail("no error", file: file, line: line)
        } catch let error as DatasetError {
            return error
        } catch {
            XCTFail("expected a DatasetError, got \(error)", file: file, line: line)
        }
        return nil
    }
}

/// A `conf/base/catalog.yml` with the given text in a fresh temporary folder, removed afterwards.
private final class SharedMemoryConfFolder {
    let root: String
    var conf: String { "\(root)/conf" }
    var catalogFile: String { "\(conf)/base/catalog.yml" }

    init(_ catalog: String) throws {
        let base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        root = "\(base)/datasetsdk-shm-catalog-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: "\(conf)/base", withIntermediateDirectories: true)
        try catalog.write(toFile: catalogFile, atomically: true, encoding: .utf8)
    }

    /// The catalog with the shared-memory dataset type; the process environment is never read.
    func catalog() throws -> DataCatalog {
        try DataCatalog(conf: conf, registry: .withSharedMemory, variables: [:])
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }
}

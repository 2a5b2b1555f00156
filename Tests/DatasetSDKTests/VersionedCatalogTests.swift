import DatasetSDK
import Foundation
import XCTest

/// Kedro-style versioned datasets: `<filepath>/<version>/<file name>`.
final class VersionedCatalogTests: XCTestCase {
    private static let olderVersion = "2020-01-01T00.00.00.000Z"
    private static let newerVersion = "2021-06-01T12.30.00.000Z"

    private func isKedroVersion(_ text: String) -> Bool {
        text.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d\.\d\d\.\d\d\.\d{3}Z/) != nil
    }

    /// A conf with `frame` (versioned ObjectDataset) and `table` (versioned CSVDataset).
    private func versionedFolder() throws -> CatalogConfFolder {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", """
            frame:
              type: ObjectDataset
              filepath: \(folder.data("frame.dso"))
              versioned: true
            table:
              type: CSVDataset
              filepath: \(folder.data("tables/table.csv"))
              versioned: true
            """)
        return folder
    }

    /// Writes `scalars` as version `version` of `frame`, as an earlier run would have.
    private func writeVersion(_ version: String, _ scalars: [Int64], in folder: CatalogConfFolder) async throws {
        try await writeContainer(Tensor<Int64>(scalars).encoded(), to: folder.data("frame.dso/\(version)/frame.dso"))
    }

    func testSaveVersionHasKedroTimestampFormat() throws {
        let catalog = try versionedFolder().catalog()
        XCTAssertTrue(isKedroVersion(catalog.saveVersion), catalog.saveVersion)
        XCTAssertFalse(isKedroVersion("2024-01-01T00:00:00.000Z"))
    }

    func testVersionedSaveWritesToFilepathSlashVersionSlashBasename() async throws {
        let folder = try versionedFolder()
        let catalog = try folder.catalog()
        try await catalog.save(Tensor<Int64>([1, 2, 3]), as: "frame")
        let versions = try FileManager.default.contentsOfDirectory(atPath: folder.data("frame.dso"))
        XCTAssertEqual(versions, [catalog.saveVersion])
        let version = try XCTUnwrap(versions.first)
        XCTAssertTrue(isKedroVersion(version), version)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.data("frame.dso/\(version)")), ["frame.dso"])
        let loaded: Tensor<Int64> = try await catalog.load("frame")
        XCTAssertEqual(loaded.scalars, [1, 2, 3])
        let described = try catalog.describe("frame")
        XCTAssertEqual(described["versioned"], true)
        XCTAssertEqual(described["save_version"], .string(catalog.saveVersion))
        XCTAssertEqual(described["load_version"], .null)
    }

    func testVersionedCSVKeepsItsFileNameInsideTheVersionFolder() async throws {
        let folder = try versionedFolder()
        let catalog = try folder.catalog()
        let frame = try DataFrame(columns: [("x", Column([1, 2] as [Int64])), ("s", Column(["a", "b"]))])
        try await catalog.save(frame, as: "table")
        let written = try String(contentsOfFile: folder.data("tables/table.csv/\(catalog.saveVersion)/table.csv"), encoding: .utf8)
        XCTAssertEqual(written, "x,s\n1,a\n2,b\n")
        let loaded: DataFrame = try await catalog.load("table")
        XCTAssertEqual(try loaded.values("x", as: Int64.self).scalars, [1, 2])
    }

    func testLoadReadsTheNewestVersion() async throws {
        let folder = try versionedFolder()
        try await writeVersion(Self.newerVersion, [2], in: folder)
        try await writeVersion(Self.olderVersion, [1], in: folder)
        let catalog = try folder.catalog()
        let newest: Tensor<Int64> = try await catalog.load("frame")
        XCTAssertEqual(newest.scalars, [2])

        try await catalog.save(Tensor<Int64>([3]), as: "frame")
        let afterSave: Tensor<Int64> = try await catalog.load("frame")
        XCTAssertEqual(afterSave.scalars, [3])
    }

    func testUnrelatedFilesUnderTheFilepathAreNotVersions() async throws {
        let folder = try versionedFolder()
        try await writeVersion(Self.olderVersion, [1], in: folder)
        // A newer-looking folder without the file, and a stray file: neither is a version.
        try FileManager.default.createDirectory(atPath: folder.data("frame.dso/2099-01-01T00.00.00.000Z"), withIntermediateDirectories: true)
        try "x".write(toFile: folder.data("frame.dso/2099-01-01T00.00.00.000Z/other.dso"), atomically: true, encoding: .utf8)
        try "x".write(toFile: folder.data("frame.dso/notes.txt"), atomically: true, encoding: .utf8)
        let loaded: Tensor<Int64> = try await folder.catalog().load("frame")
        XCTAssertEqual(loaded.scalars, [1])
    }

    func testLoadVersionsPinsTheVersionToLoad() async throws {
        let folder = try versionedFolder()
        try await writeVersion(Self.olderVersion, [1], in: folder)
        try await writeVersion(Self.newerVersion, [2], in: folder)
        let catalog = try folder.catalog(loadVersions: ["frame": Self.olderVersion])
        let pinned: Tensor<Int64> = try await catalog.load("frame")
        XCTAssertEqual(pinned.scalars, [1])
        XCTAssertEqual(try catalog.describe("frame")["load_version"], .string(Self.olderVersion))
        let exists = try await catalog.exists("frame")
        XCTAssertTrue(exists)
    }

    func testSavingTwiceWithTheSameCatalogIsRefusedAndKeepsTheFirstSave() async throws {
        let folder = try versionedFolder()
        let catalog = try folder.catalog()
        try await catalog.save(Tensor<Int64>([1]), as: "frame")
        let error = await catalogError(async: { try await catalog.save(Tensor<Int64>([2]), as: "frame") })
        guard case let .versionExists(dataset, version, location)? = error else { return XCTFail("\(String(describing: error))") }
        XCTAssertEqual(dataset, "frame")
        XCTAssertEqual(version, catalog.saveVersion)
        XCTAssertEqual(location, folder.data("frame.dso"))
        XCTAssertContains(error?.description ?? "", "never overwritten")
        let loaded: Tensor<Int64> = try await catalog.load("frame")
        XCTAssertEqual(loaded.scalars, [1])
    }

    func testLoadWithNoVersionSavedIsVersionNotFound() async throws {
        let folder = try versionedFolder()
        let catalog = try folder.catalog()
        let exists = try await catalog.exists("frame")
        XCTAssertFalse(exists)
        let error = await catalogError(async: { _ = try await catalog.load("frame", as: Tensor<Int64>.self) })
        guard case let .versionNotFound(dataset, version, location)? = error else { return XCTFail("\(String(describing: error))") }
        XCTAssertEqual(dataset, "frame")
        XCTAssertNil(version)
        XCTAssertEqual(location, folder.data("frame.dso"))
        XCTAssertContains(error?.description ?? "", "no saved version")
    }

    func testPinnedVersionThatDoesNotExistIsVersionNotFound() async throws {
        let folder = try versionedFolder()
        try await writeVersion(Self.olderVersion, [1], in: folder)
        let catalog = try folder.catalog(loadVersions: ["frame": Self.newerVersion])
        let exists = try await catalog.exists("frame")
        XCTAssertFalse(exists)
        let error = await catalogError(async: { _ = try await catalog.load("frame", as: Tensor<Int64>.self) })
        guard case .versionNotFound("frame", Self.newerVersion?, _)? = error else { return XCTFail("\(String(describing: error))") }
        XCTAssertContains(error?.description ?? "", "version '\(Self.newerVersion)' does not exist")
    }

    func testVersionedFalseOrNullIsAPlainDataset() async throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", """
            plain: {type: ObjectDataset, filepath: "\(folder.data("plain.dso"))", versioned: false}
            unset: {type: ObjectDataset, filepath: "\(folder.data("unset.dso"))", versioned: null}
            """)
        let catalog = try folder.catalog()
        try await catalog.save(Tensor<Int64>([1]), as: "plain")
        try await catalog.save(Tensor<Int64>([2]), as: "unset")
        var isDirectory: ObjCBool = true
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.data("plain.dso"), isDirectory: &isDirectory))
        XCTAssertFalse(isDirectory.boolValue)
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.data("unset.dso"), isDirectory: &isDirectory))
        XCTAssertFalse(isDirectory.boolValue)
    }

    func testVersionedMustBeTrueOrFalse() throws {
        let folder = try CatalogConfFolder()
        let file = try folder.write("base/catalog.yml", """
            frame:
              type: ObjectDataset
              filepath: x.dso
              versioned: maybe
            """)
        let catalog = try folder.catalog()
        guard let error = catalogError({ _ = try catalog.dataset(named: "frame") }) else { return }
        XCTAssertTrue(error.description.hasPrefix("\(file):4:14: error: dataset 'frame': 'versioned' must be true or false"), error.description)
    }

    func testVersionedEntryWithAMisspelledOptionFailsWhenTheDatasetIsCreated() throws {
        let folder = try CatalogConfFolder()
        let file = try folder.write("base/catalog.yml", """
            frame:
              type: ObjectDataset
              filepath: \(folder.data("frame.dso"))
              versioned: true
              load_args: {verify_checksum: false}
            """)
        let catalog = try folder.catalog()
        let error = errorThrown(by: { _ = try catalog.dataset(named: "frame") })
        guard case let .unknownOption(dataset, key, _, source)? = error as? DatasetError else { return XCTFail("\(String(describing: error))") }
        XCTAssertEqual(dataset, "frame")
        XCTAssertEqual(key, "load_args.verify_checksum")
        XCTAssertTrue(source?.hasPrefix("\(file):2:") == true, "\(String(describing: source))")
    }

    func testDescribeOfAVersionedDatasetNamesItsTypeAndSettings() throws {
        let folder = try versionedFolder()
        let catalog = try folder.catalog(loadVersions: ["table": Self.olderVersion])
        let frame = try catalog.describe("frame")
        XCTAssertEqual(frame["type"], "ObjectDataset")
        XCTAssertEqual(frame["verify_checksums"], true)
        XCTAssertEqual(frame["filepath"], .string(folder.data("frame.dso")))
        let table = try catalog.describe("table")
        XCTAssertEqual(table["type"], "CSVDataset")
        XCTAssertEqual(table["filepath"], .string(folder.data("tables/table.csv")))
        XCTAssertEqual(table["load_version"], .string(Self.olderVersion))
    }

    func testVersionedPatternVersionsEachMatchedDatasetSeparately() async throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", """
            "{name}#versioned":
              type: ObjectDataset
              filepath: \(folder.data("{name}.dso"))
              versioned: true
            """)
        let catalog = try folder.catalog()
        try await catalog.save(Tensor<Int64>([1]), as: "a#versioned")
        try await catalog.save(Tensor<Int64>([2]), as: "b#versioned")
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.data("a.dso/\(catalog.saveVersion)/a.dso")))
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.data("b.dso/\(catalog.saveVersion)/b.dso")))
    }
}

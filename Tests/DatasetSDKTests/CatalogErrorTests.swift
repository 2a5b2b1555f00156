import DatasetSDK
import Foundation
import XCTest

/// Every configuration mistake is reported with the file, line and column (when there is one),
/// the dataset, and what was expected.
final class CatalogErrorTests: XCTestCase {
    func testBadYAMLReportsLineAndColumnWithCompilerStylePrefix() throws {
        let folder = try CatalogConfFolder()
        let file = try folder.write("base/catalog.yml", """
            frame:
              type: ObjectDataset
              filepath: data: x.dso
            """)
        guard let error = catalogError({ _ = try folder.catalog() }) else { return }
        guard case let .yamlSyntax(location, problem) = error else { return XCTFail("\(error)") }
        XCTAssertEqual(location.file, file)
        XCTAssertEqual(location.line, 3)
        XCTAssertEqual(location.column, 17)
        XCTAssertContains(problem, "mapping values are not allowed")
        XCTAssertTrue(error.description.hasPrefix("\(file):3:17: error: invalid YAML: "), error.description)
    }

    func testUnclosedFlowSequenceReportsTheFileAndALaterLine() throws {
        let folder = try CatalogConfFolder()
        let file = try folder.write("base/parameters.yml", """
            alpha: 1
            layers: [1, 2
            beta: 3
            """)
        guard let error = catalogError({ _ = try folder.catalog() }) else { return }
        guard case let .yamlSyntax(location, _) = error else { return XCTFail("\(error)") }
        XCTAssertEqual(location.file, file)
        XCTAssertGreaterThanOrEqual(location.line, 2)
        XCTAssertTrue(error.description.hasPrefix("\(file):\(location.line):\(location.column): error: invalid YAML:"), error.description)
    }

    func testKeyRepeatedInOneMappingIsAnErrorWithItsLine() throws {
        let folder = try CatalogConfFolder()
        let file = try folder.write("base/catalog.yml", """
            frame:
              type: ObjectDataset
              filepath: a.dso
              filepath: b.dso
            """)
        guard let error = catalogError({ _ = try folder.catalog() }) else { return }
        XCTAssertTrue(error.description.hasPrefix("\(file):"), error.description)
        XCTAssertContains(error.description, "filepath")
    }

    func testTopLevelThatIsNotAMappingIsAnError() throws {
        let folder = try CatalogConfFolder()
        let file = try folder.write("base/catalog.yml", "- frame\n- other\n")
        guard let error = catalogError({ _ = try folder.catalog() }) else { return }
        guard case .invalidEntry(_, nil, _) = error else { return XCTFail("\(error)") }
        XCTAssertTrue(error.description.hasPrefix("\(file):1:1: error: the top level must be a mapping"), error.description)
        XCTAssertContains(error.description, "not a list")
    }

    func testEntryThatIsAScalarIsAnErrorNamingTheDataset() throws {
        let folder = try CatalogConfFolder()
        let file = try folder.write("base/catalog.yml", """
            good: {type: MemoryDataset}
            frame: data/frame.dso
            """)
        guard let error = catalogError({ _ = try folder.catalog() }) else { return }
        guard case let .invalidEntry(location, dataset, _) = error else { return XCTFail("\(error)") }
        XCTAssertEqual(location, SourceLocation(file: file, line: 2, column: 8))
        XCTAssertEqual(dataset, "frame")
        XCTAssertTrue(error.description.hasPrefix("\(file):2:8: error: dataset 'frame': an entry must be a mapping"), error.description)
        XCTAssertContains(error.description, "not a string")
    }

    func testEntryWithoutTypeIsAnErrorNamingTheDataset() throws {
        let folder = try CatalogConfFolder()
        let file = try folder.write("base/catalog.yml", """
            frame:
              filepath: data/frame.dso
            """)
        guard let error = catalogError({ _ = try folder.catalog() }) else { return }
        guard case let .invalidEntry(location, "frame"?, problem) = error else { return XCTFail("\(error)") }
        XCTAssertEqual(location.file, file)
        XCTAssertEqual(location.line, 2)
        XCTAssertContains(problem, "missing 'type'")
        XCTAssertTrue(error.description.hasPrefix("\(file):2:"), error.description)
    }

    func testTypeThatIsNotANameIsAnError() throws {
        let folder = try CatalogConfFolder()
        let file = try folder.write("base/catalog.yml", """
            frame:
              type: [ObjectDataset]
            """)
        guard let error = catalogError({ _ = try folder.catalog() }) else { return }
        XCTAssertTrue(error.description.hasPrefix("\(file):2:9: error: dataset 'frame': 'type' must be a dataset type name, not a list"), error.description)
    }

    func testPatternEntryIsCheckedWhenTheCatalogIsRead() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", "\"{name}.csv\": {filepath: x}\n")
        guard let error = catalogError({ _ = try folder.catalog() }) else { return }
        guard case .invalidEntry(_, "{name}.csv"?, _) = error else { return XCTFail("\(error)") }
    }

    func testUnknownTypeListsRegisteredTypesAndSuggestsTheNearest() throws {
        let folder = try CatalogConfFolder()
        let file = try folder.write("base/catalog.yml", """
            good: {type: MemoryDataset}
            frame:
              type: ObjetDataset
              filepath: x.dso
            """)
        let catalog = try folder.catalog()
        XCTAssertTrue(try catalog.dataset(named: "good") is MemoryDataset)
        guard let error = catalogError({ _ = try catalog.dataset(named: "frame") }) else { return }
        guard case let .invalidEntry(location, "frame"?, _) = error else { return XCTFail("\(error)") }
        XCTAssertEqual(location, SourceLocation(file: file, line: 3, column: 9))
        XCTAssertTrue(error.description.hasPrefix("\(file):3:9: error: dataset 'frame': unknown dataset type 'ObjetDataset'"), error.description)
        XCTAssertContains(error.description, "did you mean 'ObjectDataset'?", "CSVDataset, MemoryDataset, ObjectDataset, RecordingDataset")
    }

    func testUnknownDatasetNameSuggestsTheNearestEntry() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", """
            house_prices: {type: MemoryDataset}
            house_prices_drop: {type: MemoryDataset}
            weather: {type: MemoryDataset}
            """)
        let catalog = try folder.catalog()
        guard let error = catalogError({ _ = try catalog.dataset(named: "house_price") }) else { return }
        guard case let .unknownDataset(name, known, suggestion) = error else { return XCTFail("\(error)") }
        XCTAssertEqual(name, "house_price")
        XCTAssertEqual(known, ["house_prices", "house_prices_drop", "weather"])
        XCTAssertEqual(suggestion, "house_prices")
        XCTAssertContains(error.description, "dataset 'house_price'", "did you mean 'house_prices'?", "house_prices, house_prices_drop, weather")

        guard let far = catalogError({ _ = try catalog.dataset(named: "zzzzzzzz") }) else { return }
        guard case .unknownDataset(_, _, nil) = far else { return XCTFail("\(far)") }
        XCTAssertFalse(far.description.contains("did you mean"), far.description)
    }

    func testUnknownDatasetThroughLoadAndSaveIsTheSameError() async throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", "weather: {type: MemoryDataset}\n")
        let catalog = try folder.catalog()
        let load = await catalogError(async: { _ = try await catalog.load("wether", as: Record.self) })
        guard case .unknownDataset("wether", _, "weather"?)? = load else { return XCTFail("\(String(describing: load))") }
        let save = await catalogError(async: { try await catalog.save(Record(), as: "wether") })
        guard case .unknownDataset("wether", _, "weather"?)? = save else { return XCTFail("\(String(describing: save))") }
    }

    func testMissingConfFolderIsAnError() throws {
        let folder = try CatalogConfFolder(base: false)
        guard let error = catalogError({ _ = try folder.catalog() }) else { return }
        guard case let .missingFolder(path, _) = error else { return XCTFail("\(error)") }
        XCTAssertEqual(path, folder.conf)
        XCTAssertContains(error.description, "configuration folder '\(folder.conf)' does not exist", "catalog.yml")
    }

    func testMissingConfFolderIsReportedAsSuchWhenAnEnvironmentIsRequested() throws {
        let folder = try CatalogConfFolder(base: false)
        for variables in [[:], ["DATASETS_ENV": "staging"]] {
            guard let error = catalogError({ _ = try folder.catalog(environment: variables.isEmpty ? "prod" : nil, variables: variables) }) else { return }
            guard case let .missingFolder(path, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(path, folder.conf)
            XCTAssertContains(error.description, "configuration folder '\(folder.conf)' does not exist")
        }
    }

    func testConfFolderWithoutBaseIsReadAsEmpty() throws {
        let folder = try CatalogConfFolder(base: false)
        try folder.write("local/catalog.yml", "only_local: {type: MemoryDataset}\n")
        XCTAssertEqual(try folder.catalog().datasetNames, ["only_local"])
    }

    func testUnknownOptionNamesTheEntryLocation() throws {
        let folder = try CatalogConfFolder()
        let file = try folder.write("base/catalog.yml", """
            frame:
              type: ObjectDataset
              filpath: x.dso
            """)
        let catalog = try folder.catalog()
        let error = errorThrown(by: { _ = try catalog.dataset(named: "frame") })
        guard case let .unknownOption(dataset, key, _, source)? = error as? DatasetError else { return XCTFail("\(String(describing: error))") }
        XCTAssertEqual(dataset, "frame")
        XCTAssertEqual(key, "filpath")
        XCTAssertTrue(source?.hasPrefix("\(file):2:") == true, "\(String(describing: source))")
    }

    func testMergeKeyWithAScalarIsAnError() throws {
        let folder = try CatalogConfFolder()
        let file = try folder.write("base/catalog.yml", """
            frame:
              <<: plain
              type: MemoryDataset
            """)
        guard let error = catalogError({ _ = try folder.catalog() }) else { return }
        XCTAssertTrue(error.description.hasPrefix("\(file):2:3: error: a merge key '<<' needs a mapping"), error.description)
    }

    func testErrorsInOneFileKindDoNotHideTheFileName() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", "frame: {type: MemoryDataset}\n")
        let file = try folder.write("local/credentials.yml", "db: {user: [unclosed\n")
        guard let error = catalogError({ _ = try folder.catalog() }) else { return }
        guard case let .yamlSyntax(location, _) = error else { return XCTFail("\(error)") }
        XCTAssertEqual(location.file, file)
    }
}

final class HostileCatalogTests: XCTestCase {
    func testAliasBombIsRejectedInsteadOfExhaustingMemory() throws {
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory.file("conf/base"), withIntermediateDirectories: true)
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 { yaml += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
        try yaml.write(toFile: directory.file("conf/base/parameters.yml"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try DataCatalog(conf: directory.file("conf"), variables: [:])) { error in
            XCTAssertTrue("\(error)".contains("parameters.yml"), "\(error)")
            XCTAssertTrue("\(error)".contains("more than 1000000 values"), "\(error)")
        }
    }
}

import DatasetSDK
import Foundation
import XCTest

/// Reading a conf folder: environments, which files count, hidden keys and YAML anchors, and a
/// typed round trip through the catalog.
final class CatalogTests: XCTestCase {
    // MARK: Environments

    func testLocalOverlayIsUsedByDefaultWhenConfLocalExists() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", "shared: {type: MemoryDataset}\n")
        try folder.write("local/catalog.yml", "mine: {type: MemoryDataset}\n")
        let catalog = try folder.catalog()
        XCTAssertEqual(catalog.environment, "local")
        XCTAssertEqual(catalog.datasetNames, ["shared", "mine"])
    }

    func testBaseAloneIsUsedWhenThereIsNoLocalFolder() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", "shared: {type: MemoryDataset}\n")
        try folder.write("prod/catalog.yml", "prod_only: {type: MemoryDataset}\n")
        let catalog = try folder.catalog()
        XCTAssertNil(catalog.environment)
        XCTAssertEqual(catalog.datasetNames, ["shared"])
    }

    func testDatasetsEnvVariableChoosesTheEnvironmentOverLocal() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", "shared: {type: MemoryDataset}\n")
        try folder.write("local/catalog.yml", "local_only: {type: MemoryDataset}\n")
        try folder.write("staging/catalog.yml", "staging_only: {type: MemoryDataset}\n")
        let catalog = try folder.catalog(variables: ["DATASETS_ENV": "staging"])
        XCTAssertEqual(catalog.environment, "staging")
        XCTAssertEqual(catalog.datasetNames, ["shared", "staging_only"])
    }

    func testEmptyDatasetsEnvVariableFallsBackToLocal() throws {
        let folder = try CatalogConfFolder()
        try folder.makeEnvironment("local")
        XCTAssertEqual(try folder.catalog(variables: ["DATASETS_ENV": ""]).environment, "local")
    }

    func testEnvironmentArgumentWinsOverDatasetsEnvVariable() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", "shared: {type: MemoryDataset}\n")
        try folder.write("staging/catalog.yml", "staging_only: {type: MemoryDataset}\n")
        try folder.write("prod/catalog.yml", "prod_only: {type: MemoryDataset}\n")
        let catalog = try folder.catalog(environment: "prod", variables: ["DATASETS_ENV": "staging"])
        XCTAssertEqual(catalog.environment, "prod")
        XCTAssertEqual(catalog.datasetNames, ["shared", "prod_only"])
    }

    func testEnvironmentEntryReplacesTheBaseEntryAsAWhole() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", """
            frame:
              type: RecordingDataset
              filepath: base/frame.csv
              load_args: {sep: ";"}
            untouched:
              type: MemoryDataset
            """)
        try folder.write("prod/catalog.yml", """
            frame:
              type: RecordingDataset
              filepath: prod/frame.csv
            """)
        let catalog = try folder.catalog(environment: "prod")
        XCTAssertEqual(catalog.datasetNames, ["frame", "untouched"])
        let entry = try catalog.resolvedEntries(for: ["frame"])["frame"]
        XCTAssertEqual(entry, ["type": "RecordingDataset", "filepath": "prod/frame.csv"])
        let dataset = try XCTUnwrap(catalog.dataset(named: "frame") as? RecordingDataset)
        XCTAssertNil(dataset.configuration.options["load_args"], "load_args exists only in base's entry")
    }

    func testKeyDefinedTwiceInOneEnvironmentIsADuplicateKeyNamingBothFiles() throws {
        let folder = try CatalogConfFolder()
        let first = try folder.write("base/catalog.yml", "frame: {type: MemoryDataset}\n")
        let second = try folder.write("base/catalog_more.yml", "other: {type: MemoryDataset}\nframe: {type: MemoryDataset}\n")
        guard let error = catalogError({ _ = try folder.catalog() }) else { return }
        guard case let .duplicateKey(key, firstLocation, secondLocation) = error else { return XCTFail("\(error)") }
        XCTAssertEqual(key, "frame")
        XCTAssertEqual(firstLocation.file, first)
        XCTAssertEqual(secondLocation.file, second)
        XCTAssertEqual(secondLocation.line, 2)
        XCTAssertContains(error.description, first, second, "'frame'")
        XCTAssertTrue(error.description.hasPrefix("\(second):2:"), error.description)
    }

    func testKeyWrittenTwiceInOneEntryIsReportedAtTheSecondKeysLine() throws {
        let folder = try CatalogConfFolder()
        let file = try folder.write("base/catalog.yml", """
            first:
              type: MemoryDataset
            frame:
              type: CSVDataset
              filepath: data/a.csv
              # a comment
              filepath: data/b.csv
            other:
              type: MemoryDataset
            """)
        guard let error = catalogError({ _ = try folder.catalog() }) else { return }
        guard case let .duplicateKey(key, first, second) = error else { return XCTFail("\(error)") }
        XCTAssertEqual(key, "filepath")
        XCTAssertEqual(first, SourceLocation(file: file, line: 5, column: 3))
        XCTAssertEqual(second, SourceLocation(file: file, line: 7, column: 3))
        XCTAssertTrue(error.description.hasPrefix("\(file):7:3: error: 'filepath' is already defined at \(file):5:3"), error.description)
    }

    func testTopLevelKeyWrittenTwiceInOneFileNamesBothLines() throws {
        let folder = try CatalogConfFolder()
        let file = try folder.write("base/catalog.yml", """
            frame:
              type: MemoryDataset
            "other":
              type: MemoryDataset
            frame:
              type: MemoryDataset
            """)
        guard let error = catalogError({ _ = try folder.catalog() }) else { return }
        guard case let .duplicateKey("frame", first, second) = error else { return XCTFail("\(error)") }
        XCTAssertEqual([first.line, second.line], [1, 5])
        XCTAssertEqual(second.file, file)
    }

    func testInterpolationErrorInAnEntryNamesTheDataset() throws {
        let folder = try CatalogConfFolder()
        let file = try folder.write("base/catalog.yml", """
            "{name}_table":
              type: RecordingDataset
              filepath: ${env:NOT_SET_ROOT}/{name}.csv
            """)
        let catalog = try folder.catalog()
        guard let error = catalogError({ _ = try catalog.dataset(named: "sales_table") }) else { return }
        guard case .unresolvedInterpolation(_, "sales_table", "env:NOT_SET_ROOT", _) = error else { return XCTFail("\(error)") }
        XCTAssertTrue(error.description.hasPrefix("\(file):3:13: error: dataset 'sales_table': cannot resolve '${env:NOT_SET_ROOT}'"), error.description)
    }

    func testSameKeyInBaseAndEnvironmentIsAnOverrideNotADuplicate() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", "frame: {type: MemoryDataset}\n")
        try folder.write("local/catalog_frames.yml", "frame: {type: RecordingDataset}\n")
        XCTAssertTrue(try folder.catalog().dataset(named: "frame") is RecordingDataset)
    }

    func testUnknownEnvironmentListsTheAvailableOnes() throws {
        let folder = try CatalogConfFolder()
        try folder.makeEnvironment("local")
        try folder.makeEnvironment("prod")
        guard let error = catalogError({ _ = try folder.catalog(environment: "staging") }) else { return }
        guard case let .missingFolder(path, _) = error else { return XCTFail("\(error)") }
        XCTAssertEqual(path, "\(folder.conf)/staging")
        XCTAssertContains(error.description, "\(folder.conf)/staging", "environments here: local, prod")
        XCTAssertFalse(error.description.contains("base"), error.description)

        guard let fromVariable = catalogError({ _ = try folder.catalog(variables: ["DATASETS_ENV": "qa"]) }) else { return }
        XCTAssertContains(fromVariable.description, "\(folder.conf)/qa", "local, prod")
    }

    // MARK: Files

    func testCatalogParametersCredentialsAndGlobalsFilesAreAllFound() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", "from_catalog: {type: MemoryDataset}\n")
        try folder.write("base/catalog_extra.yml", "from_catalog_extra: {type: MemoryDataset}\n")
        try folder.write("base/catalog/nested/x.yml", "from_catalog_folder: {type: MemoryDataset}\n")
        try folder.write("base/catalog_parts/y.yaml", "from_catalog_prefix_folder: {type: MemoryDataset}\n")
        try folder.write("base/pipelines/training/catalog_training.yml", "from_deep_catalog_file: {type: MemoryDataset}\n")
        try folder.write("base/other.yml", "not_a_dataset: {type: MemoryDataset}\n")
        try folder.write("base/catalog.json", "{}\n")
        try folder.write("base/parameters.yml", "alpha: 0.5\n")
        try folder.write("base/parameters_model.yml", "model: {depth: 3}\n")
        try folder.write("base/parameters/extra.yml", "extra: true\n")
        try folder.write("base/credentials.yml", "db: {password: pw}\n")
        try folder.write("base/globals.yml", "bucket: my-bucket\n")
        try folder.write("base/uses.yml", "ignored: 1\n")
        try folder.write("base/catalog_uses.yml", """
            with_credentials:
              type: RecordingDataset
              credentials: db
              filepath: s3://${globals:bucket}/x.csv
            """)
        let catalog = try folder.catalog()
        XCTAssertEqual(Set(catalog.datasetNames), [
            "from_catalog", "from_catalog_extra", "from_catalog_folder", "from_catalog_prefix_folder",
            "from_deep_catalog_file", "with_credentials",
        ])
        XCTAssertEqual(catalog.parameter("alpha"), .double(0.5))
        XCTAssertEqual(catalog.parameter("model.depth"), .int(3))
        XCTAssertEqual(catalog.parameter("extra"), .bool(true))
        XCTAssertNil(catalog.parameter("ignored"))
        let dataset = try XCTUnwrap(catalog.dataset(named: "with_credentials") as? RecordingDataset)
        XCTAssertEqual(dataset.configuration.credentials?.values["password"], "pw")
        XCTAssertEqual(dataset.configuration.options["filepath"], "s3://my-bucket/x.csv")
    }

    func testEmptyFilesAndHiddenFilesAreIgnored() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", "")
        try folder.write("base/catalog_comments.yml", "# nothing here yet\n")
        try folder.write("base/.catalog_hidden.yml", "hidden: {type: MemoryDataset}\n")
        try folder.write("base/catalog_real.yml", "real: {type: MemoryDataset}\n")
        XCTAssertEqual(try folder.catalog().datasetNames, ["real"])
    }

    func testUnderscoreKeysAreHiddenAndAnchorsWithMergeKeysLetExplicitKeysWin() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", """
            _csv: &csv
              type: CSVDataset
              load_args: {sep: ";"}
              metadata: {owner: data-team}

            _fast: &fast
              load_args: {sep: "|"}
              metadata: {owner: fast-team}

            boats:
              <<: *csv
              filepath: data/boats.csv

            cars:
              type: RecordingDataset
              <<: *csv
              filepath: data/cars.csv

            planes:
              <<: [*csv, *fast]
              filepath: data/planes.csv
              metadata: {owner: planes-team}

            trains:
              <<: [*fast, *csv]
              filepath: data/trains.csv
            """)
        let catalog = try folder.catalog()
        XCTAssertEqual(catalog.datasetNames, ["boats", "cars", "planes", "trains"])
        XCTAssertFalse(catalog.contains("_csv"))
        let entries = try catalog.resolvedEntries(for: catalog.datasetNames)
        XCTAssertEqual(entries["boats"], [
            "type": "CSVDataset", "load_args": ["sep": ";"], "metadata": ["owner": "data-team"], "filepath": "data/boats.csv",
        ])
        // An explicit key wins over a merged one, whether written before or after `<<`.
        XCTAssertEqual(entries["cars"]?.mapValue?["type"], "RecordingDataset")
        XCTAssertEqual(entries["cars"]?.mapValue?["load_args"], ["sep": ";"])
        // Earlier maps in a merge list win over later ones.
        XCTAssertEqual(entries["planes"]?.mapValue?["load_args"], ["sep": ";"])
        XCTAssertEqual(entries["planes"]?.mapValue?["metadata"], ["owner": "planes-team"])
        XCTAssertEqual(entries["trains"]?.mapValue?["load_args"], ["sep": "|"])
        XCTAssertEqual(entries["trains"]?.mapValue?["type"], "CSVDataset")
        XCTAssertTrue(try catalog.dataset(named: "boats") is CSVDataset)
    }

    func testAnchorsInOneFileCanBeUsedByItsEntriesOnly() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", """
            _memory: &memory {type: MemoryDataset}
            a: *memory
            """)
        try folder.write("base/catalog_other.yml", "b: *memory\n")
        guard let error = catalogError({ _ = try folder.catalog() }) else { return }
        guard case let .yamlSyntax(location, _) = error else { return XCTFail("\(error)") }
        XCTAssertEqual(location.file, "\(folder.conf)/base/catalog_other.yml")
    }

    // MARK: Round trip

    func testObjectAndCSVDatasetsRoundTripTypedValuesThroughTheCatalog() async throws {
        let folder = try CatalogConfFolder()
        try FileManager.default.createDirectory(atPath: folder.data(""), withIntermediateDirectories: true)
        try "id,price,city\n1,10.5,Paris\n2,,Lyon\n3,7.25,NA\n".write(toFile: folder.data("houses.csv"), atomically: true, encoding: .utf8)
        try folder.write("base/catalog.yml", """
            houses:
              type: pandas.CSVDataset
              filepath: \(folder.data("houses.csv"))
            houses_out:
              type: CSVDataset
              filepath: \(folder.data("out/houses.csv"))
            weights:
              type: ObjectDataset
              filepath: \(folder.data("model/weights.dso"))
            """)
        let catalog = try folder.catalog()

        let houses: DataFrame = try await catalog.load("houses")
        XCTAssertEqual(houses.columnNames, ["id", "price", "city"])
        XCTAssertEqual(houses.rowCount, 3)
        XCTAssertEqual(try houses.values("id", as: Int64.self).scalars, [1, 2, 3])
        XCTAssertEqual(try houses.values("price", as: Double.self).scalars.first, 10.5)

        try await catalog.save(houses.dropping(columns: ["price"]), as: "houses_out")
        let written = try String(contentsOfFile: folder.data("out/houses.csv"), encoding: .utf8)
        XCTAssertTrue(written.hasPrefix("id,city\n1,Paris\n2,Lyon\n"), written)
        let reloaded = try await catalog.load("houses_out", as: DataFrame.self)
        XCTAssertEqual(reloaded.columnNames, ["id", "city"])
        XCTAssertEqual(Array(try reloaded.strings("city").prefix(2)), ["Paris", "Lyon"])

        let existedBefore = try await catalog.exists("weights")
        XCTAssertFalse(existedBefore)
        try await catalog.save(Tensor<Double>([0.25, 0.5, 0.75]), as: "weights")
        let existsAfter = try await catalog.exists("weights")
        XCTAssertTrue(existsAfter)
        let weights: Tensor<Double> = try await catalog.load("weights")
        XCTAssertEqual(weights.scalars, [0.25, 0.5, 0.75])

        let error = await errorThrown(byAsync: { _ = try await catalog.load("weights", as: DataFrame.self) })
        guard case let .wrongType(dataset, expected, found)? = error as? DatasetError else { return XCTFail("\(String(describing: error))") }
        XCTAssertEqual(dataset, "weights")
        XCTAssertEqual(expected, DataFrame.typeName)
        XCTAssertEqual(found, Tensor<Double>.typeName)
    }

    func testDatasetIsCreatedOnceAndDatasetsAddedInCodeAreServedByName() async throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", "frame: {type: RecordingDataset}\n")
        let catalog = try folder.catalog()
        let first = try XCTUnwrap(catalog.dataset(named: "frame") as? RecordingDataset)
        let second = try XCTUnwrap(catalog.dataset(named: "frame") as? RecordingDataset)
        XCTAssertTrue(first === second)

        catalog.add(MemoryDataset(name: "scratch"), as: "scratch")
        XCTAssertTrue(catalog.contains("scratch"))
        try await catalog.save(Record(["n": 1]), as: "scratch")
        let loaded: Record = try await catalog.load("scratch")
        XCTAssertEqual(loaded["n"], 1)
        await catalog.release("scratch")
        let existsAfterRelease = try await catalog.exists("scratch")
        XCTAssertFalse(existsAfterRelease)
    }

    func testEmptyCatalogServesOnlyDatasetsAddedInCode() async throws {
        let catalog = DataCatalog(registry: .standard, parameters: ["alpha": 1])
        XCTAssertEqual(catalog.datasetNames, [])
        XCTAssertEqual(catalog.parameter("params:alpha"), 1)
        catalog.add(MemoryDataset(name: "m"), as: "m")
        try await catalog.save(Tensor<Int64>([1]), as: "m")
        let loaded: Tensor<Int64> = try await catalog.load("m")
        XCTAssertEqual(loaded.scalars, [1])
        guard let error = catalogError({ _ = try catalog.dataset(named: "other") }) else { return }
        guard case .unknownDataset("other", [], nil) = error else { return XCTFail("\(error)") }
    }
}

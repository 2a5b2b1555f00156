import DatasetSDK
import Foundation
import XCTest

/// Dataset factories (catalog keys with `{placeholders}`), following Kedro's "Dataset factories"
/// documentation: precedence, substitution, explicit entries first, one catch-all.
final class DatasetFactoryTests: XCTestCase {
    /// The patterns of Kedro's documentation example, plus a catch-all.
    private static let kedroExample = """
        "{namespace}.{dataset_name}@spark":
          type: RecordingDataset
          filepath: data/{namespace}/{dataset_name}.parquet
          file_format: parquet

        "{dataset_name}@csv":
          type: RecordingDataset
          filepath: data/01_raw/{dataset_name}.csv

        "{layer}.{dataset_name}":
          type: RecordingDataset
          filepath: data/{layer}/{dataset_name}.csv

        "{default}":
          type: MemoryDataset

        """

    func testKedroExampleNamesResolveToTheMostSpecificPattern() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", Self.kedroExample)
        let catalog = try folder.catalog()
        XCTAssertEqual(catalog.matchingPattern(for: "france.companies@spark"), "{namespace}.{dataset_name}@spark")
        XCTAssertEqual(catalog.matchingPattern(for: "boats@csv"), "{dataset_name}@csv")
        XCTAssertEqual(catalog.matchingPattern(for: "raw.shuttles"), "{layer}.{dataset_name}")
        XCTAssertEqual(catalog.matchingPattern(for: "anything"), "{default}")
        // Matches both "{dataset_name}@csv" (4 literal characters) and "{layer}.{dataset_name}" (1).
        XCTAssertEqual(catalog.matchingPattern(for: "france.companies@csv"), "{dataset_name}@csv")
        // "@spark" without a namespace falls through to the catch-all.
        XCTAssertEqual(catalog.matchingPattern(for: "companies@spark"), "{default}")
    }

    func testPatternNamesAreRankedByLiteralCharactersThenPlaceholdersThenAlphabetically() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", Self.kedroExample)
        XCTAssertEqual(try folder.catalog().patternNames, [
            "{namespace}.{dataset_name}@spark", "{dataset_name}@csv", "{layer}.{dataset_name}", "{default}",
        ])
    }

    func testKedroSortPatternsDocstringOrderIsReproduced() throws {
        let folder = try CatalogConfFolder()
        // Written in reverse order on purpose; the file order must not matter.
        try folder.write("base/catalog.yml", """
            "{name}": {type: MemoryDataset}
            "{namespace}.{name}": {type: MemoryDataset}
            "{namespace}.int_{name}{a}": {type: MemoryDataset}
            "{namespace}.ant_{name}{c}": {type: MemoryDataset}
            """)
        XCTAssertEqual(try folder.catalog().patternNames, [
            "{namespace}.ant_{name}{c}", "{namespace}.int_{name}{a}", "{namespace}.{name}", "{name}",
        ])
    }

    func testEqualLiteralCountPrefersMorePlaceholdersThenAlphabeticalOrder() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", """
            "{n}_x": {type: MemoryDataset}
            "p_{name}": {type: MemoryDataset}
            "{a}__{b}": {type: MemoryDataset}
            "{a}_{b}_{c}": {type: MemoryDataset}
            "{name}.csv": {type: MemoryDataset}
            """)
        let catalog = try folder.catalog()
        XCTAssertEqual(catalog.patternNames, ["{name}.csv", "{a}_{b}_{c}", "{a}__{b}", "p_{name}", "{n}_x"])
        // Both "{a}_{b}_{c}" and "p_{name}" match: same literal count, more placeholders wins.
        XCTAssertEqual(catalog.matchingPattern(for: "p_q_r"), "{a}_{b}_{c}")
        // Both "p_{name}" and "{n}_x" match: same counts, alphabetical order wins.
        XCTAssertEqual(catalog.matchingPattern(for: "p_x"), "p_{name}")
        XCTAssertEqual(catalog.matchingPattern(for: "q_x"), "{n}_x")
        XCTAssertEqual(catalog.matchingPattern(for: "a.csv"), "{name}.csv")
    }

    func testPlaceholdersAreSubstitutedIntoEveryStringFieldIncludingNestedArguments() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", """
            "{layer}.{name}":
              type: RecordingDataset
              filepath: data/{layer}/{name}.csv
              rows: 3
              load_args:
                sep: ","
                names: ["{name}_id", "{layer}", "fixed"]
                nested: {path: "{layer}/{name}/deep", unknown: "{other}"}
            """)
        let catalog = try folder.catalog()
        let expectedLoadArgs: Value = [
            "sep": ",",
            "names": ["shuttles_id", "raw", "fixed"],
            "nested": ["path": "raw/shuttles/deep", "unknown": "{other}"],
        ]
        let entry = try catalog.resolvedEntries(for: ["raw.shuttles"])["raw.shuttles"]?.mapValue
        XCTAssertEqual(entry?["type"], "RecordingDataset")
        XCTAssertEqual(entry?["filepath"], "data/raw/shuttles.csv")
        XCTAssertEqual(entry?["rows"], .int(3))
        XCTAssertEqual(entry?["load_args"], expectedLoadArgs)

        let dataset = try XCTUnwrap(catalog.dataset(named: "raw.shuttles") as? RecordingDataset)
        XCTAssertEqual(dataset.configuration.name, "raw.shuttles")
        XCTAssertEqual(dataset.configuration.options["filepath"], "data/raw/shuttles.csv")
        XCTAssertEqual(dataset.configuration.options["load_args"], expectedLoadArgs)
        XCTAssertNil(dataset.configuration.options["type"])
    }

    func testPlaceholderCanChooseTheDatasetType() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", """
            "{name}.{kind}":
              type: "{kind}"
            """)
        let catalog = try folder.catalog()
        XCTAssertTrue(try catalog.dataset(named: "frame.MemoryDataset") is MemoryDataset)
        XCTAssertTrue(try catalog.dataset(named: "frame.RecordingDataset") is RecordingDataset)
    }

    func testExplicitEntryWinsOverAMatchingPattern() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", """
            "{layer}.{name}":
              type: RecordingDataset
              filepath: data/{layer}/{name}.csv
            raw.shuttles:
              type: RecordingDataset
              filepath: explicit/shuttles.csv
            """)
        let catalog = try folder.catalog()
        XCTAssertEqual(catalog.datasetNames, ["raw.shuttles"])
        XCTAssertNil(catalog.matchingPattern(for: "raw.shuttles"))
        XCTAssertEqual(catalog.matchingPattern(for: "raw.boats"), "{layer}.{name}")
        let entries = try catalog.resolvedEntries(for: ["raw.shuttles", "raw.boats"])
        XCTAssertEqual(entries["raw.shuttles"]?.mapValue?["filepath"], "explicit/shuttles.csv")
        XCTAssertEqual(entries["raw.boats"]?.mapValue?["filepath"], "data/raw/boats.csv")
        XCTAssertNil(try catalog.describe("raw.shuttles")["pattern"])
        XCTAssertEqual(try catalog.describe("raw.boats")["pattern"], "{layer}.{name}")
    }

    func testExplicitEntryInAnEnvironmentWinsOverABasePattern() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", """
            "{name}_data":
              type: RecordingDataset
              filepath: base/{name}.csv
            """)
        try folder.write("local/catalog.yml", """
            factory_data:
              type: MemoryDataset
            """)
        let catalog = try folder.catalog()
        XCTAssertTrue(try catalog.dataset(named: "factory_data") is MemoryDataset)
        XCTAssertTrue(try catalog.dataset(named: "process_data") is RecordingDataset)
    }

    func testMoreThanOneCatchAllPatternIsAnError() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", """
            "{name}": {type: MemoryDataset}
            "path/{dataset}/file": {type: MemoryDataset}
            "{value}": {type: MemoryDataset}
            """)
        guard let error = catalogError({ _ = try folder.catalog() }) else { return }
        guard case let .multipleCatchAllPatterns(patterns) = error else { return XCTFail("\(error)") }
        XCTAssertEqual(patterns.map(\.pattern), ["{name}", "{value}"])
        XCTAssertEqual(patterns.map(\.location.line), [1, 3])
        XCTAssertContains(error.description, "more than one catch-all pattern", "'{name}' at \(folder.conf)/base/catalog.yml:1:", "'{value}' at \(folder.conf)/base/catalog.yml:3:")
    }

    func testPatternWithoutLiteralCharactersCountsAsACatchAll() throws {
        // Kedro: a catch-all is any pattern whose specificity (characters outside braces) is 0.
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", """
            "{name}": {type: MemoryDataset}
            "{a}{b}": {type: MemoryDataset}
            """)
        guard let error = catalogError({ _ = try folder.catalog() }) else { return }
        guard case let .multipleCatchAllPatterns(patterns) = error else { return XCTFail("\(error)") }
        XCTAssertEqual(Set(patterns.map(\.pattern)), ["{name}", "{a}{b}"])
    }

    func testCatchAllIsTriedLastAndServesAnyOtherName() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", """
            "{default_dataset}":
              type: RecordingDataset
              filepath: data/{default_dataset}.csv
            "{dataset_name}#csv":
              type: RecordingDataset
              filepath: data/01_raw/{dataset_name}.csv
            """)
        let catalog = try folder.catalog()
        XCTAssertEqual(catalog.patternNames, ["{dataset_name}#csv", "{default_dataset}"])
        XCTAssertTrue(catalog.contains("reviews#csv"))
        XCTAssertTrue(catalog.contains("nonexistent"))
        let entries = try catalog.resolvedEntries(for: ["reviews#csv", "nonexistent"])
        XCTAssertEqual(entries["reviews#csv"]?.mapValue?["filepath"], "data/01_raw/reviews.csv")
        XCTAssertEqual(entries["nonexistent"]?.mapValue?["filepath"], "data/nonexistent.csv")
    }

    func testPlaceholdersMatchAtLeastOneCharacterAndTheWholeName() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", """
            "{name}.csv": {type: MemoryDataset}
            """)
        let catalog = try folder.catalog()
        XCTAssertEqual(catalog.matchingPattern(for: "a.csv"), "{name}.csv")
        XCTAssertEqual(catalog.matchingPattern(for: "a.b.csv"), "{name}.csv")
        XCTAssertNil(catalog.matchingPattern(for: ".csv"))
        XCTAssertNil(catalog.matchingPattern(for: "a.csv.bak"))
        XCTAssertNil(catalog.matchingPattern(for: "a.csvx"))
        XCTAssertFalse(catalog.contains("a.csv.bak"))
        guard let error = catalogError({ _ = try catalog.dataset(named: "a.csv.bak") }) else { return }
        guard case .unknownDataset("a.csv.bak", _, _) = error else { return XCTFail("\(error)") }
    }

    func testRepeatedPlaceholderMustMatchTheSameText() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", """
            "{x}-to-{x}": {type: MemoryDataset}
            """)
        let catalog = try folder.catalog()
        XCTAssertEqual(catalog.matchingPattern(for: "a-to-a"), "{x}-to-{x}")
        XCTAssertNil(catalog.matchingPattern(for: "a-to-b"))
    }

    func testPatternNamesIsEmptyAndDatasetNamesListsExplicitEntriesInFileOrder() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", """
            zeta: {type: MemoryDataset}
            alpha: {type: MemoryDataset}
            mid: {type: MemoryDataset}
            """)
        let catalog = try folder.catalog()
        XCTAssertEqual(catalog.patternNames, [])
        XCTAssertEqual(catalog.datasetNames, ["zeta", "alpha", "mid"])
        XCTAssertNil(catalog.matchingPattern(for: "zeta"))
    }

    func testResolvedEntriesSkipsUnknownNamesAndShowsCredentialsByNameOnly() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", """
            "{name}@s3":
              type: RecordingDataset
              filepath: s3://bucket/{name}.dso
              credentials: dev_s3
            inline:
              type: RecordingDataset
              credentials: {key: AKIA-INLINE, secret: inline-secret}
            """)
        try folder.write("base/credentials.yml", """
            dev_s3: {key: AKIA, secret: s3-secret}
            """)
        let entries = try folder.catalog().resolvedEntries(for: ["prices@s3", "inline", "missing"])
        XCTAssertEqual(Set(entries.keys), ["prices@s3", "inline"])
        XCTAssertEqual(entries["prices@s3"], ["type": "RecordingDataset", "filepath": "s3://bucket/prices.dso", "credentials": "dev_s3"])
        XCTAssertEqual(entries["inline"]?.mapValue?["credentials"], "<inline: key, secret>")
        let printed = "\(Value.map(entries))"
        XCTAssertFalse(printed.contains("s3-secret") || printed.contains("inline-secret"), printed)
    }

    func testPatternPlaceholdersAndInterpolationCombine() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/globals.yml", """
            root: /srv/data
            """)
        try folder.write("base/catalog.yml", """
            "{layer}.{name}":
              type: RecordingDataset
              filepath: ${globals:root}/{layer}/{name}-${env:SUFFIX, v1}.csv
            """)
        let entries = try folder.catalog(variables: ["SUFFIX": "v2"]).resolvedEntries(for: ["raw.boats"])
        XCTAssertEqual(entries["raw.boats"]?.mapValue?["filepath"], "/srv/data/raw/boats-v2.csv")
    }

    func testDatasetFromAPatternSavesAndLoadsUnderItsOwnSubstitutedPath() async throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", """
            "{name}#obj":
              type: ObjectDataset
              filepath: \(folder.data("{name}.dso"))
            """)
        let catalog = try folder.catalog()
        try await catalog.save(Tensor<Int64>([1, 2, 3]), as: "first#obj")
        try await catalog.save(Tensor<Int64>([4, 5]), as: "second#obj")
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.data("first.dso")))
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.data("second.dso")))
        let first: Tensor<Int64> = try await catalog.load("first#obj")
        let second: Tensor<Int64> = try await catalog.load("second#obj")
        XCTAssertEqual(first.scalars, [1, 2, 3])
        XCTAssertEqual(second.scalars, [4, 5])
    }

    func testEnvironmentPatternReplacesTheBasePatternOfTheSameKey() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", """
            "{name}@csv":
              type: RecordingDataset
              filepath: base/{name}.csv
            """)
        try folder.write("prod/catalog.yml", """
            "{name}@csv":
              type: RecordingDataset
              filepath: prod/{name}.csv
            """)
        let catalog = try folder.catalog(environment: "prod")
        XCTAssertEqual(catalog.patternNames, ["{name}@csv"])
        XCTAssertEqual(try catalog.resolvedEntries(for: ["x@csv"])["x@csv"]?.mapValue?["filepath"], "prod/x.csv")
    }
}

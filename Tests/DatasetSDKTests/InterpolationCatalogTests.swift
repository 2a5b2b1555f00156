import DatasetSDK
import Foundation
import XCTest

/// `${resolver:key}` interpolation in catalog entries, and parameters with `--params` overrides.
final class InterpolationCatalogTests: XCTestCase {
    private func entry(_ name: String, in catalog: DataCatalog) throws -> [String: Value] {
        try XCTUnwrap(catalog.resolvedEntries(for: [name])[name]?.mapValue)
    }

    // MARK: Resolvers

    func testEnvInterpolationIsSplicedIntoText() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", """
            frame:
              type: RecordingDataset
              filepath: ${env:DATA_ROOT}/x.dso
              label: "run by ${env:USER_NAME} on ${oc.env:HOST}"
              whole: ${env:PORT}
            """)
        let catalog = try folder.catalog(variables: ["DATA_ROOT": "/srv/data", "USER_NAME": "ada", "HOST": "node-1", "PORT": "8080"])
        let options = try entry("frame", in: catalog)
        XCTAssertEqual(options["filepath"], "/srv/data/x.dso")
        XCTAssertEqual(options["label"], "run by ada on node-1")
        // Environment variables are text, even when they look like numbers.
        XCTAssertEqual(options["whole"], "8080")
    }

    func testEnvDefaultIsUsedOnlyWhenTheVariableIsUnsetAndIsReadLikeAYAMLScalar() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", """
            frame:
              type: RecordingDataset
              text: ${env:MISSING, fallback}
              number: ${env:MISSING, 5}
              ratio: ${env:MISSING,0.5}
              flag: ${oc.env:MISSING, true}
              quoted: ${env:MISSING, 'a b'}
              set: ${env:SET, 5}
              spliced: "x-${env:MISSING, 5}-y"
            """)
        let options = try entry("frame", in: folder.catalog(variables: ["SET": "7"]))
        XCTAssertEqual(options["text"], "fallback")
        XCTAssertEqual(options["number"], .int(5))
        XCTAssertEqual(options["ratio"], .double(0.5))
        XCTAssertEqual(options["flag"], .bool(true))
        XCTAssertEqual(options["quoted"], "a b")
        XCTAssertEqual(options["set"], "7")
        XCTAssertEqual(options["spliced"], "x-5-y")
    }

    func testGlobalsAreTypedWhenTheWholeStringAndSplicedInsideText() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/globals.yml", """
            paths: {raw: data/01_raw}
            sizes: {rows: 5, ratio: 0.25}
            columns: [a, b]
            bucket: ${env:BUCKET, dev-bucket}
            """)
        try folder.write("base/catalog.yml", """
            frame:
              type: RecordingDataset
              filepath: ${globals:paths.raw}/x.csv
              rows: ${globals:sizes.rows}
              ratio: ${globals:sizes.ratio}
              columns: ${globals:columns}
              label: "rows=${globals:sizes.rows}"
              bucket: ${globals:bucket}
              section: ${globals:sizes}
            """)
        let options = try entry("frame", in: folder.catalog(variables: ["BUCKET": "prod-bucket"]))
        XCTAssertEqual(options["filepath"], "data/01_raw/x.csv")
        XCTAssertEqual(options["rows"], .int(5))
        XCTAssertEqual(options["ratio"], .double(0.25))
        XCTAssertEqual(options["columns"], ["a", "b"])
        XCTAssertEqual(options["label"], "rows=5")
        XCTAssertEqual(options["bucket"], "prod-bucket")
        XCTAssertEqual(options["section"], ["rows": 5, "ratio": 0.25])
    }

    func testEnvironmentGlobalsReplaceBaseGlobals() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/globals.yml", "bucket: dev\nregion: eu\n")
        try folder.write("prod/globals.yml", "bucket: prod\n")
        try folder.write("base/catalog.yml", "frame: {type: RecordingDataset, filepath: 's3://${globals:bucket}/${globals:region}/x.csv'}\n")
        XCTAssertEqual(try entry("frame", in: folder.catalog(environment: "prod"))["filepath"], "s3://prod/eu/x.csv")
        XCTAssertEqual(try entry("frame", in: folder.catalog())["filepath"], "s3://dev/eu/x.csv")
    }

    func testRuntimeParamsAreTypedWhenTheWholeStringAndSplicedInsideText() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", """
            frame:
              type: RecordingDataset
              rows: ${runtime_params:rows}
              alpha: ${runtime_params:model.alpha}
              label: "rows-${runtime_params:rows}-${runtime_params:rows}"
              missing: ${runtime_params:absent, 3}
              nested: {list: ["${runtime_params:rows}", plain]}
            """)
        let catalog = try folder.catalog(runtimeParameters: ["rows": 10, "model": ["alpha": 0.5]])
        let options = try entry("frame", in: catalog)
        XCTAssertEqual(options["rows"], .int(10))
        XCTAssertEqual(options["alpha"], .double(0.5))
        XCTAssertEqual(options["label"], "rows-10-10")
        XCTAssertEqual(options["missing"], .int(3))
        XCTAssertEqual(options["nested"], ["list": [10, "plain"]])
    }

    func testRuntimeParamsGivenWithDottedKeysResolveDottedReferences() throws {
        // `--params model.alpha=0.5` arrives as the key "model.alpha".
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", """
            frame:
              type: RecordingDataset
              alpha: ${runtime_params:model.alpha}
              model: ${runtime_params:model}
            """)
        let options = try entry("frame", in: folder.catalog(runtimeParameters: ["model.alpha": 0.5]))
        XCTAssertEqual(options["alpha"], .double(0.5))
        XCTAssertEqual(options["model"], ["alpha": 0.5])
    }

    // MARK: Unresolved

    func testUnresolvedEnvVariableIsAnErrorWithFileLineAndColumn() throws {
        let folder = try CatalogConfFolder()
        let file = try folder.write("base/catalog.yml", """
            frame:
              type: RecordingDataset
              filepath: ${env:DATA_ROOT}/x.dso
            """)
        let catalog = try folder.catalog()
        guard let error = catalogError({ _ = try catalog.dataset(named: "frame") }) else { return }
        guard case let .unresolvedInterpolation(location, _, expression, _) = error else { return XCTFail("\(error)") }
        XCTAssertEqual(location, SourceLocation(file: file, line: 3, column: 13))
        XCTAssertEqual(expression, "env:DATA_ROOT")
        XCTAssertTrue(error.description.hasPrefix("\(file):3:13: error: dataset 'frame': cannot resolve '${env:DATA_ROOT}'"), error.description)
        XCTAssertContains(error.description, "'DATA_ROOT' is not set in the environment", "${env:DATA_ROOT, DEFAULT}")
    }

    func testUnresolvedGlobalsAndRuntimeParamsNameWhereTheyAreLookedFor() throws {
        let folder = try CatalogConfFolder()
        let file = try folder.write("base/catalog.yml", """
            a: {type: RecordingDataset, x: "${globals:nope.deeper}"}
            b: {type: RecordingDataset, x: "${runtime_params:nope}"}
            """)
        let catalog = try folder.catalog()
        let globals = catalogError({ _ = try catalog.dataset(named: "a") })
        XCTAssertTrue(globals?.description.hasPrefix("\(file):1:") == true, "\(String(describing: globals))")
        XCTAssertContains(globals?.description ?? "", "'nope.deeper' is not set in globals.yml")
        let runtime = catalogError({ _ = try catalog.dataset(named: "b") })
        XCTAssertTrue(runtime?.description.hasPrefix("\(file):2:") == true, "\(String(describing: runtime))")
        XCTAssertContains(runtime?.description ?? "", "'nope' is not set in --params")
    }

    func testUnknownResolverAndUnclosedInterpolationAreErrors() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/catalog.yml", """
            unknown: {type: RecordingDataset, x: "${vault:secret}"}
            unclosed: {type: RecordingDataset, x: "${env:HOME"}
            bare: {type: RecordingDataset, x: "${HOME}"}
            """)
        let catalog = try folder.catalog(variables: ["HOME": "/home/ada"])
        let unknown = catalogError({ _ = try catalog.dataset(named: "unknown") })
        XCTAssertContains(unknown?.description ?? "", "catalog.yml:1:", "unknown resolver 'vault'")
        let unclosed = catalogError({ _ = try catalog.dataset(named: "unclosed") })
        XCTAssertContains(unclosed?.description ?? "", "catalog.yml:2:", "missing '}'")
        let bare = catalogError({ _ = try catalog.dataset(named: "bare") })
        XCTAssertContains(bare?.description ?? "", "catalog.yml:3:", "expected resolver:key")
    }

    func testUnresolvedInterpolationInParametersFailsCreationWithItsLocation() throws {
        let folder = try CatalogConfFolder()
        let file = try folder.write("base/parameters.yml", "alpha: 1\nroot: ${env:ROOT}\n")
        guard let error = catalogError({ _ = try folder.catalog() }) else { return }
        XCTAssertTrue(error.description.hasPrefix("\(file):2:7: error: cannot resolve '${env:ROOT}'"), error.description)
    }

    // MARK: Parameters

    func testRuntimeParametersOverrideParametersAndDottedKeysNest() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/parameters.yml", """
            model: {alpha: 0.1, depth: 3}
            seed: 1
            """)
        let catalog = try folder.catalog(runtimeParameters: ["model.alpha": 0.5, "seed": 42, "new.deep.key": "x"])
        XCTAssertEqual(catalog.parameter("params:model.alpha"), .double(0.5))
        XCTAssertEqual(catalog.parameter("params:model.depth"), .int(3))
        XCTAssertEqual(catalog.parameter("seed"), .int(42))
        XCTAssertEqual(catalog.parameter("params:new.deep.key"), "x")
        XCTAssertEqual(catalog.parameters["new"], ["deep": ["key": "x"]])
    }

    func testRuntimeParameterMapIsMergedIntoParametersKeepingOtherKeys() throws {
        // Kedro merges runtime params into parameters (OmegaConf.merge), key by key.
        let folder = try CatalogConfFolder()
        try folder.write("base/parameters.yml", "model: {alpha: 0.1, depth: 3}\n")
        let catalog = try folder.catalog(runtimeParameters: ["model": ["alpha": 0.9]])
        XCTAssertEqual(catalog.parameter("model"), ["alpha": 0.9, "depth": 3])
    }

    func testMoreSpecificRuntimeParameterWinsOverAnOverlappingMap() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/parameters.yml", "model: {alpha: 0.1, depth: 3}\n")
        // Repeated, since dictionary order differs between runs and dictionaries.
        for value in 0..<20 {
            let catalog = try folder.catalog(runtimeParameters: [
                "model": ["alpha": 1, "depth": .int(Int64(value))], "model.alpha": 5, "model.extra": "e",
            ])
            XCTAssertEqual(catalog.parameter("model"), ["alpha": 5, "depth": .int(Int64(value)), "extra": "e"])
        }
    }

    func testParameterAcceptsParamsPrefixAndParametersReturnsThemAll() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/parameters.yml", """
            model:
              alpha: 0.1
              layers: [32, 16]
            name: run
            """)
        try folder.write("base/parameters_extra.yml", "extra: {flag: false}\n")
        let catalog = try folder.catalog()
        XCTAssertEqual(catalog.parameter("params:model.alpha"), .double(0.1))
        XCTAssertEqual(catalog.parameter("model.alpha"), .double(0.1))
        XCTAssertEqual(catalog.parameter("params:model.layers"), [32, 16])
        XCTAssertEqual(catalog.parameter("params:extra.flag"), .bool(false))
        XCTAssertEqual(catalog.parameter("params:model"), ["alpha": 0.1, "layers": [32, 16]])
        XCTAssertNil(catalog.parameter("params:model.beta"))
        XCTAssertNil(catalog.parameter("params:name.inner"))
        XCTAssertEqual(catalog.parameter("parameters"), .map(catalog.parameters))
        XCTAssertEqual(catalog.parameter("parameters"), [
            "model": ["alpha": 0.1, "layers": [32, 16]], "name": "run", "extra": ["flag": false],
        ])
    }

    func testParametersResolveGlobalsEnvAndRuntimeParams() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/globals.yml", "root: /srv\n")
        try folder.write("base/parameters.yml", """
            root: ${globals:root}
            user: ${env:USER_NAME, nobody}
            epochs: ${runtime_params:epochs, 10}
            """)
        let defaults = try folder.catalog()
        XCTAssertEqual(defaults.parameter("root"), "/srv")
        XCTAssertEqual(defaults.parameter("user"), "nobody")
        XCTAssertEqual(defaults.parameter("epochs"), .int(10))
        let overridden = try folder.catalog(runtimeParameters: ["epochs": 20], variables: ["USER_NAME": "ada"])
        XCTAssertEqual(overridden.parameter("user"), "ada")
        XCTAssertEqual(overridden.parameter("epochs"), .int(20))
    }

    func testEnvironmentParametersReplaceBaseTopLevelKeys() throws {
        let folder = try CatalogConfFolder()
        try folder.write("base/parameters.yml", "model: {alpha: 0.1, depth: 3}\nseed: 1\n")
        try folder.write("local/parameters.yml", "model: {alpha: 0.2}\n")
        let catalog = try folder.catalog()
        XCTAssertEqual(catalog.parameter("model"), ["alpha": 0.2])
        XCTAssertEqual(catalog.parameter("seed"), 1)
    }
}

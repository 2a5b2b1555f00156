import Foundation
import XCTest

@testable import DatasetSDK

/// Examples/CustomType, built through the DatasetCodegenPlugin in this test run, saves and loads
/// its generated type with the storage its catalog chooses.
final class CustomTypeExampleTests: XCTestCase {
    private let conf = Fixtures.root.appendingPathComponent("Examples/CustomType/conf").path

    func testExampleStoresItsGeneratedTypeInSharedMemoryByDefault() throws {
        let store = "/dev/shm/datasetsdk-codegen-test-\(UUID().uuidString)"
        addTeardownBlock { try? FileManager.default.removeItem(atPath: store) }
        let result = try Fixtures.run("CustomTypeExample", ["--conf", conf, "--houses", "500"], environment: ["CUSTOM_TYPE_STORE": store])
        XCTAssertEqual(result.status, 0, result.errors)
        XCTAssertTrue(result.output.contains("saved and loaded training_set: 500 houses x 4 features (GrLivArea, OverallQual, YearBuilt, LotArea)"), result.output)
        XCTAssertTrue(result.output.contains("model ridge-v1 (ridge)"), result.output)
        XCTAssertTrue(result.output.contains("features blob: store "), "loaded as a view of the store's blob: \(result.output)")
        XCTAssertTrue(FileManager.default.fileExists(atPath: store), "the catalog's store folder was used")
    }

    func testExampleStoresTheSameTypeInAContainerFileInTheFilesEnvironment() async throws {
        let folder = try Fixtures.temporaryFolder(for: self)
        let result = try Fixtures.run("CustomTypeExample", ["--conf", conf, "--env", "files", "--houses", "300"], environment: ["CUSTOM_TYPE_DATA": folder.path])
        XCTAssertEqual(result.status, 0, result.errors)
        let path = folder.appendingPathComponent("training_set.dso").path
        XCTAssertTrue(result.output.contains("features blob: mapped \(path)"), result.output)

        // The file is self-describing: read it back without the generated type.
        let dataset = try ObjectDataset(configuration: DatasetConfiguration(name: "training_set", options: ["filepath": .string(path)]))
        let object = try await dataset.load()
        XCTAssertEqual(object.typeName, "houseprices.v1.TrainingSet")
        let features = try Tensor<Double>(decoding: object.member("features"))
        XCTAssertEqual(features.shape, [300, 4])
        XCTAssertEqual(try StringArray(decoding: object.member("neighborhoods")).count, 300)
        XCTAssertEqual(object.fields["model_kind"], .string("ridge"))
        XCTAssertEqual(object.fields["parameters"], .map(["alpha": 0.5, "seed": 42]))

        // And so is it for the independent Python reader written from docs/format.md alone.
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", Fixtures.root.appendingPathComponent("Tests/Interop/dso_reader.py").path, path]
        let output = Pipe()
        python.standardOutput = output
        try python.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        python.waitUntilExit()
        XCTAssertEqual(python.terminationStatus, 0)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(json["type"] as? String, "houseprices.v1.TrainingSet")
        let members = try XCTUnwrap(json["members"] as? [String: [String: Any]])
        let readByPython = try XCTUnwrap(members["features"]?["value"] as? [String: Any])
        XCTAssertEqual(readByPython["shape"] as? [Int], [300, 4])
        XCTAssertEqual((members["neighborhoods"]?["value"] as? [String])?.first, "CollgCr")
    }

    func testExampleReportsABadArgument() throws {
        let result = try Fixtures.run("CustomTypeExample", ["--houses", "zero"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.errors.contains("--houses needs a positive number"), result.errors)
    }
}

import Foundation
import XCTest

@testable import DatasetCodegen

/// Fixed `.proto` inputs and their expected Swift, checked in under Golden/. The fixtures and the
/// example are also built through the plugin, so the expected output is compiled and exercised by
/// the other tests. Set `UPDATE_GOLDEN=1` to rewrite the expected files after an intended change.
final class GoldenOutputTests: XCTestCase {
    func testFixturesProtoRendersTheCheckedInSwift() throws {
        try assertGolden(folder: "Tests/CodegenTests/Protos", file: "fixtures.proto", visibility: .internal, expected: "fixtures.dataset.swift")
    }

    func testHousePricesExampleRendersTheCheckedInSwift() throws {
        try assertGolden(folder: "Examples/CustomType/Sources", file: "house_prices.proto", visibility: .internal, expected: "house_prices.dataset.swift")
    }

    func testBuiltInTypesRenderTheLayoutsTheSDKCompiles() throws {
        let generated = try generate(folder: "proto", file: "datasetsdk/v1/types.proto", visibility: .package, moduleName: "DatasetSDK")
        XCTAssertEqual(generated.fileName, "datasetsdk_v1_types.dataset.swift")
        let committed = try String(contentsOf: Fixtures.root.appendingPathComponent("Sources/DatasetSDK/Generated/datasetsdk_v1_types.dataset.swift"), encoding: .utf8)
        XCTAssertEqual(generated.contents, committed, "run scripts/generate-types")
    }

    func testOutputIsDeterministicAndImportsTheSDKOutsideIt() throws {
        let first = try generate(folder: "Tests/CodegenTests/Protos", file: "fixtures.proto", visibility: .public, moduleName: "Fixtures")
        let second = try generate(folder: "Tests/CodegenTests/Protos", file: "fixtures.proto", visibility: .public, moduleName: "Fixtures")
        XCTAssertEqual(first, second)
        XCTAssertTrue(first.contents.contains("\nimport DatasetSDK\n"))
        XCTAssertTrue(first.contents.contains("public struct Scalars: DatasetObject {"))
        XCTAssertFalse(first.contents.contains("Helper"), "messages without (datasetsdk.v1.object) are not generated")
    }

    private func generate(folder: String, file: String, visibility: GeneratorOptions.Visibility, moduleName: String) throws -> GeneratedFile {
        let root = Fixtures.root.appendingPathComponent(folder)
        let options = GeneratorOptions(visibility: visibility, moduleName: moduleName, importPaths: [root.path])
        let files = try CodeGenerator(options: options).generate(files: [root.appendingPathComponent(file).path])
        XCTAssertEqual(files.count, 1)
        return files[0]
    }

    private func assertGolden(folder: String, file: String, visibility: GeneratorOptions.Visibility, expected: String, line: UInt = #line) throws {
        let generated = try generate(folder: folder, file: file, visibility: visibility, moduleName: "Fixtures")
        XCTAssertEqual(generated.fileName, expected, line: line)
        let url = Fixtures.golden.appendingPathComponent(expected)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try Data(generated.contents.utf8).write(to: url)
        }
        let golden = try String(contentsOf: url, encoding: .utf8)
        XCTAssertEqual(generated.contents, golden, "\(expected) differs; rerun with UPDATE_GOLDEN=1 if the change is intended", line: line)
    }
}

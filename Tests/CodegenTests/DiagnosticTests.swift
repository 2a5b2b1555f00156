import Foundation
import XCTest

@testable import DatasetCodegen

/// Each rule of options.proto broken once: the generator reports `path:line:column: error:
/// message` at the offending declaration (or option), collecting every problem of a run.
final class DiagnosticTests: XCTestCase {
    private let header = """
        syntax = "proto3";
        package diag;
        import "datasetsdk/v1/options.proto";

        """  // 3 lines: declarations below start on line 4

    func testBlobOnANonRepeatedFieldPointsAtTheOption() throws {
        let found = try diagnostics("""
            message Prices {
              option (datasetsdk.v1.object) = true;
              double price = 1 [(datasetsdk.v1.blob) = true];
            }
            """)
        XCTAssertEqual(found, ["test.proto:6:21: error: (datasetsdk.v1.blob) on a non-repeated field: field 'price' of Prices is a single double; blobs hold repeated numbers, bools or strings, or bytes"])
    }

    func testUnsupportedFieldTypesAreReportedAtTheirFields() throws {
        let found = try diagnostics("""
            message Plain { string note = 1; }
            message Prices {
              option (datasetsdk.v1.object) = true;
              oneof choice {
                string a = 1;
                string b = 2;
              }
              Plain plain = 3;
              map<int32, double> by_id = 4;
              repeated bytes chunks = 5 [(datasetsdk.v1.blob) = true];
            }
            """)
        XCTAssertEqual(found, [
            "test.proto:8:5: error: unsupported field type: field 'a' of Prices is part of a oneof, which dataset objects do not support; use separate optional fields",
            "test.proto:9:5: error: unsupported field type: field 'b' of Prices is part of a oneof, which dataset objects do not support; use separate optional fields",
            "test.proto:11:3: error: unsupported field type: field 'plain' of Prices has message type diag.Plain, which is not a dataset object; add `option (datasetsdk.v1.object) = true;` to it, or store bulk data with (datasetsdk.v1.blob)",
            "test.proto:12:3: error: unsupported field type: map field 'by_id' of Prices must have string keys (metadata maps are keyed by strings)",
            "test.proto:13:30: error: unsupported field type: (datasetsdk.v1.blob) on field 'chunks' of Prices needs repeated numbers, bools or strings, or bytes; it is a repeated bytes",
        ])
    }

    func testARepeatedColumnTypeIsReportedAtItsField() throws {
        let found = try diagnostics("""
            import "datasetsdk/v1/types.proto";
            message Log {
              option (datasetsdk.v1.object) = true;
              repeated datasetsdk.v1.TimestampArray times = 1;
            }
            """)
        XCTAssertEqual(found, ["test.proto:7:3: error: unsupported field type: field 'times' of Log is a repeated datasetsdk.v1.TimestampArray; a column holds many rows already (declare one column, or a message of columns)"])
    }

    func testNameCollisionsOfPropertiesTypesAndTypeNames() throws {
        // proto3 already refuses fields whose JSON names collide; proto2 does not.
        let found = try diagnostics(syntax: "proto2", """
            message A {
              option (datasetsdk.v1.object) = true;
              optional string url_path = 1;
              optional string URL_path = 2;
              optional string encoded = 3;
            }
            message B {
              option (datasetsdk.v1.object) = true;
              option (datasetsdk.v1.swift_name) = "A";
              option (datasetsdk.v1.type_name) = "diag.A";
            }
            """)
        XCTAssertEqual(found, [
            "test.proto:7:3: error: name collision: fields 'url_path' and 'URL_path' of A both become the Swift property 'urlPath'; rename one",
            "test.proto:8:3: error: name collision: field 'encoded' becomes the Swift property 'encoded', which every generated type already declares; rename it",
            "test.proto:10:1: error: name collision: messages diag.A and diag.B both become the Swift type 'A'; set (datasetsdk.v1.swift_name) on one",
            "test.proto:10:1: error: name collision: messages diag.A and diag.B both store the type name 'diag.A'; change (datasetsdk.v1.type_name) on one",
        ])
    }

    func testDtypeShapeAndInlineOptionsAreChecked() throws {
        let found = try diagnostics("""
            message M {
              option (datasetsdk.v1.object) = true;
              repeated int64 a = 1 [(datasetsdk.v1.blob) = true, (datasetsdk.v1.dtype) = "int8"];
              repeated double b = 2 [(datasetsdk.v1.blob) = true, (datasetsdk.v1.shape) = "rows,-2"];
              repeated double c = 3 [(datasetsdk.v1.shape) = "rows"];
              string d = 4 [(datasetsdk.v1.inline) = true];
            }
            """)
        XCTAssertEqual(found, [
            "test.proto:6:54: error: (datasetsdk.v1.dtype) \"int8\" does not fit field 'a' of M, a repeated int64; use one of int64",
            "test.proto:7:55: error: invalid (datasetsdk.v1.shape) \"rows,-2\" on field 'b' of M: give dimensions separated by commas, each a number or a name, e.g. \"rows,13\"",
            "test.proto:8:26: error: (datasetsdk.v1.shape) on field 'c' of M needs (datasetsdk.v1.blob) = true on a repeated numeric field",
            "test.proto:9:17: error: (datasetsdk.v1.inline) on field 'd' of M applies only to map fields",
        ])
    }

    func testProtocSyntaxErrorsComeBackAsDiagnostics() throws {
        let folder = try Fixtures.temporaryFolder(for: self)
        let path = try Fixtures.write(header + "message M {\n  string a = 1\n}\n", as: "test.proto", in: folder)
        XCTAssertThrowsError(try generate(path, folder: folder)) { error in
            guard case let .protocFailed(_, output)? = error as? CodegenError else { return XCTFail("unexpected \(error)") }
            XCTAssertTrue(output.hasPrefix("\(path):6:1: error: Expected \";\""), output)
        }
    }

    func testMissingProtocNamesThePackagesToInstall() {
        XCTAssertThrowsError(try Protoc.locate(explicit: "/nonexistent/protoc", environment: ["PATH": "/nonexistent-bin"])) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("protoc not found"), message)
            XCTAssertTrue(message.contains("apt-get install protobuf-compiler libprotobuf-dev"), message)
            XCTAssertTrue(message.contains("/nonexistent/protoc"), message)
        }
        XCTAssertEqual(try Protoc.locate(explicit: nil, environment: ["PROTOC_PATH": "/nonexistent", "PATH": "/usr/bin"]).path, "/usr/bin/protoc")
    }

    func testAFileOutsideTheImportPathsIsRefused() throws {
        let folder = try Fixtures.temporaryFolder(for: self)
        let path = try Fixtures.write(header, as: "test.proto", in: folder)
        XCTAssertThrowsError(try CodeGenerator(options: GeneratorOptions(importPaths: ["/nonexistent"])).generate(files: [path])) { error in
            guard case .notUnderImportPath? = error as? CodegenError else { return XCTFail("unexpected \(error)") }
        }
    }

    func testConfigurationWithAnUnknownKeyIsRefused() throws {
        let folder = try Fixtures.temporaryFolder(for: self)
        let path = try Fixtures.write(#"{"visibilty": "public"}"#, as: "dataset-codegen.json", in: folder)
        XCTAssertThrowsError(try Configuration.load(from: path)) { error in
            XCTAssertEqual("\(error)", "\(path): error: unknown key 'visibilty'; the keys are importPaths, protocPath, visibility")
        }
        let good = try Fixtures.write(#"{"visibility": "package", "importPaths": ["protos"]}"#, as: "good.json", in: folder)
        let configuration = try Configuration.load(from: good)
        XCTAssertEqual(configuration.visibility, .package)
        XCTAssertEqual(configuration.importPaths, [folder.appendingPathComponent("protos").standardizedFileURL.path])
    }

    func testTheToolPrintsDiagnosticsAndFails() throws {
        let folder = try Fixtures.temporaryFolder(for: self)
        let path = try Fixtures.write(header + "message M {\n  option (datasetsdk.v1.object) = true;\n  float x = 1 [(datasetsdk.v1.blob) = true];\n}\n", as: "test.proto", in: folder)
        let result = try Fixtures.run("dataset-codegen", ["--proto-path", folder.path, "--output-dir", folder.path, path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.errors.hasPrefix("\(path):6:16: error: (datasetsdk.v1.blob) on a non-repeated field"), result.errors)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("test.dataset.swift").path))

        try Fixtures.write(header + "message M {\n  option (datasetsdk.v1.object) = true;\n  repeated float x = 1 [(datasetsdk.v1.blob) = true];\n}\n", as: "test.proto", in: folder)
        let fixed = try Fixtures.run("dataset-codegen", ["--proto-path", folder.path, "--visibility", "package", "--output-dir", folder.path, path])
        XCTAssertEqual(fixed.status, 0, fixed.errors)
        let generated = try String(contentsOf: folder.appendingPathComponent("test.dataset.swift"), encoding: .utf8)
        XCTAssertTrue(generated.contains("package var x: Tensor<Float>"), generated)
    }

    // MARK: - Helpers

    /// The diagnostics for `body` (after the header), with the folder left out of the paths.
    private func diagnostics(syntax: String = "proto3", _ body: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String] {
        let folder = try Fixtures.temporaryFolder(for: self)
        let source = header.replacingOccurrences(of: "proto3", with: syntax) + body + "\n"
        let path = try Fixtures.write(source, as: "test.proto", in: folder)
        do {
            _ = try generate(path, folder: folder)
            XCTFail("expected diagnostics", file: file, line: line)
            return []
        } catch let CodegenError.diagnostics(found) {
            return found.map { $0.description.replacingOccurrences(of: folder.path + "/", with: "") }
        }
    }

    private func generate(_ path: String, folder: URL) throws -> [GeneratedFile] {
        try CodeGenerator(options: GeneratorOptions(importPaths: [folder.path])).generate(files: [path])
    }
}

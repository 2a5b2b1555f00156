import DatasetSDK
import Foundation
import XCTest

/// The `datasets` executable, run as a real process.
final class DatasetsCommandLineTests: XCTestCase {
    func testInspectPrintsMetadataAsJSONWithoutReadingBlobs() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("frame.dso")
        let frame = try DataFrame(columns: [("Id", Column([1, 2, 3] as [Int64])), ("Alley", Column([nil, "Grvl", nil] as [String?]))])
        try await writeContainer(frame.encoded(), to: path)

        let result = try runProduct("datasets", ["inspect", path])
        XCTAssertEqual(result.status, 0, result.errorOutput)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let object = try XCTUnwrap(json["object"] as? [String: Any])
        XCTAssertEqual(object["type"] as? String, "datasetsdk.DataFrame")
        XCTAssertEqual((object["fields"] as? [String: Any])?["columns"] as? [String], ["Id", "Alley"])
        let members = try XCTUnwrap(object["members"] as? [String: Any])
        let alley = try XCTUnwrap(members["Alley"] as? [String: Any])
        let blobs = try XCTUnwrap(alley["blobs"] as? [String: [String: Any]])
        XCTAssertEqual(Set(blobs.keys), ["offsets", "bytes", "validity"])
        XCTAssertEqual(blobs["offsets"]?["size"] as? Int, 32)
        XCTAssertEqual((blobs["offsets"]?["offset"] as? Int).map { $0 % 64 }, 0)
        XCTAssertNotNil(blobs["offsets"]?["crc32"] as? String)
        XCTAssertEqual((json["container"] as? [String: Any])?["format_version"] as? String, "1.0")
    }

    func testInspectOfACorruptFileFailsNamingTheFile() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("t.dso")
        var bytes = try await writeContainer(Tensor<Double>([1, 2, 3]).encoded(), to: path)
        bytes[70] ^= 1
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        let plain = try runProduct("datasets", ["inspect", path])
        XCTAssertEqual(plain.status, 0, "inspect reads metadata only; the blob corruption is found by --verify")
        let verified = try runProduct("datasets", ["inspect", "--verify", path])
        XCTAssertNotEqual(verified.status, 0)
        XCTAssertTrue(verified.errorOutput.contains("\(path): blob 'data' is corrupt"), verified.errorOutput)

        try Data("Id,SalePrice\n1,208500\n".utf8).write(to: URL(fileURLWithPath: path))
        let notContainer = try runProduct("datasets", ["inspect", path])
        XCTAssertNotEqual(notContainer.status, 0)
        XCTAssertTrue(notContainer.errorOutput.contains("\(path): not a DatasetSDK container"), notContainer.errorOutput)
    }

    func testDemoRoundTripsEveryObject() throws {
        let directory = try TemporaryDirectory()
        let result = try runProduct("datasets", ["demo", "--rows", "2000", "--directory", directory.path])
        XCTAssertEqual(result.status, 0, result.errorOutput)
        XCTAssertEqual(result.output.components(separatedBy: "round trip identical").count - 1, 4, result.output)
        XCTAssertTrue(result.output.contains("SharedMemoryDataset"), result.output)
    }
}

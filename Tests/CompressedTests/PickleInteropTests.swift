@testable import DatasetSDKCompressed
import CZstd
import DatasetSDK
import Foundation
import XCTest

/// `.dso.zst` files and the outside world: Debian's `zstd` tool and the `datasets` executable,
/// run as real processes.
final class PickleInteropTests: XCTestCase {
    private func requireZstd() throws -> String {
        guard let zstd = zstdTool else { throw XCTSkip("the zstd tool is not installed (apt-get install zstd; scripts/setup does it)") }
        return zstd
    }

    func testZstdDecompressesOurFileIntoAContainerThatDatasetsInspectReads() async throws {
        let zstd = try requireZstd()
        let directory = try TemporaryDirectory()
        let compressed = directory.file("frame.dso.zst")
        let frame = try DataFrame(columns: [
            ("Id", Column((1...5000).map { Int64($0) })),
            ("Alley", Column((1...5000).map { $0 % 3 == 0 ? nil : "Grvl\($0 % 7)" } as [String?])),
        ])
        // 64 KiB frames: zstd reads several data frames and passes over the seek table.
        try await savePickle(frame.encoded(), to: compressed, settings: CompressionSettings(level: 5, workers: 2, frameSize: 1 << 16))
        let frames = try XCTUnwrap(try fileBytes(compressed).withUnsafeBytes { SeekTable.parse($0) }).entries.count
        XCTAssertGreaterThan(frames, 1)

        let listed = try runProcess(zstd, ["-l", compressed])
        XCTAssertEqual(listed.status, 0, listed.errorOutput)
        XCTAssertTrue(listed.output.contains("XXH64"), "the frames carry content checksums: \(listed.output)")
        // zstd -l counts every frame, the skippable one included, then the skippable ones.
        XCTAssertTrue(listed.output.split(separator: "\n").dropFirst().first?.split(separator: " ").prefix(2) == ["\(frames + 1)", "1"],
                      "\(frames) data frames and one skippable frame (the seek table): \(listed.output)")

        let plain = directory.file("frame.dso")
        let decompressed = try runProcess(zstd, ["-d", "-q", "-f", compressed, "-o", plain])
        XCTAssertEqual(decompressed.status, 0, decompressed.errorOutput)

        let inspected = try runProcess("datasets", ["inspect", "--verify", plain])
        XCTAssertEqual(inspected.status, 0, inspected.errorOutput)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(inspected.output.utf8)) as? [String: Any])
        let object = try XCTUnwrap(json["object"] as? [String: Any])
        XCTAssertEqual(object["type"] as? String, "datasetsdk.DataFrame")
        XCTAssertEqual((object["fields"] as? [String: Any])?["columns"] as? [String], ["Id", "Alley"])
        XCTAssertEqual((object["fields"] as? [String: Any])?["row_count"] as? Int, 5000)

        let inspectedCompressed = try runProcess("datasets", ["inspect", "--verify", compressed])
        XCTAssertEqual(inspectedCompressed.status, 0, inspectedCompressed.errorOutput)
        XCTAssertEqual(inspectedCompressed.output, inspected.output, "inspecting the .dso.zst shows the container it holds")

        let loaded = try DataFrame(decoding: Container.read(try await FileStorage().read(StorageLocation(plain)), source: plain))
        XCTAssertEqual(loaded["Alley"]?.value(at: 1), .string("Grvl2"))
        XCTAssertEqual(loaded["Alley"]?.value(at: 2), .null)
    }

    func testWeReadAContainerThatZstdCompressedFromAPipeWithoutAContentSize() async throws {
        let zstd = try requireZstd()
        let directory = try TemporaryDirectory()
        let plain = directory.file("t.dso")
        let compressed = directory.file("t.dso.zst")
        let tensor = try sampleTensor(mebibytes: 3)
        try await savePickle(tensor.encoded(), to: plain, settings: .none)
        // Read from standard input, zstd cannot know the size: the frame records none.
        let piped = try runProcess("/bin/sh", ["-c", "\"$0\" -q -3 -c < \"$1\" > \"$2\"", zstd, plain, compressed])
        XCTAssertEqual(piped.status, 0, piped.errorOutput)
        let bytes = try fileBytes(compressed)
        XCTAssertEqual(bytes.withUnsafeBytes { ZSTD_getFrameContentSize($0.baseAddress, $0.count) }, UInt64.max, "no content size recorded")

        let dataset = try PickleDataset(name: "t", location: StorageLocation(compressed), storage: FileStorage())
        let loaded = try await dataset.load()
        XCTAssertEqual(try Tensor<Double>(decoding: loaded), tensor)

        // Two frames one after the other (`cat a.zst b.zst`) decode as the concatenation, as `zstd -d` does.
        let container = try fileBytes(plain)
        let split = 1 << 20
        let first = try runProcess("/bin/sh", ["-c", "head -c \(split) \"$1\" | \"$0\" -q -c > \"$2\"", zstd, plain, directory.file("a.zst")])
        let second = try runProcess("/bin/sh", ["-c", "tail -c +\(split + 1) \"$1\" | \"$0\" -q -c > \"$2\"", zstd, plain, directory.file("b.zst")])
        XCTAssertEqual(first.status + second.status, 0, first.errorOutput + second.errorOutput)
        let joined = try fileBytes(directory.file("a.zst")) + fileBytes(directory.file("b.zst"))
        let decompressed = try CompressedContainer.decompress(Blob(copying: joined), source: "joined")
        XCTAssertEqual(decompressed.bytes, container)
    }
}

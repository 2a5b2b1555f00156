@testable import DatasetSDKCompressed
import DatasetSDK
import XCTest

/// Randomly damaged multi-frame files: every load either fails with a typed error or returns
/// exactly the saved object, never a crash and never wrong values.
final class PickleDamageTests: XCTestCase {
    private func damagedLoads(checksum: Bool, cases: Int, seed: UInt64) async throws {
        let tensor = try sampleTensor(mebibytes: 1)
        let storage = MemoryStorage()
        let location = try StorageLocation("memory://damage.dso.zst")
        let writer = try await storage.makeWriter(for: location)
        try await CompressedContainer.write(tensor.encoded(), to: writer, settings: CompressionSettings(level: 1, checksum: checksum, frameSize: 1 << 16), destination: "damage")
        try await writer.commit()
        let original = try await storage.read(location).bytes
        XCTAssertGreaterThan(try XCTUnwrap(original.withUnsafeBytes { SeekTable.parse($0) }).entries.count, 10)

        var random = SplitMix64(seed: seed)  // seeded: a failure names a reproducible case
        var failures = 0
        for index in 0..<cases {
            var bytes = original
            let kind = random.below(4)
            switch kind {
            case 0:  // a few flipped bytes anywhere
                for _ in 0...random.below(3) { bytes[random.below(bytes.count)] ^= UInt8(1 + random.below(255)) }
            case 1:  // a flipped byte in the seek table
                bytes[bytes.count - 1 - random.below(min(bytes.count, 200))] ^= UInt8(1 + random.below(255))
            case 2:  // cut short
                bytes.removeLast(1 + random.below(bytes.count - 1))
            default:  // a run of bytes overwritten with zeros
                let start = random.below(bytes.count)
                for position in start..<min(bytes.count, start + 1 + random.below(64)) { bytes[position] = 0 }
            }
            do {
                let loaded = try Tensor<Double>(decoding: CompressedContainer.read(Blob(copying: bytes), source: "case \(index)", workers: 1 + index % 3))
                XCTAssertTrue(loaded == tensor, "case \(index) (kind \(kind), seed \(seed)) loaded different values")
            } catch is CompressionError {
                failures += 1
            } catch is ContainerError {
                failures += 1
            } catch is DatasetError {
                failures += 1
            }
        }
        XCTAssertGreaterThan(failures, cases / 2, "most damage is detected")
    }

    func testDamagedFilesWithFrameChecksumsFailOrLoadTheSavedValues() async throws {
        try await damagedLoads(checksum: true, cases: 400, seed: 1)
    }

    func testDamagedFilesWithoutFrameChecksumsFailOrLoadTheSavedValues() async throws {
        // Without zstd's checksums the blobs' CRC-32s must catch what decoding does not.
        try await damagedLoads(checksum: false, cases: 400, seed: 2)
    }
}

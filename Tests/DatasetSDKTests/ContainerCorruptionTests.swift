@testable import DatasetSDK
import XCTest

/// Every kind of bad file gives a typed error naming the file; none crashes or returns garbage.
final class ContainerCorruptionTests: XCTestCase {
    private var directory: TemporaryDirectory!
    private var good: [UInt8] = []

    override func setUp() async throws {
        directory = try TemporaryDirectory()
        good = try await writeContainer(Tensor<Double>((0..<100).map(Double.init)).encoded(), to: directory.file("good.dso"))
    }

    private func read(_ bytes: [UInt8], verifying: Bool = true) throws -> EncodedObject {
        try Container.read(Blob(copying: bytes), source: "bad.dso", verifyingChecksums: verifying)
    }

    private func expectError(_ bytes: [UInt8], _ check: (ContainerError) -> Bool, file: StaticString = #filePath, line: UInt = #line) {
        do {
            _ = try read(bytes)
            XCTFail("expected an error", file: file, line: line)
        } catch let error as ContainerError {
            XCTAssertTrue(check(error), "unexpected error: \(error)", file: file, line: line)
            XCTAssertTrue(error.description.hasPrefix("bad.dso: "), "error does not name the file: \(error)", file: file, line: line)
        } catch {
            XCTFail("untyped error \(error)", file: file, line: line)
        }
    }

    private func withHeaderCRC(_ bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        let crc = bytes.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<60])) }
        bytes.storeLE(crc, at: 60)
        return bytes
    }

    func testWrongMagicIsNotAContainer() {
        var bytes = good
        bytes[1] = UInt8(ascii: "X")
        expectError(bytes) { if case .badMagic = $0 { true } else { false } }
        expectError(Array("id,price\n1,2\n".utf8)) { if case .badMagic = $0 { true } else { false } }
        expectError([]) { if case .badMagic = $0 { true } else { false } }
    }

    func testUnknownMajorVersionIsRefused() {
        var bytes = good
        bytes[8] = 2
        expectError(withHeaderCRC(bytes)) { if case .unsupportedVersion(_, 2, 0) = $0 { true } else { false } }
    }

    func testUnknownFlagsAreRefused() {
        var bytes = good
        bytes[12] = 1
        expectError(withHeaderCRC(bytes)) { if case .unsupportedFlags = $0 { true } else { false } }
    }

    func testTruncatedFileIsReportedAsTruncated() {
        for cut in [1, 8, 63, 64, 200] {
            expectError(Array(good.dropLast(cut))) { if case .truncated = $0 { true } else { false } }
        }
        expectError(Array(good.prefix(100))) { if case .tooSmall = $0 { true } else { false } }
    }

    func testFlippedBlobByteIsACheckumMismatchNamingTheBlob() {
        var bytes = good
        bytes[64 + 10] ^= 0x40
        expectError(bytes) { if case let .checksumMismatch(_, part, _, _) = $0 { part == "blob 'data'" } else { false } }
    }

    func testFlippedMetadataByteIsDetected() {
        var bytes = good
        let offset = Int(bytes.withUnsafeBytes { $0.loadLE(UInt64.self, at: bytes.count - 64) })
        bytes[offset + 3] ^= 0x01
        expectError(bytes) { if case let .checksumMismatch(_, part, _, _) = $0 { part == "metadata" } else { false } }
    }

    func testMetadataThatDoesNotDecodeIsReported() throws {
        let garbage: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x01]
        expectError(assemble(blobSection: [], metadata: garbage)) { if case .undecodableMetadata = $0 { true } else { false } }
    }

    func testBlobPastTheEndIsRejected() throws {
        var meta = Tensor<Double>([1]).encoded().metadata { _, _ in
            var reference = Datasetsdk_V1_BlobRef()
            reference.size = 8
            reference.containerOffset = 1 << 40
            return reference
        }
        meta.formatVersion = 1000
        expectError(assemble(blobSection: [], metadata: try meta.deterministicBytes())) {
            if case let .invalidBlobReference(_, blob, _) = $0 { blob == "data" } else { false }
        }
    }

    func testMisalignedAndOverflowingBlobOffsetsAreRejected() throws {
        for (offset, size) in [(65 as UInt64, 8 as UInt64), (64, UInt64.max - 10)] {
            let meta = Tensor<Double>([1]).encoded().metadata { _, _ in
                var reference = Datasetsdk_V1_BlobRef()
                reference.size = size
                reference.containerOffset = offset
                return reference
            }
            expectError(assemble(blobSection: [UInt8](repeating: 0, count: 64), metadata: try meta.deterministicBytes())) {
                if case .invalidBlobReference = $0 { true } else { false }
            }
        }
    }

    func testFooterPointingOutsideTheFileIsRejected() {
        var bytes = good
        let footer = bytes.count - 64
        bytes.storeLE(UInt64(1 << 50), at: footer)
        let crc = bytes.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[footer..<(footer + 48)])) }
        bytes.storeLE(crc, at: footer + 48)
        expectError(bytes) { if case .metadataOutOfBounds = $0 { true } else { false } }
    }

    func testWrongTypeOnDecodeNamesBothTypes() throws {
        let object = try read(good)
        XCTAssertThrowsError(try DataFrame(decoding: object)) { error in
            XCTAssertEqual("\(error)", "expected an object of type 'datasetsdk.DataFrame' but found 'datasetsdk.Tensor'")
        }
        XCTAssertThrowsError(try Tensor<Float>(decoding: object)) { error in
            XCTAssertTrue("\(error)".contains("float32"), "\(error)")
        }
    }

    /// Every single-byte change and every truncation either fails with a ContainerError or (for
    /// padding bytes, which carry no data) loads the original values.
    func testEverySingleByteFlipAndTruncationIsDetectedOrHarmless() throws {
        let original = try Tensor<Double>(decoding: read(good))
        for index in good.indices {
            var bytes = good
            bytes[index] ^= 0x5A
            do {
                let loaded = try Tensor<Double>(decoding: read(bytes))
                XCTAssertEqual(loaded, original, "flip at \(index) changed the data silently")
            } catch is ContainerError {
                continue
            } catch is ObjectError {
                continue
            }
        }
        for length in 0..<good.count {
            XCTAssertThrowsError(try read(Array(good.prefix(length))), "prefix of \(length) bytes")
        }
    }

    /// A file made of a header, `blobSection` after it, `metadata` and a valid footer.
    private func assemble(blobSection: [UInt8], metadata: [UInt8]) -> [UInt8] {
        var bytes = ContainerLayout.header() + blobSection
        bytes += [UInt8](repeating: 0, count: ContainerLayout.aligned(bytes.count) - bytes.count)
        let offset = bytes.count
        bytes += metadata
        let crc = metadata.withUnsafeBytes { CRC32.checksum($0) }
        bytes += ContainerLayout.footer(metadataOffset: offset, metadataLength: metadata.count, metadataCRC: crc)
        return bytes
    }
}

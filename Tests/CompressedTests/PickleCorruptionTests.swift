@testable import DatasetSDKCompressed
import DatasetSDK
import Foundation
import XCTest

/// Damaged, truncated and foreign files give typed errors that name the file.
final class PickleCorruptionTests: XCTestCase {
    /// Flips bits of the byte at `offset` of the file at `path`, in place.
    private func flipByte(at offset: Int, of path: String) throws {
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(offset))
        let byte = try XCTUnwrap(try handle.read(upToCount: 1)?.first)
        try handle.seek(toOffset: UInt64(offset))
        try handle.write(contentsOf: [byte ^ 0x5A])
    }

    private func loadError(_ dataset: PickleDataset) async -> (any Error)? {
        await thrownError { _ = try await dataset.load() }
    }

    func testACorruptedByteInTheMiddleOfA100MiBObjectIsDetected() async throws {
        let directory = try TemporaryDirectory()
        let tensor = try sampleTensor(mebibytes: 100)
        for checksum in [true, false] {
            let path = directory.file("big-\(checksum).dso.zst")
            let dataset = try await savePickle(tensor.encoded(), to: path, settings: CompressionSettings(level: 1, checksum: checksum))
            let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
            try flipByte(at: size / 2, of: path)
            let error = await loadError(dataset)
            let inner = underlying(error)
            if checksum {
                XCTAssertTrue(inner is CompressionError, "with the frame checksum, zstd detects it: \(String(describing: error))")
            } else {
                // Without the frame checksum, zstd may still fail to decode; else the container's blob CRC catches it.
                XCTAssertTrue(inner is CompressionError || inner is ContainerError, "\(String(describing: error))")
            }
            XCTAssertTrue("\(error.map { "\($0)" } ?? "no error")".contains(path), "names the file: \(String(describing: error))")
        }
    }

    func testAWrongFrameChecksumIsAChecksumMismatch() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("t.dso.zst")
        let dataset = try await savePickle(try sampleTensor(mebibytes: 1).encoded(), to: path)
        let bytes = try fileBytes(path)
        let table = try XCTUnwrap(bytes.withUnsafeBytes { SeekTable.parse($0) })
        XCTAssertEqual(table.entries.count, 1)
        // The frame's last 4 bytes are its checksum; the seek table follows.
        try flipByte(at: bytes.count - table.encoded().count - 1, of: path)
        let error = await loadError(dataset)
        guard case let .checksumMismatch(source)? = underlying(error) as? CompressionError else { return XCTFail("\(String(describing: error))") }
        XCTAssertEqual(source, path)
        XCTAssertTrue("\(error!)".contains("dataset 'test': load failed: \(path): corrupt zstd frame: the content checksum"), "\(error!)")
    }

    func testASeekTableThatDisagreesWithTheFramesIsCorruption() async throws {
        // Other readers place frames by the table, so a damaged table must not pass unnoticed.
        let directory = try TemporaryDirectory()
        let path = directory.file("t.dso.zst")
        let dataset = try await savePickle(try sampleTensor(mebibytes: 2).encoded(), to: path, settings: CompressionSettings(frameSize: 1 << 20))
        let bytes = try fileBytes(path)
        let table = try XCTUnwrap(bytes.withUnsafeBytes { SeekTable.parse($0) })
        XCTAssertEqual(table.entries.count, 3)
        let secondEntry = bytes.count - table.encoded().count + 8 + 8 + 4  // its decompressed size
        try flipByte(at: secondEntry, of: path)
        let error = await loadError(dataset)
        guard case let .corrupted(source, reason)? = underlying(error) as? CompressionError else { return XCTFail("\(String(describing: error))") }
        XCTAssertEqual(source, path)
        XCTAssertTrue(reason.contains("seek table") && reason.contains("frame 1 of the 3"), reason)
    }

    func testACorruptFrameAmongManyIsAChecksumMismatch() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("t.dso.zst")
        let dataset = try await savePickle(try sampleTensor(mebibytes: 8).encoded(), to: path, settings: CompressionSettings(level: 1, frameSize: 1 << 20))
        let bytes = try fileBytes(path)
        let table = try XCTUnwrap(bytes.withUnsafeBytes { SeekTable.parse($0) })
        let sixthFrame = table.entries.prefix(5).reduce(0) { $0 + Int($1.compressedSize) }
        try flipByte(at: sixthFrame + Int(table.entries[5].compressedSize) - 1, of: path)  // its checksum
        let error = await loadError(dataset)
        guard case .checksumMismatch? = underlying(error) as? CompressionError else { return XCTFail("\(String(describing: error))") }
    }

    func testATruncatedFrameIsReported() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("t.dso.zst")
        let dataset = try await savePickle(try sampleTensor(mebibytes: 2).encoded(), to: path)
        let bytes = try fileBytes(path)
        for length in [bytes.count - 1, bytes.count - 4, bytes.count / 2, 10, 5] {
            try writeFile(path, Array(bytes.prefix(length)))
            let error = await loadError(dataset)
            guard case let .truncated(source, size)? = underlying(error) as? CompressionError else {
                XCTFail("\(length) bytes: \(String(describing: error))")
                continue
            }
            XCTAssertEqual(source, path)
            XCTAssertEqual(size, length)
            XCTAssertTrue("\(error!)".contains("\(path): truncated zstd frame"), "\(error!)")
        }
    }

    func testAFileThatIsNeitherZstdNorAContainerIsNotCompressed() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("train.dso.zst")
        let dataset = try PickleDataset(name: "test", location: StorageLocation(path), storage: FileStorage())
        for content in ["Id,SalePrice\n1,208500\n", "", "ab"] {
            try writeFile(path, Array(content.utf8))
            let error = await loadError(dataset)
            guard case let .notCompressed(source, _)? = underlying(error) as? CompressionError else {
                XCTFail("\(content.debugDescription): \(String(describing: error))")
                continue
            }
            XCTAssertEqual(source, path)
            XCTAssertTrue("\(error!)".contains("\(path): not a compressed container"), "\(error!)")
        }
    }

    func testADecompressedPayloadThatIsNotAContainerIsAContainerError() async throws {
        let storage = MemoryStorage()
        let location = try StorageLocation("memory://notes.dso.zst")
        let writer = try ZstdCompressingWriter(wrapping: try await storage.makeWriter(for: location), settings: CompressionSettings(), destination: location.description)
        try await writer.write(Blob(copying: Array(String(repeating: "not a container, just text. ", count: 20).utf8)))
        try await writer.commit()
        let dataset = try PickleDataset(name: "notes", location: location, storage: storage)
        let error = await loadError(dataset)
        guard case let .badMagic(source, _)? = underlying(error) as? ContainerError else { return XCTFail("\(String(describing: error))") }
        XCTAssertEqual(source, "memory://notes.dso.zst")
    }

    func testBytesAfterTheFrameAreReported() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("t.dso.zst")
        let dataset = try await savePickle(Tensor<Double>([1, 2, 3]).encoded(), to: path)
        try writeFile(path, try fileBytes(path) + Array("trailing garbage".utf8))
        let error = await loadError(dataset)
        guard case let .corrupted(source, reason)? = underlying(error) as? CompressionError else { return XCTFail("\(String(describing: error))") }
        XCTAssertEqual(source, path)
        XCTAssertTrue(reason.contains("not another zstd frame"), reason)
    }

    func testAnImpossibleDeclaredSizeIsRefusedBeforeAllocating() throws {
        // A frame header declaring 2^40 bytes of content (8-byte size field), followed by nothing.
        var header: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD, 0xE0]  // magic, descriptor: 8-byte size, single segment
        header += withUnsafeBytes(of: UInt64(1 << 40).littleEndian, Array.init)
        header += [0x01, 0x00, 0x00]  // an empty last raw block
        XCTAssertThrowsError(try CompressedContainer.decompress(Blob(copying: header), source: "huge.dso.zst")) { error in
            guard case let .corrupted(source, reason) = error as? CompressionError else { return XCTFail("\(error)") }
            XCTAssertEqual(source, "huge.dso.zst")
            XCTAssertTrue(reason.contains("declares 1099511627776 bytes"), reason)
        }
    }

    func testBlobCRCsAreCheckedWhenTheFrameHasNoChecksum() async throws {
        // A container whose blob is corrupt before compression: the frame faithfully holds it.
        let plain = MemoryStorage()
        let plainLocation = try StorageLocation("memory://t.dso")
        try await plain.write(plainLocation, forDataset: "t") { writer in try await Container.write(Tensor<Double>([1, 2, 3]).encoded(), to: writer) }
        var container = try await plain.read(plainLocation).bytes
        container[64] ^= 1  // the first byte of blob 'data'
        for checksum in [false, true] {
            let storage = MemoryStorage()
            let location = try StorageLocation("memory://t-\(checksum).dso.zst")
            let writer = try ZstdCompressingWriter(wrapping: try await storage.makeWriter(for: location), settings: CompressionSettings(checksum: checksum), destination: location.description)
            try await writer.write(Blob(copying: container))
            try await writer.commit()
            let dataset = try PickleDataset(name: "t", location: location, storage: storage)
            let error = await loadError(dataset)
            if checksum {
                // The frame checksum covers every byte as compressed, so the CRCs are not read again.
                XCTAssertNil(error, "\(String(describing: error))")
            } else {
                guard case let .checksumMismatch(source, part, _, _)? = underlying(error) as? ContainerError else { XCTFail("\(String(describing: error))"); continue }
                XCTAssertEqual(source, location.description)
                XCTAssertEqual(part, "blob 'data'")
            }
        }
    }
}

import DatasetSDK
import Foundation
import XCTest

/// Checks docs/format.md against the Swift writer: Tests/Interop/dso_reader.py is a reader written
/// from the specification alone (standard-library Python, hand-written protobuf decoding). These
/// tests write objects with Swift and assert the Python reader sees exactly what was written, and
/// that it rejects the same corrupt files the Swift reader rejects.
final class FormatSpecReaderTests: XCTestCase {
    // MARK: Reading every built-in type

    func testPythonReaderWrittenFromTheSpecReadsEveryBuiltInType() async throws {
        try requirePython()
        let directory = try TemporaryDirectory()

        // Tensor<Double>, two-dimensional.
        let doubles = try Tensor<Double>(shape: [2, 3], scalars: [1, 2.5, -3, 0.1, 1e300, -0.0])
        var json = try await writeAndRead(doubles.encoded(), directory.file("double.dso"))
        XCTAssertEqual(json["type"] as? String, "datasetsdk.Tensor")
        XCTAssertEqual(number(json["format_version"]), 1000)
        var value = try XCTUnwrap(json["value"] as? [String: Any])
        XCTAssertEqual(value["dtype"] as? String, "float64")
        XCTAssertEqual(integers(value["shape"]), [2, 3])
        XCTAssertEqual(doublesOf(value["data"]), doubles.scalars)

        // Tensor<Int32> with the extreme values.
        let ints = Tensor<Int32>([.min, -1, 0, 7, .max])
        json = try await writeAndRead(ints.encoded(), directory.file("int32.dso"))
        value = try XCTUnwrap(json["value"] as? [String: Any])
        XCTAssertEqual(value["dtype"] as? String, "int32")
        XCTAssertEqual(integers(value["shape"]), [5])
        XCTAssertEqual(integers(value["data"]), ints.scalars.map(Int.init))

        // Tensor<Bool>: one byte per element, 0 or 1.
        let flags = Tensor<Bool>([true, false, false, true])
        json = try await writeAndRead(flags.encoded(), directory.file("bool.dso"))
        value = try XCTUnwrap(json["value"] as? [String: Any])
        XCTAssertEqual(value["dtype"] as? String, "bool")
        XCTAssertEqual((value["data"] as? [Any])?.map { $0 as? Bool }, [true, false, false, true])

        // Tensor<Float> with NaN and infinities (spelled as strings in JSON).
        let floats = Tensor<Float>([-1.5, .nan, .infinity, -.infinity, 0.1])
        json = try await writeAndRead(floats.encoded(), directory.file("float.dso"))
        value = try XCTUnwrap(json["value"] as? [String: Any])
        XCTAssertEqual(value["dtype"] as? String, "float32")
        let floatData = try XCTUnwrap(value["data"] as? [Any])
        XCTAssertEqual(floatData.count, 5)
        XCTAssertEqual(floatData.first.flatMap(number).map { Float($0) }, -1.5)
        XCTAssertEqual(floatData[1] as? String, "NaN")
        XCTAssertEqual(floatData[2] as? String, "Infinity")
        XCTAssertEqual(floatData[3] as? String, "-Infinity")
        XCTAssertEqual(number(floatData[4]).map { Float($0) }, Float(0.1))

        // A scalar tensor: the empty shape holds one element.
        json = try await writeAndRead(Tensor<Double>(shape: [], scalars: [42]).encoded(), directory.file("scalar.dso"))
        value = try XCTUnwrap(json["value"] as? [String: Any])
        XCTAssertEqual(integers(value["shape"]), [])
        XCTAssertEqual(doublesOf(value["data"]), [42])

        // A data frame with nulls and unicode.
        let frame = try DataFrame(columns: [
            ("Id", Column([1, 2, 3, 4, Int64.max] as [Int64])),
            ("Price", Column([65.5, nil, -80.0, nil, 0] as [Double?])),
            ("Alley", Column([nil, "Grvl", nil, "Pave", "ünïcödé ✓ 𝄞"] as [String?])),
            ("Name", Column(["", "ünïcödé ✓", "a,b", "line\nbreak", "\"quoted\""])),
        ])
        json = try await writeAndRead(frame.encoded(), directory.file("frame.dso"))
        XCTAssertEqual(json["type"] as? String, "datasetsdk.DataFrame")
        value = try XCTUnwrap(json["value"] as? [String: Any])
        XCTAssertEqual(value["columns"] as? [String], ["Id", "Price", "Alley", "Name"])
        XCTAssertEqual(number(value["row_count"]), 5)
        let data = try XCTUnwrap(value["data"] as? [String: Any])
        XCTAssertEqual((data["Id"] as? [Any])?.map { ($0 as? NSNumber)?.int64Value }, [1, 2, 3, 4, Int64.max])
        XCTAssertEqual((data["Price"] as? [Any])?.map(optionalNumber), [65.5, nil, -80.0, nil, 0])
        XCTAssertEqual((data["Alley"] as? [Any])?.map { $0 as? String }, [nil, "Grvl", nil, "Pave", "ünïcödé ✓ 𝄞"])
        XCTAssertEqual(data["Name"] as? [String], ["", "ünïcödé ✓", "a,b", "line\nbreak", "\"quoted\""])
        let members = try XCTUnwrap(json["members"] as? [String: [String: Any]])
        XCTAssertEqual(Set(members.keys), ["Id", "Price", "Alley", "Name"])
        XCTAssertEqual(members["Alley"]?["type"] as? String, "datasetsdk.StringArray")
        XCTAssertEqual(members["Price"]?["type"] as? String, "datasetsdk.Tensor")
        XCTAssertEqual(number((members["Price"]?["fields"] as? [String: Any])?["null_count"]), 2)
        XCTAssertEqual(number((members["Alley"]?["fields"] as? [String: Any])?["null_count"]), 2)
        XCTAssertEqual(number(members["Price"]?["format_version"]), 0, "members carry no format version")
        XCTAssertEqual(number(json["total_bytes"]), Double(blobSizes(json).reduce(0, +)))

        // A record: its fields are the entries.
        let record: Record = ["multiplier": 100, "name": "ridge", "alphas": [0.1, 1.0], "on": true, "nested": ["x": nil, "b": .bytes([0, 255])]]
        json = try await writeAndRead(record.encoded(), directory.file("record.dso"))
        XCTAssertEqual(json["type"] as? String, "datasetsdk.Record")
        value = try XCTUnwrap(json["value"] as? [String: Any])
        XCTAssertEqual(Set(value.keys), ["multiplier", "name", "alphas", "on", "nested"])
        XCTAssertEqual(number(value["multiplier"]), 100)
        XCTAssertEqual(value["name"] as? String, "ridge")
        XCTAssertEqual(doublesOf(value["alphas"]), [0.1, 1.0])
        XCTAssertEqual(value["on"] as? Bool, true)
        let nested = try XCTUnwrap(value["nested"] as? [String: Any])
        XCTAssertTrue(nested["x"] is NSNull, "an explicit null stays null: \(String(describing: nested["x"]))")
        XCTAssertEqual((nested["b"] as? [String: Any])?["bytes_hex"] as? String, "00ff")
        XCTAssertEqual((json["blobs"] as? [String: Any])?.count, 0, "a record has no blobs")

        // Bytes: size and CRC32 of the blob.
        let payload = (0..<1000).map { UInt8($0 % 251) }
        json = try await writeAndRead(Bytes(Blob(copying: payload)).encoded(), directory.file("bytes.dso"))
        XCTAssertEqual(json["type"] as? String, "datasetsdk.Bytes")
        value = try XCTUnwrap(json["value"] as? [String: Any])
        XCTAssertEqual(number(value["size"]), 1000)
        XCTAssertEqual(number(value["crc32"]), Double(referenceCRC32(payload)))
    }

    func testSwiftWriterFollowsTheDocumentedLayoutAsSeenByThePythonReader() async throws {
        try requirePython()
        let directory = try TemporaryDirectory()
        let column = Column(Array(repeating: 7.0, count: 1000))
        let strings = Column(["x", "yy", "zzz"].flatMap { Array(repeating: $0, count: 333) } + ["w"])
        let frame = try DataFrame(columns: [("b", column), ("a", column), ("s", strings), ("n", Column([1, nil, 3] + Array(repeating: 4, count: 997) as [Int32?]))])
        let path = directory.file("layout.dso")
        let bytes = try await writeContainer(frame.encoded(), to: path)
        let json = try runReader(path).json()
        let footer = bytes.count - 64
        let metadataOffset = littleEndian(bytes, at: footer, count: 8)

        // Header bytes 16-59 and footer bytes 28-47 and 52-55 are zero.
        XCTAssertEqual(Array(bytes[16..<60]), Array(repeating: 0, count: 44))
        XCTAssertEqual(Array(bytes[(footer + 28)..<(footer + 48)]), Array(repeating: 0, count: 20))
        XCTAssertEqual(Array(bytes[(footer + 52)..<(footer + 56)]), Array(repeating: 0, count: 4))
        XCTAssertEqual(littleEndian(bytes, at: footer + 24, count: 2), 1, "footer major version")

        // format_version is 1000 on the top-level object and absent (0) in members.
        XCTAssertEqual(number(json["format_version"]), 1000)
        for (name, member) in json["members"] as? [String: [String: Any]] ?? [:] {
            XCTAssertEqual(number(member["format_version"]), 0, name)
        }

        // Every blob is aligned and inside the blob section; what lies between blobs is zero.
        var covered = [Bool](repeating: false, count: metadataOffset)
        var visitOrder: [Int] = []
        collectBlobs(json) { size, offset in
            XCTAssertEqual(offset % 64, 0)
            XCTAssertGreaterThanOrEqual(offset, 64)
            XCTAssertLessThanOrEqual(offset + size, metadataOffset)
            for i in offset..<min(offset + size, metadataOffset) { covered[i] = true }
            if size > 0 { visitOrder.append(offset) }
        }
        let padding = (64..<metadataOffset).filter { !covered[$0] && bytes[$0] != 0 }
        XCTAssertEqual(padding, [], "padding bytes are zero")

        // Blobs are written depth-first in sorted name order, a blob used twice only once.
        var firstUse: [Int] = []
        for offset in visitOrder where !firstUse.contains(offset) { firstUse.append(offset) }
        XCTAssertEqual(firstUse, firstUse.sorted(), "blobs written depth-first in sorted name order")
        let members = try XCTUnwrap(json["members"] as? [String: [String: Any]])
        let a = (members["a"]?["blobs"] as? [String: [String: Any]])?["data"]
        let b = (members["b"]?["blobs"] as? [String: [String: Any]])?["data"]
        XCTAssertEqual(number(a?["offset"]), number(b?["offset"]), "a blob used twice is stored once")
        XCTAssertEqual(number(json["total_bytes"]), Double(blobSizes(json).reduce(0, +)), "total_bytes counts every reference")
        XCTAssertEqual(number(members["n"]?["total_bytes"]), 4000 + 125, "data plus validity")
    }

    func testTheSpecsWorkedExampleMatchesTheWrittenFile() async throws {
        try requirePython()
        let directory = try TemporaryDirectory()
        let path = directory.file("example.dso")
        let bytes = try await writeContainer(Tensor<Double>([1, 2, 3]).encoded(), to: path)
        let json = try runReader(path).json()
        let blob = try XCTUnwrap((json["blobs"] as? [String: [String: Any]])?["data"])
        XCTAssertEqual(number(blob["offset"]), 64)
        XCTAssertEqual(number(blob["size"]), 24)
        XCTAssertEqual(number(json["total_bytes"]), 24)
        XCTAssertEqual(Array(bytes[88..<128]), Array(repeating: 0, count: 40), "40 bytes of padding after the data")
        let footer = bytes.count - 64
        let metadataOffset = littleEndian(bytes, at: footer, count: 8)
        let metadataLength = littleEndian(bytes, at: footer + 8, count: 8)
        XCTAssertEqual(metadataOffset, 128)
        XCTAssertEqual(metadataOffset + metadataLength, footer, "the footer starts right after the metadata")
        // docs/format.md's worked example: 101 metadata bytes (with the 16-byte id), 293 in all.
        XCTAssertEqual(metadataLength, 101)
        XCTAssertEqual(bytes.count, 293)
    }

    // MARK: Rejecting corrupt files

    func testPythonReaderRejectsCorruptFilesLikeTheSwiftReader() async throws {
        try requirePython()
        let directory = try TemporaryDirectory()
        let frame = try DataFrame(columns: [
            ("Id", Column([1, 2, 3] as [Int64])),
            ("Name", Column(["a", nil, "ünï"] as [String?])),
        ])
        let original = try await writeContainer(frame.encoded(), to: directory.file("good.dso"))
        XCTAssertEqual(try runReader(directory.file("good.dso")).status, 0)
        let footer = original.count - 64
        let metadataOffset = littleEndian(original, at: footer, count: 8)

        struct Corruption {
            let name: String
            let expectedMessage: String
            let detectedWithoutVerifying: Bool
            let apply: ([UInt8]) -> [UInt8]
        }
        let corruptions: [Corruption] = [
            Corruption(name: "blob byte", expectedMessage: "checksum", detectedWithoutVerifying: false) { var b = $0; b[64] ^= 0x01; return b },
            Corruption(name: "metadata byte", expectedMessage: "metadata checksum", detectedWithoutVerifying: true) { var b = $0; b[metadataOffset + 3] ^= 0x40; return b },
            Corruption(name: "truncated", expectedMessage: "truncated", detectedWithoutVerifying: true) { Array($0.dropLast(10)) },
            Corruption(name: "cut to the header", expectedMessage: "too small", detectedWithoutVerifying: true) { Array($0.prefix(100)) },
            Corruption(name: "wrong magic", expectedMessage: "not a container", detectedWithoutVerifying: true) { var b = $0; b[1] = UInt8(ascii: "X"); return b },
            Corruption(name: "empty file", expectedMessage: "not a container", detectedWithoutVerifying: true) { _ in [] },
            Corruption(name: "header byte", expectedMessage: "header checksum", detectedWithoutVerifying: true) { var b = $0; b[20] = 1; return b },
            Corruption(name: "footer byte", expectedMessage: "footer checksum", detectedWithoutVerifying: true) { var b = $0; b[footer + 30] = 1; return b },
            Corruption(name: "header major version", expectedMessage: "unsupported version", detectedWithoutVerifying: true) {
                var b = $0; b[8] = 2; return withHeaderCRC(b)
            },
            Corruption(name: "header flags", expectedMessage: "flags", detectedWithoutVerifying: true) {
                var b = $0; b[12] = 1; return withHeaderCRC(b)
            },
        ]
        for corruption in corruptions {
            let path = directory.file("corrupt-\(corruption.name.replacingOccurrences(of: " ", with: "-")).dso")
            _ = FileManager.default.createFile(atPath: path, contents: Data(corruption.apply(original)))

            let result = try runReader(path)
            XCTAssertEqual(result.status, 2, "\(corruption.name): \(result.errorOutput)")
            let lines = result.errorOutput.split(separator: "\n")
            XCTAssertEqual(lines.count, 1, "\(corruption.name): one error line, got \(result.errorOutput)")
            XCTAssertTrue(lines.first?.hasPrefix("error: \(path): ") ?? false, "\(corruption.name): \(result.errorOutput)")
            XCTAssertTrue(result.errorOutput.contains(corruption.expectedMessage), "\(corruption.name): \(result.errorOutput)")
            XCTAssertEqual(result.output, "", "\(corruption.name): nothing on stdout")

            do {
                _ = try await readContainer(path)
                XCTFail("\(corruption.name): the Swift reader accepted a file the spec rejects")
            } catch {}

            let unverified = try runReader(path, verify: false)
            if corruption.detectedWithoutVerifying {
                XCTAssertEqual(unverified.status, 2, "\(corruption.name) with --no-verify")
                do {
                    _ = try await readContainer(path, verifying: false)
                    XCTFail("\(corruption.name): the Swift reader accepted it without verifying")
                } catch {}
            } else {
                XCTAssertEqual(unverified.status, 0, "\(corruption.name) with --no-verify: \(unverified.errorOutput)")
                do {
                    _ = try await readContainer(path, verifying: false)
                } catch {
                    XCTFail("\(corruption.name): the Swift reader refused it without verifying: \(error)")
                }
            }
        }
    }

    func testBothReadersRejectInvalidBuiltInTypeContents() async throws {
        try requirePython()
        let directory = try TemporaryDirectory()

        // A bool element that is neither 0 nor 1 (checksums not verified, so only the type rule fails).
        let boolPath = directory.file("bool.dso")
        var bytes = try await writeContainer(Tensor<Bool>([true, false]).encoded(), to: boolPath)
        bytes[64] = 2
        _ = FileManager.default.createFile(atPath: boolPath, contents: Data(bytes))
        var result = try runReader(boolPath, verify: false)
        XCTAssertEqual(result.status, 2, result.errorOutput)
        XCTAssertTrue(result.errorOutput.contains("bool element"), result.errorOutput)
        do {
            _ = try Tensor<Bool>(decoding: await readContainer(boolPath, verifying: false))
            XCTFail("the Swift reader accepted a bool byte of 2")
        } catch {}

        // String offsets that point past the end of the bytes blob.
        let stringPath = directory.file("strings.dso")
        let frame = try DataFrame(columns: [("s", Column(["ab", "cd"]))])
        bytes = try await writeContainer(frame.encoded(), to: stringPath)
        let json = try runReader(stringPath).json()
        let offsets = try XCTUnwrap(((json["members"] as? [String: [String: Any]])?["s"]?["blobs"] as? [String: [String: Any]])?["offsets"])
        let last = Int(try XCTUnwrap(number(offsets["offset"]))) + 16
        bytes[last] = 99
        _ = FileManager.default.createFile(atPath: stringPath, contents: Data(bytes))
        result = try runReader(stringPath, verify: false)
        XCTAssertEqual(result.status, 2, result.errorOutput)
        XCTAssertTrue(result.errorOutput.contains("offsets"), result.errorOutput)
        do {
            let loaded = try DataFrame(decoding: await readContainer(stringPath, verifying: false))
            _ = try loaded.strings("s")
            XCTFail("the Swift reader accepted string offsets past the end of the bytes")
        } catch {}
    }

    // MARK: Helpers

    struct ReaderResult {
        let status: Int32
        let output: String
        let errorOutput: String

        func json(file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
            XCTAssertEqual(status, 0, errorOutput, file: file, line: line)
            let object = try JSONSerialization.jsonObject(with: Data(output.utf8))
            return try XCTUnwrap(object as? [String: Any], file: file, line: line)
        }
    }

    static let readerScript = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // DatasetSDKTests
        .deletingLastPathComponent()  // Tests
        .appendingPathComponent("Interop/dso_reader.py").path

    func requirePython() throws {
        guard (try? runPython(["--version"]))?.status == 0 else {
            XCTFail("python3 is not available: scripts/setup installs it")
            throw CancellationError()
        }
    }

    func runPython(_ arguments: [String]) throws -> ReaderResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Read both pipes at once so that a large output cannot block the child.
        let errorBox = DataBox(), group = DispatchGroup()
        let errorHandle = errors.fileHandleForReading
        DispatchQueue.global().async(group: group) { errorBox.data = errorHandle.readDataToEndOfFile() }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return ReaderResult(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self), errorOutput: String(decoding: errorBox.data, as: UTF8.self))
    }

    func runReader(_ path: String, verify: Bool = true) throws -> ReaderResult {
        try runPython([Self.readerScript] + (verify ? [] : ["--no-verify"]) + [path])
    }

    func writeAndRead(_ object: EncodedObject, _ path: String, file: StaticString = #filePath, line: UInt = #line) async throws -> [String: Any] {
        try await writeContainer(object, to: path)
        return try runReader(path).json(file: file, line: line)
    }

    private func collectBlobs(_ json: [String: Any], _ body: (Int, Int) -> Void) {
        // Depth-first in sorted name order: an object's own blobs, then each member.
        for (_, blob) in (json["blobs"] as? [String: [String: Any]] ?? [:]).sorted(by: { $0.key < $1.key }) {
            body(Int(number(blob["size"]) ?? -1), Int(number(blob["offset"]) ?? -1))
        }
        for (_, member) in (json["members"] as? [String: [String: Any]] ?? [:]).sorted(by: { $0.key < $1.key }) {
            collectBlobs(member, body)
        }
    }

    private func blobSizes(_ json: [String: Any]) -> [Int] {
        var sizes: [Int] = []
        collectBlobs(json) { size, _ in sizes.append(size) }
        return sizes
    }
}

private final class DataBox: @unchecked Sendable { var data = Data() }

private func number(_ any: Any?) -> Double? {
    (any as? NSNumber)?.doubleValue
}

private func optionalNumber(_ any: Any) -> Double? {
    any is NSNull ? nil : number(any)
}

private func integers(_ any: Any?) -> [Int]? {
    (any as? [Any])?.compactMap { ($0 as? NSNumber)?.intValue }
}

private func doublesOf(_ any: Any?) -> [Double]? {
    (any as? [Any])?.compactMap(number)
}

private func littleEndian(_ bytes: [UInt8], at offset: Int, count: Int) -> Int {
    bytes[offset..<(offset + count)].reversed().reduce(0) { $0 << 8 | Int($1) }
}

/// Rewrites the header CRC (bytes 60-63) after a deliberate header change.
private func withHeaderCRC(_ bytes: [UInt8]) -> [UInt8] {
    var result = bytes
    let crc = referenceCRC32(Array(bytes[0..<60]))
    for i in 0..<4 { result[60 + i] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(i))) }
    return result
}

/// CRC-32 as specified in docs/format.md (reflected 0xEDB88320, init and final XOR 0xFFFFFFFF),
/// computed bit by bit so the test does not depend on the SDK's implementation.
private func referenceCRC32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return crc ^ 0xFFFF_FFFF
}

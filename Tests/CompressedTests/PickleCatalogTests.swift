@testable import DatasetSDKCompressed
import DatasetSDK
import Foundation
import XCTest

/// `PickleDataset` entries of a `conf/` folder, through `DataCatalog`: options, errors, schemes.
final class PickleCatalogTests: XCTestCase {
    func testSaveAndLoadThroughTheCatalogOnFileAndMemoryStorage() async throws {
        let directory = try TemporaryDirectory()
        let conf = try ConfFolder("""
            house_prices:
              type: PickleDataset
              filepath: "\(directory.file("house_prices.dso.zst"))"
              save_args: {level: 3, workers: 2}
            "{name}_memory":
              type: PickleDataset
              filepath: memory://\(directory.path)/{name}.dso.zst
            """)
        let catalog = try conf.catalog()
        let frame = try DataFrame(columns: [
            ("Id", Column([1, 2, 3] as [Int64])),
            ("Alley", Column([nil, "Grvl", "Pave"] as [String?])),
            ("LotFrontage", Column([65.0, nil, 68.0] as [Double?])),
        ])
        for name in ["house_prices", "y_train_memory"] {
            let existed = try await catalog.exists(name)
            XCTAssertFalse(existed, name)
            try await catalog.save(frame, as: name)
            let loaded: DataFrame = try await catalog.load(name)
            XCTAssertEqual(loaded.columnNames, ["Id", "Alley", "LotFrontage"], name)
            XCTAssertEqual(loaded["Alley"]?.value(at: 0), .null, name)
            XCTAssertEqual(loaded["LotFrontage"]?.value(at: 2), .double(68), name)
        }
        let dataset = try XCTUnwrap(try catalog.dataset(named: "house_prices") as? PickleDataset)
        XCTAssertEqual(dataset.settings, CompressionSettings(level: 3, workers: 2))
        XCTAssertEqual(dataset.describe()["level"], .int(3))
        XCTAssertEqual(dataset.describe()["workers"], .int(2))
        let defaults = try XCTUnwrap(try catalog.dataset(named: "y_train_memory") as? PickleDataset)
        XCTAssertEqual(defaults.settings, CompressionSettings(level: 3, workers: CompressionSettings.availableCores, checksum: true))
        XCTAssertEqual(defaults.location.description, "memory://\(directory.path)/y_train.dso.zst")

        let error = await thrownError { let _: Tensor<Double> = try await catalog.load("house_prices") }
        guard case let .wrongType(name, expected, found)? = error as? DatasetError else { return XCTFail("\(String(describing: error))") }
        XCTAssertEqual([name, expected, found], ["house_prices", "datasetsdk.Tensor", "datasetsdk.DataFrame"])
    }

    func testUnknownAndInvalidSaveArgumentsAreRejectedNamingTheKey() throws {
        let cases: [(String, String, String)] = [
            ("{level: 3, wrokers: 2}", "save_args.wrokers", "unknown option"),
            ("{compresion: none}", "save_args.compresion", "unknown option"),
            ("{level: 23}", "save_args.level", "must be a zstd level"),
            ("{level: fast}", "save_args.level", "must be a zstd level"),
            ("{level: 3.0}", "save_args.level", "must be a zstd level"),
            ("{workers: -1}", "save_args.workers", "must be a number of frames compressed at once"),
            ("{checksum: maybe}", "save_args.checksum", "must be true or false"),
            ("{compression: gzip}", "save_args.compression", "must be zstd or none"),
            ("{compression: none, level: 5}", "save_args.level", "must be absent with compression: none"),
        ]
        for (arguments, key, message) in cases {
            let conf = try ConfFolder("""
                model:
                  type: PickleDataset
                  filepath: data/model.dso.zst
                  save_args: \(arguments)
                """)
            XCTAssertThrowsError(try conf.catalog().dataset(named: "model"), arguments) { error in
                let text = "\(error)"
                XCTAssertTrue(text.contains("dataset 'model'") && text.contains("'\(key)'") && text.contains(message), "\(arguments): \(text)")
                XCTAssertTrue(text.contains(conf.catalogFile), "names the file: \(text)")
                if case let .unknownOption(_, _, known, _)? = error as? DatasetError {
                    XCTAssertTrue(known.contains("save_args.workers") && known.contains("save_args.level"), "\(known)")
                }
            }
        }
        XCTAssertThrowsError(try CompressionSettings(level: 99).validate()) { error in
            guard case let .invalidSetting(name, value, _) = error as? CompressionError else { return XCTFail("\(error)") }
            XCTAssertEqual(name, "level")
            XCTAssertEqual(value, 99)
        }
    }

    func testLevelsAreHonoured() async throws {
        let directory = try TemporaryDirectory()
        let conf = try ConfFolder("""
            fast: {type: PickleDataset, filepath: "\(directory.file("fast.dso.zst"))", save_args: {level: 1}}
            small: {type: PickleDataset, filepath: "\(directory.file("small.dso.zst"))", save_args: {level: 19}}
            """)
        let catalog = try conf.catalog()
        let tensor = try sampleTensor(mebibytes: 2)
        try await catalog.save(tensor, as: "fast")
        try await catalog.save(tensor, as: "small")
        let fast = try fileBytes(directory.file("fast.dso.zst")).count
        let small = try fileBytes(directory.file("small.dso.zst")).count
        XCTAssertGreaterThan(fast, small, "level 1 must compress less than level 19")
        XCTAssertLessThan(small, 2 << 20, "the data compresses")
        for name in ["fast", "small"] {
            let loaded: Tensor<Double> = try await catalog.load(name)
            XCTAssertEqual(loaded, tensor, name)
        }
    }

    func testTheFileIsTheSameForAnyNumberOfWorkers() async throws {
        // Frames are compressed independently, so how many are compressed at once (and on
        // which thread) changes nothing in the file.
        let directory = try TemporaryDirectory()
        let tensor = try sampleTensor(mebibytes: 40)
        var files: [Int: [UInt8]] = [:]
        for workers in [0, 1, 3] {
            let path = directory.file("w\(workers).dso.zst")
            var object = tensor.encoded()
            object.id = ObjectID(bytes: Array(repeating: 7, count: 16))  // else each save draws a new id
            let dataset = try await savePickle(object, to: path, settings: CompressionSettings(level: 3, workers: workers))
            XCTAssertEqual(dataset.describe()["workers"], .int(Int64(workers)))
            let loaded = try await dataset.load()
            XCTAssertEqual(try Tensor<Double>(decoding: loaded), tensor, "workers \(workers)")
            files[workers] = try fileBytes(path)
        }
        XCTAssertTrue(files[0] == files[1], "workers 0 and 1 wrote different files")
        XCTAssertTrue(files[0] == files[3], "workers 0 and 3 wrote different files")
        XCTAssertEqual(try XCTUnwrap(try XCTUnwrap(files[0]).withUnsafeBytes { SeekTable.parse($0) }).entries.count, 3, "40 MiB in 16 MiB frames")
    }

    func testFrameSizeAndLoadWorkersComeFromTheCatalog() async throws {
        let directory = try TemporaryDirectory()
        let conf = try ConfFolder("""
            small_frames:
              type: PickleDataset
              filepath: \(directory.file("small.dso.zst"))
              save_args: {frame_size: 256Ki, workers: 2}
              load_args: {workers: 1}
            """)
        let catalog = try conf.catalog()
        let tensor = try sampleTensor(mebibytes: 2)
        try await catalog.save(tensor, as: "small_frames")
        let table = try XCTUnwrap(try fileBytes(directory.file("small.dso.zst")).withUnsafeBytes { SeekTable.parse($0) })
        XCTAssertEqual(table.entries.count, 9, "2 MiB of data plus the container's header and metadata in 256 KiB frames")
        XCTAssertTrue(table.entries.dropLast().allSatisfy { $0.decompressedSize == 256 << 10 })
        let loaded: Tensor<Double> = try await catalog.load("small_frames")
        XCTAssertEqual(loaded, tensor)
        let described = try catalog.describe("small_frames")
        XCTAssertEqual(described["frame_size"], .int(256 << 10))

        for (value, expected) in [("1Ki", "frame_size"), ("2Gi", "frame_size"), ("lots", "frame_size")] {
            let bad = try ConfFolder("x: {type: PickleDataset, filepath: \(directory.file("x.dso.zst")), save_args: {frame_size: \(value)}}")
            XCTAssertThrowsError(try bad.catalog().dataset(named: "x")) { error in
                XCTAssertTrue("\(error)".contains(expected) && "\(error)".contains("64Ki to 1Gi"), "\(error)")
            }
        }
        let badWorkers = try ConfFolder("x: {type: PickleDataset, filepath: \(directory.file("x.dso.zst")), load_args: {workers: 0}}")
        XCTAssertThrowsError(try badWorkers.catalog().dataset(named: "x")) { error in
            XCTAssertTrue("\(error)".contains("load_args.workers"), "\(error)")
        }
    }

    func testACustomSchemeReceivesTheCompressedBytesInBoundedChunks() async throws {
        let storage = RecordingStorage()
        var registry = Registry.standard
        registry.registerCompressed()
        registry.register(scheme: "rec") { _ in storage }
        let catalog = DataCatalog(registry: registry)
        let dataset = try registry.makeDataset(type: "PickleDataset", configuration: DatasetConfiguration(
            name: "tensor", options: ["filepath": "rec://bucket/tensor.dso.zst", "save_args": ["level": 1, "frame_size": "1Mi"]], registry: registry))
        catalog.add(dataset, as: "tensor")
        let tensor = try sampleTensor(mebibytes: 24)
        try await catalog.save(tensor, as: "tensor")
        let sizes = storage.writeSizes("bucket/tensor.dso.zst")
        XCTAssertEqual(sizes.count, 26, "one write per 1 MiB frame (25), then the seek table: streamed, not written at once")
        XCTAssertLessThanOrEqual(sizes.max() ?? 0, (1 << 20) + (1 << 14), "a frame holds at most 1 MiB of content")
        let stored = try await storage.read(StorageLocation("rec://bucket/tensor.dso.zst"))
        XCTAssertEqual(sizes.reduce(0, +), stored.count)
        XCTAssertEqual(CompressedContainer.kind(of: stored), .zstd)
        let loaded: Tensor<Double> = try await catalog.load("tensor")
        XCTAssertEqual(loaded, tensor)
    }

    func testCompressionNoneThroughTheCatalogWritesWhatObjectDatasetReads() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("plain.dso")
        let conf = try ConfFolder("""
            plain: {type: PickleDataset, filepath: "\(path)", save_args: {compression: none}}
            same_file: {type: ObjectDataset, filepath: "\(path)"}
            """)
        let catalog = try conf.catalog()
        let record: Record = ["alpha": 0.5, "model": "ridge"]
        try await catalog.save(record, as: "plain")
        let viaObjectDataset: Record = try await catalog.load("same_file")
        XCTAssertEqual(viaObjectDataset, record)
        XCTAssertEqual(try catalog.dataset(named: "plain").describe()["compression"], "none")
    }
}

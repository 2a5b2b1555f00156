import ArgumentParser
import DatasetSDKCompressed
import DatasetSDK

#if canImport(Glibc)
import Glibc
#endif

/// `datasets-bench pickle`: PickleDataset (zstd-compressed containers) beside Python's
/// cloudpickle + zstandard on the same data, in the same run.
struct PickleBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pickle",
        abstract: "Compressed size, ratio, save and load seconds of PickleDataset beside cloudpickle + zstandard.",
        discussion: """
            Objects: the house-prices frame repeated --multiplier times (read with CSVDataset when --csv exists, else \
            synthesized) and a --tensor-mib Tensor<Double> of a noisy measured-looking signal. Ours: PickleDataset.save to a \
            file, then load + decode. Python (scripts/bench/pickle_peer.py): cloudpickle.dumps + ZstdCompressor.compress + \
            write, then read + decompress + cloudpickle.loads, on the same data read from plain .dso files.
            """
    )

    @Option(help: "Rows of the house-prices frame are repeated this many times (100: 146,000 rows).")
    var multiplier = 100

    @Option(help: "The house-prices train.csv (synthesized when missing).")
    var csv = "../shared/data/house-prices/train.csv"

    @Option(name: .customLong("tensor-mib"), help: "Tensor size in MiB.")
    var tensorMiB = 1024

    @Option(help: "zstd levels, comma-separated.")
    var levels = "1,3,9"

    @Option(help: "Worker counts, comma-separated (default: 1 and all cores).")
    var workers: String?

    @Option(help: "Folder for the files (removed afterwards).")
    var directory = "/tmp/datasets-bench-pickle"

    @Option(help: "Runs per case; the best is reported.")
    var repeats = 1

    @Option(help: "The Python interpreter for the peer (needs cloudpickle, zstandard, numpy, pandas).")
    var python = "python3"

    @Flag(help: "Measure only ours.")
    var skipPython = false

    func run() async throws {
        let levelList = levels.split(separator: ",").compactMap { Int($0) }
        let cores = CompressionSettings.availableCores
        let workerList = workers.map { $0.split(separator: ",").compactMap { Int($0) } } ?? (cores > 1 ? [1, cores] : [1])
        signal(SIGPIPE, SIG_IGN)  // a peer that dies must not kill the benchmark
        mkdir(directory, 0o755)
        defer { removeFiles() }

        say("pickle benchmark: building the objects")
        let ((frame, origin), frameSeconds) = try await seconds { try await PickleBenchmarkData.houseFrame(csv: csv, multiplier: multiplier) }
        let (tensor, tensorSeconds) = try await seconds { try PickleBenchmarkData.signal(mebibytes: tensorMiB) }
        let textColumns = frame.columns.filter { $0.column.kind == .string }.count
        say("frame: \(frame.rowCount) rows x \(frame.columnCount) columns (\(textColumns) text) from \(origin), built in \(format(frameSeconds)) s")
        say("tensor: \(tensorMiB) MiB Tensor<Double>, built in \(format(tensorSeconds)) s")
        let objects: [(name: String, object: EncodedObject)] = [("frame", frame.encoded()), ("tensor", tensor.encoded())]

        // Plain containers: the peer's input, and the "none" baseline.
        var plainPaths: [String: String] = [:]
        var ours: [String: Measured] = [:]
        for (name, object) in objects {
            let path = "\(directory)/\(name).dso"
            plainPaths[name] = path
            ours[Self.key(name, "none", 0)] = try await measure(name, object, settings: .none, path: path)
        }
        var peer: PickleBenchmarkPeer?
        var peerProblem: String? = skipPython ? "skipped (--skip-python)" : nil
        if !skipPython {
            say("python: starting scripts/bench/pickle_peer.py (cloudpickle + zstandard); it reads the same objects")
            do { peer = try PickleBenchmarkPeer(python: python, frame: plainPaths["frame"]!, tensor: plainPaths["tensor"]!, directory: directory) } catch {
                peerProblem = error.message
            }
        }
        defer { peer?.stop() }
        var theirs: [String: PickleBenchmarkPeer.Result] = [:]
        for (name, object) in objects {
            for level in levelList {
                for count in workerList {
                    // Ours and Python's same case back to back, so both see the same machine.
                    say("\(name) level \(level), \(count) workers: ours")
                    ours[Self.key(name, "\(level)", count)] = try await measure(
                        name, object, settings: CompressionSettings(level: level, workers: count), path: "\(directory)/\(name).dso.zst")
                    guard let running = peer else { continue }
                    say("\(name) level \(level), \(count) threads: python")
                    do { theirs[Self.key(name, "\(level)", count)] = try running.measure(name, level: level, threads: count, repeats: repeats) } catch {
                        peerProblem = error.message
                    }
                }
            }
            // Independent frames trade ratio for parallelism: frame sizes at level 3, back to back.
            for frameSize in frameSizeList {
                say("\(name) level 3, \(cores) workers, \(frameSize >> 20) MiB frames: ours")
                let settings = CompressionSettings(level: 3, workers: cores, frameSize: frameSize)
                ours[Self.key(name, "3-\(frameSize >> 20)MiB", cores)] = try await measure(name, object, settings: settings, path: "\(directory)/\(name).frames.dso.zst")
            }
        }

        print(report(ours: ours, theirs: theirs, peerProblem: peerProblem, levels: levelList, workers: workerList, cores: cores, frame: frame, origin: origin))
    }

    /// One measured case of ours.
    struct Measured {
        var containerBytes: Double
        var storedBytes: Double
        var saveSeconds: Double
        var loadSeconds: Double
    }

    static func key(_ name: String, _ level: String, _ workers: Int) -> String { "\(name)/\(level)/\(workers)" }

    @Option(name: .customLong("frame-sizes"), help: "Frame sizes in MiB compared at level 3 with all workers, comma-separated.")
    var frameSizes = "4,8,16,64"

    /// `--frame-sizes` in bytes.
    private var frameSizeList: [Int] { frameSizes.split(separator: ",").compactMap { Int($0) }.map { $0 << 20 } }

    /// Best-of-repeats save (PickleDataset to a file) and load + decode of `object`.
    private func measure(_ name: String, _ object: EncodedObject, settings: CompressionSettings, path: String) async throws -> Measured {
        let dataset = try PickleDataset(name: name, location: StorageLocation(path), storage: FileStorage(), settings: settings,
                                        loadWorkers: max(1, settings.compresses ? settings.workers : 1))
        var saves: [Double] = [], loads: [Double] = []
        for _ in 0..<repeats {
            saves.append(try await seconds { try await dataset.save(object) }.1)
            loads.append(try await seconds {
                let loaded = try await dataset.load()
                if name == "frame" { _ = try DataFrame(decoding: loaded) } else { _ = try Tensor<Double>(decoding: loaded) }
            }.1)
        }
        let stored = try await FileStorage().read(StorageLocation(path)).count
        let container = settings.compresses ? try await Container.write(object, to: NullWriter()) : stored
        if settings.compresses { try await FileStorage().remove(StorageLocation(path)) }
        return Measured(containerBytes: Double(container), storedBytes: Double(stored), saveSeconds: saves.min()!, loadSeconds: loads.min()!)
    }

    private func report(ours: [String: Measured], theirs: [String: PickleBenchmarkPeer.Result], peerProblem: String?, levels: [Int], workers: [Int], cores: Int, frame: DataFrame, origin: String) -> String {
        var table = Table(header: ["data", "level", "workers", "ours MB", "ours ratio", "ours save s", "ours load s",
                                   "py MB", "py ratio", "py save s", "py load s", "ratio ours/py", "save ours/py", "load ours/py"])
        func mb(_ bytes: Double) -> String { format(bytes / 1e6, digits: 1) }
        for name in ["frame", "tensor"] {
            if let plain = ours[Self.key(name, "none", 0)] {
                table.rows.append([name, "none", "-", mb(plain.storedBytes), "1.00", format(plain.saveSeconds), format(plain.loadSeconds)]
                                  + Array(repeating: "", count: 7))
            }
            for level in levels {
                for count in workers {
                    guard let our = ours[Self.key(name, "\(level)", count)] else { continue }
                    let ourRatio = our.containerBytes / our.storedBytes
                    var row = [name, "\(level)", "\(count)", mb(our.storedBytes), format(ourRatio, digits: 2), format(our.saveSeconds), format(our.loadSeconds)]
                    if let their = theirs[Self.key(name, "\(level)", count)] {
                        let theirRatio = their.pickledBytes / their.storedBytes
                        row += [mb(their.storedBytes), format(theirRatio, digits: 2), format(their.saveSeconds), format(their.loadSeconds),
                                format(ourRatio / theirRatio, digits: 2), format(our.saveSeconds / their.saveSeconds, digits: 2),
                                format(our.loadSeconds / their.loadSeconds, digits: 2)]
                    } else {
                        row += Array(repeating: "—", count: 7)
                    }
                    table.rows.append(row)
                }
            }
        }
        var lines = [
            "",
            "frame: \(frame.rowCount) rows x \(frame.columnCount) columns from \(origin); tensor: \(tensorMiB) MiB Tensor<Double> (noisy signal, 3 decimals)",
            "machine: \(cores) cores; files in \(directory) (page cache, no fsync); best of \(repeats); each case: ours, then Python's, back to back",
            "",
            table.render(),
            "",
            "ratio = uncompressed / stored bytes (ours: the .dso container; py: the pickle). ours: zstd content checksum written and verified on load;",
            "workers: ours compress that many frames at once and decompress with as many threads; py: ZstdCompressor(threads=workers), one-thread decompress.",
            "py: python-zstandard defaults (no checksum). ratio ours/py > 1: we compress better; save/load ours/py < 1: we are faster.",
        ]
        if let peerProblem { lines.append("python peer: \(peerProblem)") }
        var frameTable = Table(header: ["data", "level", "workers", "frame MiB", "frames", "ratio", "save s", "load s"])
        for name in ["frame", "tensor"] {
            for frameSize in frameSizeList {
                guard let our = ours[Self.key(name, "3-\(frameSize >> 20)MiB", cores)] else { continue }
                let frames = (Int(our.containerBytes) + frameSize - 1) / frameSize
                let isDefault = frameSize == CompressionSettings.defaultFrameSize(level: 3)
                frameTable.rows.append([name, "3", "\(cores)", "\(frameSize >> 20)\(isDefault ? " (default)" : "")", "\(frames)",
                                        format(our.containerBytes / our.storedBytes, digits: 3), format(our.saveSeconds), format(our.loadSeconds)])
            }
        }
        lines += ["", "frame size: independent zstd frames compress and decompress in parallel; larger frames keep more matches:", frameTable.render()]
        return lines.joined(separator: "\n")
    }

    private func removeFiles() {
        for name in ["frame.dso", "tensor.dso", "frame.dso.zst", "tensor.dso.zst", "frame.frames.dso.zst", "tensor.frames.dso.zst"] {
            unlink("\(directory)/\(name)")
        }
        rmdir(directory)
    }

    private func say(_ message: String) {
        var line = message + "\n"
        line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    }
}

/// A storage writer that discards everything (to learn a container's size).
private final class NullWriter: StorageWriter {
    func write(_ blob: Blob) async throws {}
    func commit() async throws {}
    func abort() async {}
}

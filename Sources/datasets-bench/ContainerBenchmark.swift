import ArgumentParser
import DatasetSDK

/// `datasets-bench container`: write and load throughput of the `.dso` container.
struct ContainerBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "container",
        abstract: "Write and load GB/s of a Tensor<Double> and a DataFrame through .dso files, beside memcpy."
    )

    @Option(help: "Tensor size in MiB.")
    var tensorMiB = 1024

    @Option(help: "Rows of the data frame (5 Int64, 3 Double, 2 String columns).")
    var rows = 1_000_000

    @Option(help: "Folder for the files (a disk folder; try /dev/shm for tmpfs).")
    var directory = "/tmp/datasets-bench"

    @Option(help: "Runs per case; the best is reported.")
    var repeats = 3

    func run() async throws {
        let storage = FileStorage()
        let count = tensorMiB << 17
        let (tensor, makeSeconds) = try await seconds {
            try Tensor<Double>(shape: [count]) { values in for index in values.indices { values[index] = Double(index) * 0.25 } }
        }
        let frame = try makeFrame(rows: rows)
        let baseline = memcpyBaseline(bytes: tensor.blob.count)
        print("container benchmark: tensor \(tensorMiB) MiB (filled in \(format(makeSeconds)) s), frame \(rows) rows; files in \(directory); best of \(repeats)")
        print("memcpy baseline: \(format(baseline.touched, digits: 2)) GB/s between touched buffers, \(format(baseline.fresh, digits: 2)) GB/s into fresh memory\n")

        var table = Table(header: ["case", "MB", "write s", "write GB/s", "load s", "load GB/s", "load+read s", "load+read GB/s", "x memcpy"])
        for (name, object) in [("Tensor<Double>", tensor.encoded()), ("DataFrame 5i/3d/2s", frame.encoded())] {
            let location = try StorageLocation("\(directory)/\(name.prefix(6)).dso")
            let bytes = Double(object.totalBytes)
            let write = try await best(repeats) {
                let writer = try await storage.makeWriter(for: location)
                try await Container.write(object, to: writer)
                try await writer.commit()
            }
            for verify in [false, true] {
                var touched = 0.0
                let load = try await best(repeats) {
                    _ = try Container.read(try await storage.read(location), source: location.path, verifyingChecksums: verify)
                }
                let loadRead = try await best(repeats) {
                    let object = try Container.read(try await storage.read(location), source: location.path, verifyingChecksums: verify)
                    touched += touch(object)
                }
                table.rows.append([
                    "\(name) \(verify ? "verified" : "mapped")", format(bytes / 1e6, digits: 0),
                    verify ? "" : format(write), verify ? "" : format(bytes / write / 1e9, digits: 2),
                    format(load, digits: 4), format(bytes / load / 1e9, digits: 1),
                    format(loadRead), format(bytes / loadRead / 1e9, digits: 2),
                    format((bytes / loadRead / 1e9) / baseline.touched, digits: 2),
                ])
                if touched.isNaN { print("") }
            }
        }
        print(table.render())
        print("\nwrite: stream to a temporary file + rename (page cache, no fsync). load: map + check header/footer/metadata")
        print("(+ CRC-32 of every blob when verified). load+read: load, then read every byte once. x memcpy: load+read GB/s / memcpy GB/s.")
    }

    private func makeFrame(rows: Int) throws -> DataFrame {
        var columns: [(String, Column)] = []
        for index in 0..<5 {
            columns.append(("int\(index)", try Column(Tensor<Int64>(shape: [rows]) { v in for row in v.indices { v[row] = Int64(row &* (index + 3)) } })))
        }
        for index in 0..<3 {
            columns.append(("double\(index)", try Column(Tensor<Double>(shape: [rows]) { v in for row in v.indices { v[row] = Double(row) / Double(index + 1) } })))
        }
        let words = ["CollgCr", "Veenker", "Crawfor", "NoRidge", "Mitchel", "Somerst", "NWAmes", "OldTown"]
        for index in 0..<2 {
            var builder = StringArrayBuilder(capacity: rows)
            for row in 0..<rows { builder.append(words[(row + index) % words.count] + String(row % 1000)) }
            columns.append(("string\(index)", try Column(builder.build())))
        }
        return try DataFrame(columns: columns)
    }

    /// Reads every byte of every blob once (sums 8-byte words) so page faults are paid.
    private func touch(_ object: EncodedObject) -> Double {
        var total: UInt64 = 0
        object.forEachBlob { _, blob in
            blob.withUnsafeBytes { raw in
                let words = raw.count / 8
                let pointer = raw.baseAddress?.assumingMemoryBound(to: UInt64.self)
                for index in 0..<words { total &+= pointer![index] }
            }
        }
        return Double(total & 1)
    }
}

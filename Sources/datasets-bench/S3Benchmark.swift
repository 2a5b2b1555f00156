import ArgumentParser
import DatasetSDK
import DatasetSDKS3

#if canImport(Glibc)
import Glibc
#endif

/// `datasets-bench s3`: put/get throughput of the s3 storage beside boto3 and s3fs, on the same
/// server and sizes, in the same run.
struct S3Benchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "s3",
        abstract: "Put/get throughput of S3Storage beside boto3 (put_object/get_object, TransferManager) and s3fs (pickle).",
        discussion: """
            Uses the server named by DATASETS_S3_ENDPOINT/ACCESS_KEY/SECRET_KEY, else starts SeaweedFS with scripts/s3-server \
            (run from the package folder). Ours: S3Storage write/read of a random blob (multipart + parallel ranged GET), and \
            for sizes of 1 GiB or more an ObjectDataset save/load of a Tensor<Double> (beside s3fs pickling a numpy array of \
            the same size). Python: scripts/bench/s3_peer.py. MB/s are 10^6 bytes per second.
            """
    )

    @Option(help: "Object sizes in MiB, comma-separated.")
    var sizes = "64,1024"

    @Option(help: "Runs per case; the best is reported.")
    var repeats = 2

    @Option(name: .customLong("part-mib"), help: "Part and range size in MiB.")
    var partMiB = 16

    @Option(help: "Parts or ranges in flight.")
    var concurrency = 8

    @Option(help: "The Python interpreter for the peers (boto3; s3fs and numpy for the pickle case).")
    var python = "python3"

    @Flag(help: "Measure only ours.")
    var skipPython = false

    func run() async throws {
        let server = try S3BenchmarkServer.startOrReuse()
        defer { server.stop() }
        let endpoint = try S3Endpoint(url: server.endpoint, addressing: .path)
        let settings = S3Settings(endpoint: endpoint, region: "us-east-1", accessKeyID: server.accessKey, secretAccessKey: server.secretKey,
                                  partSize: partMiB << 20, concurrency: concurrency)
        let storage = S3Storage(settings: settings)
        let bucket = "bench-\(UInt32.random(in: 0...UInt32.max))"
        try await storage.client.createBucket(bucket)
        say("s3 benchmark on \(server.endpoint), bucket \(bucket), part \(partMiB) MiB x \(concurrency) in flight, best of \(repeats)")

        var table = Table(header: ["size", "client", "put s", "put MB/s", "get s", "get MB/s"])
        var ratios = Table(header: ["size", "ours put / best boto3 put", "ours get / best boto3 get", "ours dataset save / s3fs put", "ours dataset load / s3fs get"])
        for mebibytes in sizes.split(separator: ",").compactMap({ Int($0) }) {
            let bytes = mebibytes << 20
            let label = mebibytes >= 1024 ? "\(mebibytes / 1024) GiB" : "\(mebibytes) MiB"
            let blob = randomBlob(bytes)
            let location = StorageLocation(scheme: "s3", path: "\(bucket)/ours/blob-\(mebibytes)")
            let put = try await best(repeats) { try await storage.write(location, forDataset: "bench") { try await $0.write(blob) } }
            var read = Blob.empty
            let get = try await best(repeats) { read = try await storage.read(location) }
            guard read.hasSameBytes(as: blob) else { throw S3BenchmarkFailure(message: "read bytes differ from the written ones (\(label))") }
            read = .empty
            table.rows.append(row(label, "ours S3Storage", put, get, bytes))
            var dataset: (save: Double, load: Double)?
            if mebibytes >= 1024 {
                dataset = try await measureDataset(storage: storage, bucket: bucket, bytes: bytes)
                table.rows.append(row(label, "ours ObjectDataset Tensor<Double>", dataset!.save, dataset!.load, bytes))
            }
            var peers: [String: Double] = [:]
            if !skipPython {
                say("python peers for \(label)")
                for line in shellLines("\(python) scripts/bench/s3_peer.py --endpoint \(server.endpoint) --bucket \(bucket) --size \(bytes) --repeats \(repeats)\(mebibytes >= 1024 ? " --s3fs" : "")") {
                    let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
                    guard parts.count == 2 else { continue }
                    if let value = Double(parts[1]) { peers[parts[0]] = value } else { say("\(parts[0]): \(parts[1])") }
                }
                for (name, putCase, getCase) in [("boto3 put_object/get_object", "boto3.put_object", "boto3.get_object"),
                                                 ("boto3 TransferManager", "boto3.upload_fileobj", "boto3.download_fileobj"),
                                                 ("s3fs pickle numpy", "s3fs.pickle_put", "s3fs.pickle_get")] {
                    guard let putSeconds = peers[putCase], let getSeconds = peers[getCase] else { continue }
                    table.rows.append(row(label, name, putSeconds, getSeconds, bytes))
                }
            }
            let bestBotoPut = [peers["boto3.put_object"], peers["boto3.upload_fileobj"]].compactMap { $0 }.min()
            let bestBotoGet = [peers["boto3.get_object"], peers["boto3.download_fileobj"]].compactMap { $0 }.min()
            ratios.rows.append([
                label, ratio(bestBotoPut, put), ratio(bestBotoGet, get),
                ratio(peers["s3fs.pickle_put"], dataset?.save), ratio(peers["s3fs.pickle_get"], dataset?.load),
            ])
        }
        print(table.render())
        print("")
        print("speed-up (their seconds / ours; above 1 means ours is faster)")
        print(ratios.render())
    }

    /// ObjectDataset save and load (checksums verified) of a Tensor<Double> of `bytes`.
    private func measureDataset(storage: S3Storage, bucket: String, bytes: Int) async throws -> (save: Double, load: Double) {
        let tensor = try Tensor<Double>(shape: [bytes / 8]) { values in
            var state: UInt64 = 1
            for index in values.indices {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                values[index] = Double(state >> 11) / Double(1 << 53)
            }
        }
        let dataset = ObjectDataset(name: "tensor", location: StorageLocation(scheme: "s3", path: "\(bucket)/ours/tensor.dso"), storage: storage)
        let object = tensor.encoded()
        let save = try await best(repeats) { try await dataset.save(object) }
        var loaded: Tensor<Double>?
        let load = try await best(repeats) { loaded = try Tensor<Double>(decoding: try await dataset.load()) }
        guard loaded?.blob.hasSameBytes(as: tensor.blob) == true else { throw S3BenchmarkFailure(message: "the loaded tensor differs") }
        return (save, load)
    }

    private func row(_ label: String, _ client: String, _ put: Double, _ get: Double, _ bytes: Int) -> [String] {
        [label, client, format(put), format(Double(bytes) / put / 1e6, digits: 0), format(get), format(Double(bytes) / get / 1e6, digits: 0)]
    }

    private func randomBlob(_ count: Int) -> Blob {
        Blob(byteCount: count) { target in
            var state = UInt64.random(in: 1...UInt64.max)
            let words = target.bindMemory(to: UInt64.self)
            for index in words.indices {
                state ^= state << 13
                state ^= state >> 7
                state ^= state << 17
                words[index] = state
            }
        }
    }

    private func say(_ text: String) {
        let line = text + "\n"
        _ = line.withCString { write(2, $0, strlen($0)) }
    }
}

/// `theirs / ours` as `2.35x`, or `-` when either is missing.
private func ratio(_ theirs: Double?, _ ours: Double?) -> String {
    guard let theirs, let ours else { return "-" }
    return format(theirs / ours, digits: 2) + "x"
}

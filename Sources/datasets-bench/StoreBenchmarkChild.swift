import ArgumentParser
import DatasetSDK
import DatasetSDKSharedMemory

/// `datasets-bench store-child`: one measurement of `datasets-bench store` in a fresh process.
/// Prints one line of `key=value` seconds (and counts) on standard output.
///
/// ```
/// store-child put-tensor STORE NAME MIB --in-place|--copy
/// store-child put-frame  STORE NAME ROWS --in-place|--sliced|--copy
/// store-child get-tensor STORE NAME [--read] [--again N]
/// store-child get-frame  STORE NAME [--read] [--again N]
/// store-child noop
/// ```
struct StoreBenchmarkChild: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store-child",
        abstract: "One measurement of `datasets-bench store` in a fresh process (used by the benchmark).",
        shouldDisplay: false
    )

    enum Production: String, EnumerableFlag {
        /// Filled in store memory (`makeTensor` / `allocate`): put copies nothing.
        case inPlace
        /// Like `inPlace`, but one allocation sliced into every blob (one segment).
        case sliced
        /// Built on the heap, then put (one copy).
        case copy
    }

    @Argument(help: "put-tensor, put-frame, get-tensor, get-frame or noop.")
    var operation: String

    @Argument(help: "STORE NAME [MIB|ROWS].")
    var arguments: [String] = []

    @Flag(help: "How a put's object is produced.")
    var production: Production = .copy

    @Flag(help: "After a get, read every byte (sum 8-byte words).")
    var read = false

    @Option(help: "After the first get, repeat get (+ decode) this many times on the open store; the best is printed.")
    var again = 0

    func run() throws {
        if operation == "noop" {
            print("noop=0")
            return
        }
        guard arguments.count >= 2 else { throw ValidationError("\(operation) needs STORE NAME") }
        let (storePath, name) = (arguments[0], arguments[1])
        let start = ContinuousClock.now
        let store = try SharedMemoryStore.open(at: storePath)
        var values: [(String, Double)] = [("open", secondsSince(start))]
        switch operation {
        case "put-tensor":
            guard arguments.count == 3, let mib = Int(arguments[2]) else { throw ValidationError("put-tensor needs STORE NAME MIB") }
            values += try putTensor(count: mib << 17, name: name, store: store)
        case "put-frame":
            guard arguments.count == 3, let rows = Int(arguments[2]) else { throw ValidationError("put-frame needs STORE NAME ROWS") }
            values += try putFrame(rows: rows, name: name, store: store)
        case "get-tensor", "get-frame":
            values += try get(name: name, store: store, frame: operation == "get-frame")
        default:
            throw ValidationError("unknown operation \(operation)")
        }
        print(values.map { "\($0.0)=\($0.1)" }.joined(separator: " "))
    }

    private func putTensor(count: Int, name: String, store: SharedMemoryStore) throws -> [(String, Double)] {
        let start = ContinuousClock.now
        var fillStart = start
        var fill = 0.0
        let fillBody = { (values: UnsafeMutableBufferPointer<Double>) in
            fillStart = ContinuousClock.now
            for index in values.indices { values[index] = Double(index) * 0.25 }
            fill = secondsSince(fillStart)
        }
        let tensor = production == .copy
            ? try Tensor<Double>(shape: [count], initializingWith: fillBody)
            : try store.makeTensor(shape: [count], initializingWith: fillBody)
        let allocate = production == .copy ? 0 : secondsSince(start) - fill
        let putStart = ContinuousClock.now
        try store.put(tensor.encoded(), as: name)
        let put = secondsSince(putStart)
        return [("allocate", allocate), ("fill", fill), ("put", put), ("total", secondsSince(start)), ("bytes", Double(tensor.blob.count))]
    }

    private func putFrame(rows: Int, name: String, store: SharedMemoryStore) throws -> [(String, Double)] {
        let start = ContinuousClock.now
        var allocate = 0.0
        let frame = switch production {
        case .copy: try BenchFrame.onHeap(rows: rows)
        case .inPlace: try BenchFrame.inStorePerBlob(rows: rows, store: store, allocateSeconds: &allocate)
        case .sliced: try BenchFrame.inStoreSliced(rows: rows, store: store, allocateSeconds: &allocate)
        }
        let fill = secondsSince(start) - allocate
        let object = frame.encoded()
        let putStart = ContinuousClock.now
        try store.put(object, as: name)
        let put = secondsSince(putStart)
        return [("allocate", allocate), ("fill", fill), ("put", put), ("total", secondsSince(start)), ("bytes", Double(object.totalBytes)),
                ("segments", Double(ownerCount(object)))]
    }

    private func get(name: String, store: SharedMemoryStore, frame: Bool) throws -> [(String, Double)] {
        func decode(_ object: EncodedObject) throws -> Int {
            frame ? try DataFrame(decoding: object).rowCount : try Tensor<Double>(decoding: object).count
        }
        var start = ContinuousClock.now
        let object = try store.get(name)
        let get = secondsSince(start)
        start = ContinuousClock.now
        let count = try decode(object)
        let decodeSeconds = secondsSince(start)
        var values: [(String, Double)] = [("get", get), ("decode", decodeSeconds), ("get_decode", get + decodeSeconds),
                                          ("elements", Double(count)), ("bytes", Double(object.totalBytes)),
                                          ("segments", Double(ownerCount(object)))]
        if read {
            start = ContinuousClock.now
            let sum = touchEveryByte(object)
            let readSeconds = secondsSince(start)
            values += [("read", readSeconds), ("get_decode_read", get + decodeSeconds + readSeconds), ("checksum_low_bit", Double(sum & 1))]
        }
        if again > 0 {
            var bestGet = Double.infinity
            var bestGetDecode = Double.infinity
            for _ in 0..<again {
                start = ContinuousClock.now
                let again = try store.get(name)
                let getSeconds = secondsSince(start)
                _ = try decode(again)
                bestGet = min(bestGet, getSeconds)
                bestGetDecode = min(bestGetDecode, secondsSince(start))
            }
            values += [("get_again", bestGet), ("get_decode_again", bestGetDecode)]
        }
        return values
    }
}

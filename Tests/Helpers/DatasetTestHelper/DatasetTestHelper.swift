// A child process for the tests: writes or loads objects and reports what it cost, as one line
// of `key=value` pairs, so tests can check memory behaviour across real processes.
//
//   dataset-test-helper write-tensor PATH MIB
//   dataset-test-helper load-tensor PATH [--no-verify] [--sum]
//   dataset-test-helper store-... (shared-memory store subcommands, see StoreCommands.swift)
//   dataset-test-helper tier-... (nodes over a tiered store, see TierCommands.swift)
//   dataset-test-helper interop-... (Python and C interop, see InteropCommands.swift)
import DatasetSDK

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@main
struct DatasetTestHelper {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            switch arguments.first {
            case "write-tensor" where arguments.count == 3:
                try await writeTensor(path: arguments[1], mebibytes: Int(arguments[2])!)
            case "load-tensor" where arguments.count >= 2:
                try await loadTensor(path: arguments[1], verify: !arguments.contains("--no-verify"), sum: arguments.contains("--sum"))
            case let command? where command.hasPrefix("store-"):
                try StoreCommands.run(arguments)
            case let command? where command.hasPrefix("tier-"):
                try await TierCommands.run(arguments)
            case let command? where command.hasPrefix("interop-"):
                try await InteropCommands.run(arguments)
            default:
                fail("usage: dataset-test-helper write-tensor PATH MIB | load-tensor PATH [--no-verify] [--sum] | \(StoreCommands.usage) | \(TierCommands.usage) | \(InteropCommands.usage)")
            }
        } catch {
            fail("error: \(error)")
        }
    }

    static func writeTensor(path: String, mebibytes: Int) async throws {
        let count = mebibytes << 17
        let tensor = try Tensor<Double>(shape: [count]) { values in
            for index in values.indices { values[index] = Double(index) }
        }
        let dataset = ObjectDataset(name: "tensor", location: try StorageLocation(path), storage: FileStorage())
        try await dataset.save(tensor.encoded())
        report(["elements": "\(count)"])
    }

    static func loadTensor(path: String, verify: Bool, sum: Bool) async throws {
        let before = memory("VmRSS")
        let dataset = ObjectDataset(name: "tensor", location: try StorageLocation(path), storage: FileStorage(), verifyChecksums: verify)
        let tensor = try Tensor<Double>(decoding: await dataset.load())
        let afterLoad = memory("VmRSS")
        var fields = ["elements": "\(tensor.count)", "rss_growth_kib": "\(afterLoad - before)"]
        if sum {
            let total = tensor.withUnsafeBufferPointer { values in values.reduce(0, +) }
            fields["sum"] = "\(total)"
        }
        report(fields)
    }

    /// A `/proc/self/status` value in KiB (VmRSS, VmHWM).
    static func memory(_ key: String) -> Int {
        guard let file = fopen("/proc/self/status", "r") else { return -1 }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, 256, file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if text.hasPrefix(key + ":") {
                return Int(text.dropFirst(key.count + 1).filter(\.isNumber)) ?? -1
            }
        }
        return -1
    }

    static func report(_ fields: [String: String]) {
        var all = fields
        all["peak_rss_kib"] = "\(memory("VmHWM"))"
        print(all.keys.sorted().map { "\($0)=\(all[$0]!)" }.joined(separator: " "))
    }

    static func fail(_ message: String) -> Never {
        let line = message + "\n"
        _ = line.withCString { write(2, $0, strlen($0)) }
        exit(1)
    }
}

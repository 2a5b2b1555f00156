import ArgumentParser
import DatasetSDK
import DatasetSDKSharedMemory

/// `datasets store verify [NAME]`: compares every blob with the CRC-32 recorded at save.
struct StoreVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the blobs of one object, or of every named object, against their saved CRC-32s.",
        discussion: """
            Reads every blob once (a blob shared by several objects is read once) and exits with \
            status 1 when one no longer matches, naming the object, the blob and its store key. \
            Loads never pay for this unless a dataset sets `verify: true`.
            """
    )

    @Argument(help: "The object's name (default: every named object).")
    var name: String?

    @Flag(help: "Print JSON instead of lines.")
    var json = false

    @OptionGroup var location: StoreLocationOptions

    func run() async throws {
        let report = try location.withStore { store in try store.verify(name) }
        if json {
            let damaged: [Value] = report.damaged.map {
                ["name": .string($0.name), "blob": .string($0.blob), "store_key": .string($0.storeKey),
                 "expected_crc32": .int(Int64($0.expected)), "found_crc32": .int(Int64($0.found))]
            }
            print(Value.map([
                "objects": .int(Int64(report.objects)), "blobs": .int(Int64(report.blobs)), "bytes": .int(Int64(report.bytes)),
                "unchecked_blobs": .int(Int64(report.uncheckedBlobs)), "damaged": .list(damaged),
            ]).jsonString(pretty: true))
        } else {
            for blob in report.damaged { print("damaged: \(blob)") }
            let unchecked = report.uncheckedBlobs == 0 ? "" : ", \(report.uncheckedBlobs) blobs without a recorded CRC-32 not checked"
            print("\(report.isIntact ? "ok" : "DAMAGED"): \(report.objects) objects, \(report.blobs) blobs, \(StoreFormat.sizeWithBytes(report.bytes)) checked\(unchecked)")
        }
        if !report.isIntact { throw ExitCode.failure }
    }
}

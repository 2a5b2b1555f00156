// Tiered-store subcommands of dataset-test-helper: a process standing for one node of a
// cluster (its store is `$DATASETS_SHM_STORE`), saving and loading through a real catalog
// (`CONF/base/catalog.yml` + `credentials.yml`) whose SharedMemoryDataset has a `tier:`.
// Each prints one line of `key=value` pairs; a problem goes to standard error with status 1.
//
//   tier-save CONF DATASET VERSION COLUMNS ROWS     save a version frame (every value = VERSION)
//   tier-load CONF DATASET                          load, verify one whole version, print it and the store's figures
//   tier-derive CONF FROM TO DROP                   load FROM, drop column DROP, save as TO
import DatasetSDK
import DatasetSDKS3
import DatasetSDKSharedMemory

enum TierCommands {
    static let usage = "tier-save CONF DATASET VERSION COLUMNS ROWS | tier-load CONF DATASET | tier-derive CONF FROM TO DROP"

    static func run(_ arguments: [String]) async throws {
        var registry = Registry.withSharedMemory
        registry.registerS3()
        func catalog(_ conf: String) throws -> DataCatalog { try DataCatalog(conf: conf, environment: "base", registry: registry) }
        func integer(_ text: String) throws -> Int {
            guard let value = Int(text) else { throw HelperError("not a number: \(text)") }
            return value
        }
        switch (arguments[0], arguments.count) {
        case ("tier-save", 6):
            let frame = try VersionFrame.make(version: integer(arguments[3]), columns: integer(arguments[4]), rows: integer(arguments[5]))
            try await catalog(arguments[1]).save(frame, as: arguments[2])
            try report(arguments[1], arguments[2], [:])
        case ("tier-load", 3):
            let (version, frame) = try VersionFrame.verify(await catalog(arguments[1]).load(arguments[2], as: DataFrame.self))
            try report(arguments[1], arguments[2], ["version": "\(version)", "columns": "\(frame.columnCount)", "rows": "\(frame.rowCount)"])
        case ("tier-derive", 5):
            let catalog = try catalog(arguments[1])
            let frame = try await catalog.load(arguments[2], as: DataFrame.self).dropping(columns: [arguments[4]])
            try await catalog.save(frame, as: arguments[3])
            try report(arguments[1], arguments[3], ["columns": "\(frame.columnCount)"])
        default:
            throw HelperError("usage: \(usage)")
        }
    }

    /// Prints `values` with the node store's segment count and bytes.
    private static func report(_ conf: String, _ dataset: String, _ values: [String: String]) throws {
        let statistics = try SharedMemoryStore.open().statistics()
        var values = values
        values["segments"] = "\(statistics["segments"]?.intValue ?? -1)"
        values["used_bytes"] = "\(statistics["used_bytes"]?.intValue ?? -1)"
        values["objects"] = "\(statistics["objects"]?.intValue ?? -1)"
        print(values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
    }
}

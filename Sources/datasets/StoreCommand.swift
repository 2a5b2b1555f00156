import ArgumentParser
import DatasetSDK
import DatasetSDKSharedMemory

#if canImport(Glibc)
import Glibc
#endif

/// `datasets store ...`: look into and tidy a shared-memory store.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "List, inspect, remove, verify and collect objects of a shared-memory store.",
        discussion: """
            Every subcommand takes --store PATH; without it the default store is used \
            ($DATASETS_SHM_STORE, else /dev/shm/datasetsdk-<uid>/default).
            """,
        subcommands: [
            StoreListCommand.self, StoreInspectCommand.self, StoreRemoveCommand.self,
            StoreCollectCommand.self, StoreStatisticsCommand.self, StoreVerifyCommand.self,
        ]
    )
}

/// The `--store PATH` option every `datasets store` subcommand takes.
struct StoreLocationOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The store folder (default: $DATASETS_SHM_STORE, else /dev/shm/datasetsdk-<uid>/default).",
        valueName: "path"))
    var store: String?

    /// The `--store` path without a trailing slash, or nil for the default store.
    var explicitPath: String? {
        guard let store else { return nil }
        return store.count > 1 && store.hasSuffix("/") ? String(store.dropLast()) : store
    }

    /// The folder ``open()`` will open: `--store`, else the store's default
    /// (`$DATASETS_SHM_STORE`, else `/dev/shm/datasetsdk-<uid>/default`).
    var expectedPath: String {
        if let explicitPath { return explicitPath }
        if let variable = getenv("DATASETS_SHM_STORE").map({ String(cString: $0) }), !variable.isEmpty { return variable }
        return "/dev/shm/datasetsdk-\(getuid())/default"
    }

    /// Opens the store. A path given with `--store` must hold a store already, so that a typo
    /// is reported instead of creating an empty store; the default store is created when missing.
    func open() throws -> SharedMemoryStore {
        guard let path = explicitPath else { return try SharedMemoryStore.open(at: nil) }
        guard access("\(path)/store.sqlite", F_OK) == 0 else {
            throw StoreCommandError(
                "no shared-memory store at \(path) (it has no store.sqlite); check --store, or save an object there first")
        }
        return try SharedMemoryStore.open(at: path)
    }

    /// Opens the store and runs `body` with it. Errors that do not name the store already are
    /// reported with its path.
    func withStore<T>(_ body: (SharedMemoryStore) throws -> T) throws -> T {
        let store = try open()
        do {
            return try body(store)
        } catch let error as StoreCommandError {
            throw error
        } catch {
            let message = "\(error)"
            if message.contains(store.path) { throw error }
            throw StoreCommandError("\(message) (shared-memory store \(store.path))")
        }
    }
}

/// A `datasets store` failure; ArgumentParser prints it as `Error: <message>` and exits with 1.
struct StoreCommandError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}

/// Text formatting shared by the store subcommands.
enum StoreFormat {
    /// `812 B`, `7.8 KiB`, `1.5 GiB`.
    static func size(_ bytes: Int) -> String { ByteSize.format(bytes) }

    /// `7.8 KiB (8000 bytes)`.
    static func sizeWithBytes(_ bytes: Int) -> String {
        bytes < 1024 ? size(bytes) : "\(size(bytes)) (\(bytes) bytes)"
    }

    /// A local time such as `2025-11-29 10:58:03`, from seconds since 1970.
    static func time(_ seconds: Double) -> String {
        var time = time_t(seconds.rounded(.down))
        var parts = tm()
        guard localtime_r(&time, &parts) != nil else { return String(seconds) }
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%d %H:%M:%S", &parts)
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Rows under a header, in columns two spaces apart; columns in `rightAligned` (numbers)
    /// are aligned right. The last column has no trailing spaces.
    static func table(_ header: [String], _ rows: [[String]], rightAligned: Set<Int> = []) -> String {
        TextTable.render([header] + rows, alignment: .right(rightAligned))
    }
}

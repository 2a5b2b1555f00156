import ArgumentParser
import DatasetSDK
import DatasetSDKSharedMemory

#if canImport(Glibc)
import Glibc
#endif

/// `datasets store ls`: the named objects as a table.
struct StoreListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List the named objects: name, type, size, segments, shared segments, bound time."
    )

    @OptionGroup var location: StoreLocationOptions

    func run() async throws {
        try location.withStore { store in
            let entries = try store.list()
            guard !entries.isEmpty else {
                print("no named objects in the shared-memory store \(store.path)")
                return
            }
            let rows = entries.map { entry in
                [entry.name, entry.typeName, StoreFormat.size(entry.totalBytes), String(entry.segments),
                 String(entry.sharedSegments), StoreFormat.time(entry.bound)]
            }
            print(StoreFormat.table(["NAME", "TYPE", "SIZE", "SEGMENTS", "SHARED", "BOUND"], rows, rightAligned: [2, 3, 4]))
        }
    }
}

/// `datasets store inspect NAME`: an object's metadata as JSON.
struct StoreInspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print a stored object's metadata (type, fields, members, blobs with their store keys) as JSON.",
        discussion: "Blob bytes are not read: a blob's store_key is <segment>@<offset> in the store's segments folder."
    )

    @Argument(help: "The object's name in the store.")
    var name: String

    @OptionGroup var location: StoreLocationOptions

    func run() async throws {
        try location.withStore { store in
            print(try store.describe(name).jsonString(pretty: true))
        }
    }
}

/// `datasets store rm NAME`: unbinds a name.
struct StoreRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Remove a name from the store; its space is freed once no other object shares it.",
        discussion: "Processes that loaded the object keep their views of it until they release them."
    )

    @Argument(help: "The object's name in the store.")
    var name: String

    @OptionGroup var location: StoreLocationOptions

    func run() async throws {
        try location.withStore { store in
            guard try store.delete(name) else {
                throw StoreCommandError(
                    "no object named '\(name)' in the shared-memory store \(store.path); `datasets store ls --store \(store.path)` lists the names")
            }
            print("removed '\(name)' from \(store.path)")
        }
    }
}

/// `datasets store gc`: removes what crashed writers left behind.
struct StoreCollectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gc",
        abstract: "Remove orphaned segment files and temporary folders of writers that no longer run.",
        discussion: "Safe while other processes use the store."
    )

    @OptionGroup var location: StoreLocationOptions

    func run() async throws {
        // Opening a store collects its garbage already; count what that removed too, so the
        // report covers everything this command removed.
        let before = StoreLeftovers(storePath: location.expectedPath)
        try location.withStore { store in
            let collectedOnOpen = store.path == location.expectedPath ? before.removed(since: StoreLeftovers(storePath: store.path)) : (files: 0, bytes: 0)
            var report = try store.collectGarbage()
            report.removedFiles += collectedOnOpen.files
            report.reclaimedBytes += collectedOnOpen.bytes
            print("\(store.path): \(report)")
        }
    }
}

/// `datasets store stats`: counts, usage and capacity.
struct StoreStatisticsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Print the store's names, objects, segments, used bytes, capacity and free space."
    )

    @Flag(help: "Print JSON (sizes in bytes) instead of a table.")
    var json = false

    @OptionGroup var location: StoreLocationOptions

    func run() async throws {
        try location.withStore { store in
            let statistics = try store.statistics()
            if json {
                print(Value.map(statistics).jsonString(pretty: true))
                return
            }
            func count(_ key: String) -> String { statistics[key]?.intValue.map(String.init) ?? "-" }
            func bytes(_ key: String) -> String? { statistics[key]?.intValue.map(StoreFormat.sizeWithBytes) }
            let rows: [[String]] = [
                ["store", store.path],
                ["names", count("names")],
                ["objects", count("objects")],
                ["segments", count("segments")],
                ["shared segments", count("shared_segments")],
                ["used", bytes("used_bytes") ?? "-"],
                ["capacity", bytes("capacity_bytes") ?? "unlimited (up to the file system's free space)"],
                ["free", bytes("free_bytes") ?? "-"],
                ["file-system free", bytes("file_system_free_bytes") ?? "-"],
                ["eviction", statistics["eviction"]?.stringValue ?? "-"],
            ]
            print(rows.map { $0[0].padding(18) + $0[1] }.joined(separator: "\n"))
        }
    }
}

/// The files a store's garbage collection would remove, listed before the store is opened:
/// segment files (all of them; those still gone after opening were orphans) and the temporary
/// folders of writers that no longer run.
///
/// `SharedMemoryStore.open` collects garbage itself and does not say what it removed, so
/// `datasets store gc` compares listings taken before and after opening. A segment deleted by
/// another process in that instant would be counted too.
struct StoreLeftovers {
    private var segments: [String: Int] = [:]
    private var temporaryFolders: [String: (files: Int, bytes: Int)] = [:]

    init(storePath: String) {
        for name in Self.entries(of: "\(storePath)/segments") {
            var info = stat()
            if lstat("\(storePath)/segments/\(name)", &info) == 0 { segments[name] = Int(info.st_size) }
        }
        for name in Self.entries(of: "\(storePath)/tmp") {
            guard let pid = Int32(name.split(separator: "-").first ?? ""), !Self.isAlive(pid) else { continue }
            temporaryFolders[name] = Self.tree("\(storePath)/tmp/\(name)")
        }
    }

    /// What is listed here but no longer in `now`.
    func removed(since now: StoreLeftovers) -> (files: Int, bytes: Int) {
        var total = (files: 0, bytes: 0)
        for (name, size) in segments where now.segments[name] == nil {
            total = (total.files + 1, total.bytes + size)
        }
        for (name, tree) in temporaryFolders where now.temporaryFolders[name] == nil {
            total = (total.files + tree.files, total.bytes + tree.bytes)
        }
        return total
    }

    private static func isAlive(_ pid: Int32) -> Bool {
        pid > 0 && (kill(pid, 0) == 0 || errno == EPERM)
    }

    /// Files and folders under `path` (counting `path` itself) and the bytes of its files.
    private static func tree(_ path: String) -> (files: Int, bytes: Int) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return (0, 0) }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { return (1, Int(info.st_size)) }
        var total = (files: 1, bytes: 0)
        for name in entries(of: path) {
            let child = tree("\(path)/\(name)")
            total = (total.files + child.files, total.bytes + child.bytes)
        }
        return total
    }

    private static func entries(of path: String) -> [String] { FileSystem.entries(of: path) }
}

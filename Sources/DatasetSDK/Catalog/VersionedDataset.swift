#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Kedro's versioning: each save goes to `<filepath>/<version>/<file name>`, with `version` a UTC
/// timestamp `YYYY-MM-DDThh.mm.ss.sssZ`; a load reads the newest version, or the one pinned with
/// `--load-versions`. An existing version is never overwritten.
final class VersionedDataset: Dataset {
    let name: String
    let location: StorageLocation
    let storage: any Storage
    let loadVersion: String?
    let saveVersion: String
    private let makeDataset: @Sendable (StorageLocation) throws -> any Dataset

    init(name: String, location: StorageLocation, storage: any Storage, loadVersion: String?, saveVersion: String,
         makeDataset: @escaping @Sendable (StorageLocation) throws -> any Dataset) {
        self.name = name
        self.location = location
        self.storage = storage
        self.loadVersion = loadVersion
        self.saveVersion = saveVersion
        self.makeDataset = makeDataset
    }

    func location(of version: String) -> StorageLocation {
        location.appending(version).appending(location.lastComponent)
    }

    /// Saved versions, oldest first.
    func versions() async throws -> [String] {
        let prefix = location.path.hasSuffix("/") ? location.path : location.path + "/"
        let file = location.lastComponent
        var versions: [String] = []
        for found in try await storage.list(under: location) where found.path.hasPrefix(prefix) {
            let parts = found.path.dropFirst(prefix.count).split(separator: "/")
            if parts.count == 2, parts[1] == file { versions.append(String(parts[0])) }
        }
        return versions.sorted()
    }

    func load() async throws -> EncodedObject {
        let version: String
        if let loadVersion {
            version = loadVersion
        } else {
            guard let newest = try await versions().last else {
                throw CatalogError.versionNotFound(dataset: name, version: nil, location: location.description)
            }
            version = newest
        }
        do {
            return try await makeDataset(location(of: version)).load()
        } catch DatasetError.notFound {
            throw CatalogError.versionNotFound(dataset: name, version: version, location: location.description)
        }
    }

    func save(_ object: EncodedObject) async throws {
        let target = location(of: saveVersion)
        if try await storage.exists(target) {
            throw CatalogError.versionExists(dataset: name, version: saveVersion, location: location.description)
        }
        try await makeDataset(target).save(object)
    }

    func exists() async throws -> Bool {
        if let loadVersion { return try await storage.exists(location(of: loadVersion)) }
        return try await !versions().isEmpty
    }

    func release() async {}

    /// The underlying dataset's description (its type and settings) with the versioning fields.
    func describe() -> [String: Value] {
        var description = (try? makeDataset(location))?.describe() ?? [:]
        description["filepath"] = .string(location.description)
        description["versioned"] = true
        description["load_version"] = loadVersion.map(Value.string) ?? .null
        description["save_version"] = .string(saveVersion)
        return description
    }

    /// A version string for now: `YYYY-MM-DDThh.mm.ss.sssZ` (UTC), Kedro's format.
    static func timestamp(_ instant: (seconds: Int64, milliseconds: Int) = now()) -> String {
        let days = instant.seconds >= 0 ? instant.seconds / 86400 : (instant.seconds - 86399) / 86400
        let secondOfDay = UInt64(instant.seconds - days * 86400)
        func two(_ value: UInt64) -> String { CivilTime.pad(value, 2) }
        return CivilTime.dateText(days: days) + "T\(two(secondOfDay / 3600)).\(two(secondOfDay / 60 % 60)).\(two(secondOfDay % 60))."
            + CivilTime.pad(UInt64(instant.milliseconds), 3) + "Z"
    }

    static func now() -> (seconds: Int64, milliseconds: Int) {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return (Int64(spec.tv_sec), Int(spec.tv_nsec / 1_000_000))
    }
}

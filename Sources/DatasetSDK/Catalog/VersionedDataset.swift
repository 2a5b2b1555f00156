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
        let secondOfDay = Int(instant.seconds - days * 86400)
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let ms = instant.milliseconds
        return "\(year)-\(two(Int(month)))-\(two(Int(day)))T\(two(secondOfDay / 3600)).\(two(secondOfDay / 60 % 60)).\(two(secondOfDay % 60)).\(ms < 10 ? "00" : ms < 100 ? "0" : "")\(ms)Z"
    }

    static func now() -> (seconds: Int64, milliseconds: Int) {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return (Int64(spec.tv_sec), Int(spec.tv_nsec / 1_000_000))
    }
}

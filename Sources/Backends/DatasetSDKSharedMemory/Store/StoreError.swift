import DatasetSDK

/// A shared-memory store operation failed. Every case names the store folder.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    /// No object is bound to the name.
    case notFound(name: String, store: String)
    /// The name is not allowed.
    case invalidName(String, reason: String)
    /// The object does not fit in the store's capacity; `usage` lists what holds the space.
    case full(store: String, needed: Int, used: Int, capacity: Int, usage: [(name: String, bytes: Int)])
    /// The store folder was written by another store format version.
    case incompatibleVersion(store: String, found: String, supported: String)
    /// The store folder or database is unusable (permissions, a file in the way, SQLite error).
    case unusable(store: String, reason: String)
    /// A blob file of a bound object is missing or has the wrong size.
    case corrupt(store: String, reason: String)
    /// Blobs of `name` no longer match the CRC-32 recorded when they were saved (`verify: true`).
    case damaged(store: String, name: String, blobs: [String])
    /// What the tier holds for `name` fails its checks (record magic or CRC, a blob's CRC-32).
    case tierDamaged(tier: String, name: String, reason: String)
    /// Reading from or writing to the tier failed (network, credentials, a missing bucket).
    case tierFailed(tier: String, name: String, operation: String, underlying: String)

    public var description: String {
        switch self {
        case let .notFound(name, store):
            "no object named '\(name)' in the shared-memory store \(store) (save it first, or check the store path)"
        case let .invalidName(name, reason):
            "invalid object name '\(name)': \(reason)"
        case let .full(store, needed, used, capacity, usage):
            "shared-memory store \(store) is full: the object needs \(Self.size(needed)) but \(Self.size(used)) of \(Self.size(capacity)) are used"
                + (usage.isEmpty ? "" : " (largest: \(usage.prefix(5).map { "\($0.name) \(Self.size($0.bytes))" }.joined(separator: ", ")))")
                + "; delete objects with `datasets store rm NAME`, raise `size:`, or set `eviction: lru` to evict unnamed objects"
        case let .incompatibleVersion(store, found, supported):
            "shared-memory store \(store) has format version \(found); this DatasetSDK reads version \(supported). Use a new store path or remove the old store"
        case let .unusable(store, reason):
            "shared-memory store \(store) cannot be used: \(reason)"
        case let .corrupt(store, reason):
            "shared-memory store \(store) is damaged: \(reason); run `datasets store gc --store \(store)`"
        case let .damaged(store, name, blobs):
            "shared-memory store \(store) holds a damaged copy of '\(name)': \(blobs.prefix(5).joined(separator: "; "))\(blobs.count > 5 ? " (and \(blobs.count - 5) more)" : ""); save '\(name)' again to replace it"
        case let .tierDamaged(tier, name, reason):
            "the tier \(tier) holds a damaged copy of '\(name)': \(reason); save '\(name)' again to replace it"
        case let .tierFailed(tier, name, operation, underlying):
            "cannot \(operation) '\(name)' in the tier \(tier): \(underlying)"
        }
    }

    static func size(_ bytes: Int) -> String { ByteSize.format(bytes) }
}

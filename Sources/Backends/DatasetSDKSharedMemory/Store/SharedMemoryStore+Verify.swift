import DatasetSDK

/// What ``SharedMemoryStore/verify(_:)`` checked and found.
public struct StoreVerification: Sendable {
    /// Objects whose blobs were checked.
    public var objects = 0
    /// Distinct blobs checked against their CRC-32 (a blob shared by several objects counts once).
    public var blobs = 0
    /// Bytes read to check them.
    public var bytes = 0
    /// Blobs with no CRC-32 recorded (filled in place and never sent to a tier): not checked.
    public var uncheckedBlobs = 0
    /// Blobs whose bytes no longer match their CRC-32.
    public var damaged: [DamagedBlob] = []

    /// Whether every checked blob matched.
    public var isIntact: Bool { damaged.isEmpty }
}

/// A blob whose bytes in the store differ from what was saved.
public struct DamagedBlob: Sendable, CustomStringConvertible {
    /// The name bound to the object (the first one checked that uses the blob).
    public let name: String
    /// The blob's path in the object (`columns/LotArea/data`).
    public let blob: String
    /// Its store key (`<segment>@<offset>`, see `docs/shared-memory.md`).
    public let storeKey: String
    /// The CRC-32 recorded at save, and the one its bytes have now.
    public let expected: UInt32, found: UInt32

    public var description: String {
        "'\(name)' blob \(blob) at \(storeKey): CRC-32 is \(String(found, radix: 16)), saved as \(String(expected, radix: 16))"
    }
}

extension SharedMemoryStore {
    /// Reads the blobs of the object bound to `name` (every bound object when nil) and compares
    /// each with the CRC-32 recorded when it was saved. Loads never pay for this unless asked
    /// (`verify: true` in the catalog); `datasets store verify` runs it.
    ///
    /// - Throws: ``StoreError/notFound(name:store:)`` for an unknown name; a damaged blob is
    ///   reported in the result, not thrown.
    public func verify(_ name: String? = nil) throws -> StoreVerification {
        let names: [String]
        if let name {
            try StoreLayout.validate(name)
            names = [name]
        } else {
            names = try list().map(\.name)
        }
        var report = StoreVerification()
        var checker = BlobChecker(store: self)
        for name in names {
            guard let (metadata, _) = try database.object(named: name) else { throw StoreError.notFound(name: name, store: path) }
            try checker.check(metadata, name: name, into: &report)
        }
        return report
    }

    /// Checks the object `id` just loaded as `name`; throws ``StoreError/damaged(store:name:blobs:)``
    /// when a blob fails.
    func requireIntact(_ id: ObjectID, name: String) throws {
        guard let metadata = try database.read({ try $0.run(StoreStatements.objectById, [.blob(id.bytes)]).first?[0].blob }) else {
            throw StoreError.notFound(name: name, store: path)
        }
        var report = StoreVerification()
        var checker = BlobChecker(store: self)
        try checker.check(metadata, name: name, into: &report)
        guard report.isIntact else { throw StoreError.damaged(store: path, name: name, blobs: report.damaged.map(\.description)) }
    }
}

/// Checks blobs once each, mapping each segment once.
private struct BlobChecker {
    let store: SharedMemoryStore
    var segments: [String: StoreSegment] = [:]
    var checked: Set<String> = []

    init(store: SharedMemoryStore) { self.store = store }

    mutating func check(_ metadata: [UInt8], name: String, into report: inout StoreVerification) throws {
        report.objects += 1
        for (blob, reference) in try SerializedObjectMetadata(metadata).blobReferencesWithPaths() {
            let identity = "\(reference.storeKey)+\(reference.size)"
            guard checked.insert(identity).inserted else { continue }
            guard let (key, offset) = StoreLayout.parseBlobKey(reference.storeKey) else {
                throw StoreError.corrupt(store: store.path, reason: "'\(name)' blob \(blob) has an invalid key '\(reference.storeKey)'")
            }
            let size = Int(reference.size)
            let recorded = try reference.crc32 ?? store.database.read { try $0.checksum(segment: key, offset: offset, size: size) }
            guard let expected = recorded else {
                report.uncheckedBlobs += 1
                continue
            }
            let segment = try mapped(key, name: name)
            guard offset >= 0, offset + size <= segment.bytes.count else {
                throw StoreError.corrupt(store: store.path, reason: "'\(name)' blob \(blob) lies outside its segment \(key)")
            }
            let found = CRC32.checksum(UnsafeRawBufferPointer(rebasing: segment.bytes[offset..<(offset + size)]))
            report.blobs += 1
            report.bytes += size
            if found != expected {
                report.damaged.append(DamagedBlob(name: name, blob: blob, storeKey: reference.storeKey, expected: expected, found: found))
            }
        }
    }

    private mutating func mapped(_ key: String, name: String) throws -> StoreSegment {
        if let segment = segments[key] { return segment }
        do {
            let segment = try StoreSegment(path: "\(store.path)/segments/\(key)", storeID: store.identifier, key: key)
            segments[key] = segment
            return segment
        } catch {
            throw StoreError.corrupt(store: store.path, reason: "segment \(key) of '\(name)' cannot be read (\(error))")
        }
    }
}

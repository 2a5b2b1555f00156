import DatasetSDK

#if canImport(Glibc)
import Glibc
#endif

extension SharedMemoryStore {
    /// The tier's current copy of `name`, served from this store: mapped at once when this
    /// store holds that copy already; otherwise its missing blobs are fetched from the tier with
    /// parallel ranged GETs straight into new local segments (checksums verified), published
    /// here under the same object id and bound to `name`, so the next load on this node maps it.
    /// Concurrent loaders of one missing object on this node download it once.
    ///
    /// - Throws: ``StoreError/notFound(name:store:)`` when the tier has no copy of `name`;
    ///   ``StoreError/tierDamaged(tier:name:reason:)``; ``StoreError/tierFailed(tier:name:operation:underlying:)``.
    func load(_ name: String, from tier: StoreTier) async throws -> EncodedObject {
        let record = try await currentRecord(of: name, in: tier)
        let id = record.metadata.id
        if let local = try database.object(named: name), local.id == id, let object = try? decode(local.metadata) {
            _ = try? database.object(id: id)  // marks it used, for eviction
            return object
        }
        if let object = try adoptLocalCopy(id, as: name, tier: tier) { return object }
        let lock = try await ObjectLock.acquire("\(path)/locks", id: id)
        defer { withExtendedLifetime(lock) {} }
        if let object = try adoptLocalCopy(id, as: name, tier: tier) { return object }  // another loader fetched it meanwhile
        for _ in 0..<8 {
            do { return try await fetch(record, as: name, from: tier) } catch is SegmentGone { continue }
        }
        throw StoreError.corrupt(store: path, reason: "local segments of '\(name)' keep disappearing while it is fetched")
    }

    /// Reads and checks the tier's record of `name`.
    private func currentRecord(of name: String, in tier: StoreTier) async throws -> TierRecord {
        let blob: Blob
        do {
            blob = try await tierOperation(tier, name, "load") { try await tier.storage.read(tier.recordLocation(name)) }
        } catch let StoreError.tierFailed(_, _, _, underlying) where underlying.hasPrefix("nothing stored at") {
            throw StoreError.notFound(name: name, store: "\(path) (tier \(tier.url))")
        }
        do { return try TierRecord(decoding: blob) } catch { throw StoreError.tierDamaged(tier: tier.url, name: name, reason: "its record \(tier.recordLocation(name)): \(error.reason)") }
    }

    /// When this store holds object `id` (unnamed, or under another name), binds `name` to it
    /// and serves it.
    private func adoptLocalCopy(_ id: ObjectID, as name: String, tier: StoreTier) throws -> EncodedObject? {
        let (metadata, freed) = try database.write { transaction throws -> ([UInt8]?, [String]) in
            guard let metadata = try transaction.run(StoreStatements.objectById, [.blob(id.bytes)]).first?[0].blob else { return (nil, []) }
            let now = StoreLayout.now()
            try transaction.run(StoreStatements.objectTouch, [.real(now), .blob(id.bytes)])
            let freed = try transaction.bind(name, to: id, now: now)
            try transaction.run(StoreStatements.tierObjectInsert, [.blob(id.bytes), .text(tier.url), .text(name)])
            return (metadata, freed)
        }
        removeSegmentFiles(freed)
        guard let metadata else { return nil }
        return try? decode(metadata)
    }

    /// Fetches what this store lacks of the record's object and publishes it.
    private func fetch(_ record: TierRecord, as name: String, from tier: StoreTier) async throws -> EncodedObject {
        let plan = try database.read { transaction in try transaction.tierFetchPlan(record, tier: tier.url, store: path) }
        let token = StoreLayout.newKey()
        let folder = "\(path)/tmp/\(getpid())-\(token)"
        let reserved = plan.downloads.reduce(0) { $0 + $1.fileSize }
        var published = false
        if reserved > 0 { removeSegmentFiles(try database.reserve(bytes: reserved, token: token, capacity: capacity, eviction: eviction)) }
        defer {
            if !published {
                database.releaseReservation(token)
                for download in plan.downloads { unlink("\(folder)/\(download.localSegment)") }
            }
            rmdir(folder)
        }
        if !plan.downloads.isEmpty { try StoreLayout.prepareFolder(folder) }
        for download in plan.downloads {
            try await self.download(download, into: "\(folder)/\(download.localSegment)", name: name, tier: tier)
        }
        let metadata = try record.metadata.rewritingBlobReferences { reference in
            let (segment, offset) = StoreLayout.parseBlobKey(reference.storeKey)!  // checked by the plan
            let local = plan.localSegments[TierBlob(tierSegment: segment, offset: offset, size: Int(reference.size))]!
            return BlobReference(size: reference.size, crc32: reference.crc32, storeKey: StoreLayout.blobKey(segment: local, offset: offset))
        }
        let id = record.metadata.id
        let freed = try database.write { transaction throws -> [String] in
            for segment in plan.sharedSegments.sorted() where try !transaction.segmentExists(segment) { throw SegmentGone(segment: segment) }
            let now = StoreLayout.now()
            for download in plan.downloads {
                try moveIntoPlace("\(folder)/\(download.localSegment)", segment: download.localSegment)
                try transaction.insertSegment(download.localSegment, size: download.fileSize, blobs: download.blobs.map {
                    StoreBlobRecord(offset: $0.offset, size: $0.size, crc32: $0.crc32)
                }, now: now)
                try transaction.run(StoreStatements.tierSegmentInsert, [.text(download.localSegment), .text(tier.url), .text(download.tierSegment)])
            }
            try transaction.run(StoreStatements.reservationDelete, [.text(token)])
            if try transaction.run(StoreStatements.objectExists, [.blob(id.bytes)]).isEmpty {
                let segments = Set(plan.localSegments.values).sorted()
                try transaction.insertObject(id, typeName: record.metadata.typeName, metadata: metadata,
                                             totalBytes: record.metadata.totalBytes, segments: segments, now: now)
            }
            let freed = try transaction.bind(name, to: id, now: now)
            try transaction.run(StoreStatements.tierObjectInsert, [.blob(id.bytes), .text(tier.url), .text(name)])
            return freed
        }
        published = true
        removeSegmentFiles(freed)
        return try decode(metadata)
    }

    /// Downloads one tier segment's missing blobs into a new sparse local segment file at the
    /// same offsets, verifies each blob's CRC-32 and seals the file read-only.
    private func download(_ download: TierDownload, into file: String, name: String, tier: StoreTier) async throws {
        let fd = Glibc.open(file, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError.unusable(store: path, reason: "\(SystemCallError("open", path: file))") }
        defer { close(fd) }
        guard ftruncate(fd, off_t(download.fileSize)) == 0 else {
            throw StoreError.unusable(store: path, reason: "\(SystemCallError("ftruncate", path: file))")
        }
        let mapping: FileMapping
        do { mapping = try FileMapping(fileDescriptor: fd, count: download.fileSize, writable: true) } catch {
            throw StoreError.unusable(store: path, reason: "\(error.at(file))")
        }
        let bytes = mapping.bytes
        let ranges = download.ranges.map { RangeRead(offset: $0.lowerBound, into: UnsafeMutableRawBufferPointer(rebasing: bytes[$0])) }
        let source = tier.segmentLocation(download.tierSegment)
        do {
            try await tier.storage.read(source, ranges: ranges)
        } catch let error as StorageError {
            if case .notFound = error { throw StoreError.tierDamaged(tier: tier.url, name: name, reason: "its segment \(source) is missing") }
            throw StoreError.tierFailed(tier: tier.url, name: name, operation: "load", underlying: "\(error)")
        } catch {
            throw StoreError.tierFailed(tier: tier.url, name: name, operation: "load", underlying: "\(error)")
        }
        for blob in download.blobs {
            let crc = CRC32.checksum(UnsafeRawBufferPointer(rebasing: bytes[blob.offset..<(blob.offset + blob.size)]))
            guard crc == blob.crc32 else {
                throw StoreError.tierDamaged(tier: tier.url, name: name, reason: "blob \(download.tierSegment)@\(blob.offset) (\(blob.size) bytes) has CRC-32 \(String(crc, radix: 16)), its record says \(String(blob.crc32, radix: 16))")
            }
        }
        fchmod(fd, 0o400)
    }
}

/// A blob of a tier segment.
struct TierBlob: Hashable, Sendable {
    let tierSegment: String
    let offset: Int
    let size: Int
}

/// The blobs of one tier segment that a load fetches, into one new local segment.
struct TierDownload: Sendable {
    let tierSegment: String
    let localSegment: String
    /// Offset, size and CRC-32 of each blob, sorted by offset.
    let blobs: [(offset: Int, size: Int, crc32: UInt32)]
    /// The local file's size: the end of its last blob (at least 1).
    var fileSize: Int { max(1, blobs.map { $0.offset + $0.size }.max() ?? 0) }

    /// The byte ranges to read: the blobs' ranges, overlapping or adjacent ones (up to the
    /// 64-byte alignment padding apart) merged, so each byte is requested once.
    var ranges: [Range<Int>] {
        var merged: [Range<Int>] = []
        for blob in blobs where blob.size > 0 {
            let range = blob.offset..<(blob.offset + blob.size)
            if let last = merged.last, range.lowerBound <= last.upperBound + 64 {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return merged
    }
}

/// What a load finds locally and what it fetches.
struct TierFetchPlan: Sendable {
    /// Every blob of the record -> the local segment holding (or about to hold) it.
    let localSegments: [TierBlob: String]
    /// Local segments that hold some blobs already (they must still exist at publish).
    let sharedSegments: Set<String>
    let downloads: [TierDownload]
}

extension StoreTransaction {
    /// Looks up which of the record's blobs this store holds (`tier_blob_location`) and plans
    /// one new local segment per tier segment for the others.
    func tierFetchPlan(_ record: TierRecord, tier: String, store: String) throws -> TierFetchPlan {
        var local: [TierBlob: String] = [:]
        var shared = Set<String>()
        var missing: [String: [(offset: Int, size: Int, crc32: UInt32)]] = [:]
        let name = "object \(record.metadata.id)"
        for reference in try record.metadata.blobReferences() {
            guard let (segment, offset) = StoreLayout.parseBlobKey(reference.storeKey) else {
                throw StoreError.tierDamaged(tier: tier, name: name, reason: "its record has an invalid blob key '\(reference.storeKey)'")
            }
            guard let crc = reference.crc32 else {
                throw StoreError.tierDamaged(tier: tier, name: name, reason: "blob \(reference.storeKey) has no CRC-32")
            }
            guard reference.size <= UInt64(Int.max / 2) else { throw StoreError.tierDamaged(tier: tier, name: name, reason: "blob \(reference.storeKey) is too large") }
            let blob = TierBlob(tierSegment: segment, offset: offset, size: Int(reference.size))
            guard local[blob] == nil, !(missing[segment]?.contains { $0.offset == offset && $0.size == blob.size } ?? false) else { continue }
            if let held = try run(StoreStatements.tierBlobLocation, [.text(tier), .text(segment), .integer(Int64(offset)), .integer(Int64(blob.size))]).first?[0].text {
                local[blob] = held
                shared.insert(held)
            } else {
                missing[segment, default: []].append((offset, blob.size, crc))
            }
        }
        var downloads: [TierDownload] = []
        for (segment, blobs) in missing.sorted(by: { $0.key < $1.key }) {
            let sorted = blobs.sorted { ($0.offset, $0.size) < ($1.offset, $1.size) }
            let download = TierDownload(tierSegment: segment, localSegment: StoreLayout.newKey(), blobs: sorted)
            for blob in sorted { local[TierBlob(tierSegment: segment, offset: blob.offset, size: blob.size)] = download.localSegment }
            downloads.append(download)
        }
        return TierFetchPlan(localSegments: local, sharedSegments: shared, downloads: downloads)
    }
}

import DatasetSDK

extension SharedMemoryStore {
    /// Writes object `id`, just saved here as `name`, to `tier` before returning: first every
    /// segment it references that the tier does not hold yet (whole files; segments that came
    /// from the tier, or went there with an earlier save, are not sent again), then the name's
    /// record, which makes it the name's current copy for every node. A failure leaves the
    /// tier's previous copy current.
    func upload(_ id: ObjectID, as name: String, to tier: StoreTier) async throws {
        let plan = try database.read { transaction in try transaction.tierUploadPlan(for: id, tier: tier.url) }
        guard let plan else { throw StoreError.tierFailed(tier: tier.url, name: name, operation: "save", underlying: "the object was replaced or deleted before it reached the tier") }
        var mapped: [String: StoreSegment] = [:]
        func segment(_ key: String) throws -> StoreSegment {
            if let segment = mapped[key] { return segment }
            do {
                let segment = try StoreSegment(path: "\(path)/segments/\(key)", storeID: identifier, key: key)
                mapped[key] = segment
                return segment
            } catch {
                throw StoreError.tierFailed(tier: tier.url, name: name, operation: "save", underlying: "the object was replaced or deleted before it reached the tier (\(error))")
            }
        }
        // Blobs without a recorded CRC-32 (allocations filled in place) get one now: the tier requires them.
        var computed: [StoreBlobLocation: UInt32] = [:]
        for location in plan.uncheckedBlobs {
            let bytes = try segment(location.segment).bytes
            guard location.offset + location.size <= bytes.count else {
                throw StoreError.corrupt(store: path, reason: "blob \(location.storeKey) lies outside its segment")
            }
            computed[location] = CRC32.checksum(UnsafeRawBufferPointer(rebasing: bytes[location.offset..<(location.offset + location.size)]))
        }
        for key in plan.segmentsToUpload {
            let blob = Blob(owner: try segment(key))
            try await tierOperation(tier, name, "save") { try await tier.write(blob, to: tier.segmentLocation(key)) }
        }
        let metadata = try SerializedObjectMetadata(plan.metadata).rewritingBlobReferences { reference in
            guard let (segment, offset) = StoreLayout.parseBlobKey(reference.storeKey) else {
                throw StoreError.corrupt(store: path, reason: "blob key '\(reference.storeKey)' is invalid")
            }
            let location = StoreBlobLocation(segment: segment, offset: offset, size: Int(reference.size))
            guard let tierSegment = plan.tierSegments[segment] else {
                throw StoreError.corrupt(store: path, reason: "blob \(reference.storeKey) is in a segment the object does not reference")
            }
            return BlobReference(size: reference.size, crc32: reference.crc32 ?? plan.checksums[location] ?? computed[location],
                                 storeKey: StoreLayout.blobKey(segment: tierSegment, offset: offset))
        }
        let record = TierRecord(metadata: try SerializedObjectMetadata(metadata)).encoded()
        try await tierOperation(tier, name, "save") { try await tier.write(Blob(copying: record), to: tier.recordLocation(name)) }
        try database.write { transaction in
            for key in plan.segmentsToUpload where try transaction.segmentExists(key) {
                try transaction.run(StoreStatements.tierSegmentInsert, [.text(key), .text(tier.url), .text(key)])
            }
            for (location, crc) in computed {
                try transaction.run(StoreStatements.blobChecksumSet, [.text(location.segment), .integer(Int64(location.offset)),
                                                                      .integer(Int64(location.size)), .integer(Int64(crc))])
            }
            if try !transaction.run(StoreStatements.objectExists, [.blob(id.bytes)]).isEmpty {
                try transaction.run(StoreStatements.tierObjectInsert, [.blob(id.bytes), .text(tier.url), .text(name)])
            }
        }
    }

    /// Runs a tier request, turning its failure into ``StoreError/tierFailed(tier:name:operation:underlying:)``.
    func tierOperation<R: Sendable>(_ tier: StoreTier, _ name: String, _ operation: String, _ body: () async throws -> R) async throws -> R {
        do { return try await body() } catch let error as StoreError { throw error } catch {
            throw StoreError.tierFailed(tier: tier.url, name: name, operation: operation, underlying: "\(error)")
        }
    }
}

/// What a save sends to a tier.
struct TierUploadPlan: Sendable {
    /// The object's local metadata.
    let metadata: [UInt8]
    /// Every referenced local segment -> its tier segment (its own key when it is uploaded now).
    let tierSegments: [String: String]
    /// Local segments the tier lacks.
    let segmentsToUpload: [String]
    /// Recorded CRC-32s of the object's blobs.
    let checksums: [StoreBlobLocation: UInt32]
    /// Blobs with no CRC-32 recorded anywhere.
    let uncheckedBlobs: [StoreBlobLocation]
}

extension StoreTransaction {
    /// The upload plan of object `id` for `tier`, or nil when the object is gone.
    func tierUploadPlan(for id: ObjectID, tier: String) throws -> TierUploadPlan? {
        guard let metadata = try run(StoreStatements.objectById, [.blob(id.bytes)]).first?[0].blob else { return nil }
        var tierSegments: [String: String] = [:]
        var uploads: [String] = []
        for row in try run(StoreStatements.objectSegmentsOf, [.blob(id.bytes)]) {
            guard let segment = row[0].text else { continue }
            if let known = try run(StoreStatements.tierSegmentOf, [.text(segment), .text(tier)]).first?[0].text {
                tierSegments[segment] = known
            } else {
                tierSegments[segment] = segment
                uploads.append(segment)
            }
        }
        var checksums: [StoreBlobLocation: UInt32] = [:]
        var unchecked: [StoreBlobLocation] = []
        for reference in try SerializedObjectMetadata(metadata).blobReferences() {
            guard let (segment, offset) = StoreLayout.parseBlobKey(reference.storeKey) else { continue }
            let location = StoreBlobLocation(segment: segment, offset: offset, size: Int(reference.size))
            if reference.crc32 != nil || checksums[location] != nil { continue }
            if let crc = try checksum(segment: segment, offset: offset, size: location.size) { checksums[location] = crc } else if !unchecked.contains(location) {
                unchecked.append(location)
            }
        }
        return TierUploadPlan(metadata: metadata, tierSegments: tierSegments, segmentsToUpload: uploads.sorted(),
                              checksums: checksums, uncheckedBlobs: unchecked)
    }
}

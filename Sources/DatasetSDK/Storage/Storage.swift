/// Moves whole objects' bytes to and from locations of one scheme (`file`, `memory`, `s3`, ...).
///
/// Reading returns the object's bytes as one ``Blob``: a file storage maps the file (O(1), no
/// copy), a remote storage reads into one buffer. Writing streams: the caller hands blobs to a
/// ``StorageWriter`` one after another and the object appears at the location only when the
/// writer commits, so readers see the old bytes or the new ones, never a mix.
public protocol Storage: Sendable {
    /// The bytes stored at `location`.
    ///
    /// - Throws: ``StorageError/notFound(_:)`` when nothing is stored there.
    func read(_ location: StorageLocation) async throws -> Blob

    /// A writer whose bytes replace what is at `location` when it commits.
    func makeWriter(for location: StorageLocation) async throws -> any StorageWriter

    /// Whether something is stored at `location`.
    func exists(_ location: StorageLocation) async throws -> Bool

    /// Removes what is stored at `location`; removing nothing is not an error.
    func remove(_ location: StorageLocation) async throws

    /// The locations stored below `prefix` (recursively), sorted.
    func list(under prefix: StorageLocation) async throws -> [StorageLocation]

    /// Reads ranges of the object at `location` into caller memory; see the default in the
    /// extension.
    func read(_ location: StorageLocation, ranges: [RangeRead]) async throws
}

/// A streaming write of one object; see ``Storage/makeWriter(for:)``.
///
/// Call ``write(_:)`` any number of times, then ``commit()``; on any error call ``abort()``,
/// which leaves what was stored before untouched.
public protocol StorageWriter: AnyObject {
    /// Appends the bytes of `blob`.
    func write(_ blob: Blob) async throws
    /// Makes the written bytes the object at the location, atomically.
    func commit() async throws
    /// Discards what was written.
    func abort() async
}

/// Where ``Storage/read(_:ranges:)`` puts one range of an object: `bytes.count` bytes starting
/// at `offset` of the object go to `bytes`.
public struct RangeRead: @unchecked Sendable {
    // @unchecked: each range writes its own disjoint memory, owned by the caller until the read returns.
    /// The first byte's offset in the object.
    public let offset: Int
    /// Where the bytes go; its count is the range's length.
    public let bytes: UnsafeMutableRawBufferPointer

    /// `bytes.count` bytes of the object from `offset` into `bytes`.
    public init(offset: Int, into bytes: UnsafeMutableRawBufferPointer) {
        self.offset = offset
        self.bytes = bytes
    }
}

extension Storage {
    /// Reads ranges of the object at `location` straight into caller memory (no staging
    /// buffer where the storage can avoid one: S3 runs parallel ranged GETs). This default
    /// reads the whole object and copies the ranges out of it.
    ///
    /// - Throws: ``StorageError/notFound(_:)``, or ``StorageError/backend(scheme:location:message:)``
    ///   when a range lies outside the object.
    public func read(_ location: StorageLocation, ranges: [RangeRead]) async throws {
        let whole = try await read(location)
        try whole.withUnsafeBytes { source in
            for range in ranges where range.bytes.count > 0 {
                guard range.offset >= 0, range.offset <= source.count - range.bytes.count else {
                    throw StorageError.backend(scheme: location.scheme, location: location.description,
                                               message: "bytes \(range.offset)..<\(range.offset + range.bytes.count) lie outside the object's \(source.count) bytes")
                }
                range.bytes.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[range.offset..<(range.offset + range.bytes.count)]))
            }
        }
    }
}

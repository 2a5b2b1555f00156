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

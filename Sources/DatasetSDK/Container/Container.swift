/// The `.dso` container format: one object (metadata plus blobs) in one file, readable by
/// mapping it. docs/format.md specifies it byte by byte.
///
/// ```swift
/// let writer = try await FileStorage().makeWriter(for: StorageLocation("frame.dso"))
/// try await Container.write(frame.encoded(), to: writer)
/// try await writer.commit()
/// let object = try Container.read(try await FileStorage().read(StorageLocation("frame.dso")), source: "frame.dso")
/// ```
public enum Container {
    /// Streams `object` in the container format into `writer` (the caller commits or aborts) and
    /// returns the number of bytes written. Blob bytes go from their views to the writer in
    /// 4 MiB chunks, checksummed on the way; nothing is assembled in memory.
    @discardableResult
    public static func write(_ object: EncodedObject, to writer: any StorageWriter) async throws -> Int {
        try await ContainerWriter.write(object, to: writer)
    }

    /// Decodes the container whose bytes are `file`; blobs are views of `file` (no copy).
    ///
    /// - Parameters:
    ///   - source: names the file in errors (a path or URL).
    ///   - verifyingChecksums: check every blob's CRC-32 (reads every byte once); when false,
    ///     only the header, footer and metadata are checked and loading costs O(metadata).
    /// - Throws: ``ContainerError`` naming `source` and the problem.
    public static func read(_ file: Blob, source: String, verifyingChecksums: Bool = true) throws(ContainerError) -> EncodedObject {
        try ContainerReader.read(file, source: source, verifyingChecksums: verifyingChecksums)
    }

    /// The container's metadata as a value tree (type, id, fields, members, and for each blob
    /// its size, offset and checksum), without reading blob bytes. What `datasets inspect` prints.
    public static func describe(_ file: Blob, source: String) throws(ContainerError) -> Value {
        let parsed = try ContainerReader.parse(file, source: source)
        return [
            "container": ["format_version": .string("\(ContainerLayout.majorVersion).\(ContainerLayout.minorVersion)"), "file_size": .int(Int64(file.count))],
            "object": MetadataDescription.describe(parsed.metadata),
        ]
    }
}

import DatasetSDK

/// Objects in S3 or an S3-compatible server (`s3://bucket/key`), signed with AWS Signature
/// Version 4.
///
/// Reading fetches the object with parallel ranged GETs into one buffer of its size (one
/// allocation; every byte copied once from the socket to its final place). Writing sends
/// objects up to one part in a single PUT; larger ones as a multipart upload whose parts (all
/// but the last of `part_size` bytes) go up `max_concurrency` at a time while the caller keeps
/// writing. The object appears only when the upload completes; a failed or aborted write
/// aborts the upload, so neither a partial object nor stored parts remain. Requests that fail
/// with 500/502/503/504, SlowDown, RequestTimeout or a lost connection are retried with
/// exponential backoff and jitter (honouring `Retry-After`), `max_attempts` tries in all.
///
/// ```yaml
/// model_input:
///   type: ObjectDataset
///   filepath: s3://bench/model_input.dso
///   credentials: dev_s3      # aws_access_key_id, aws_secret_access_key, endpoint_url, region_name
///   fs_args: {part_size: 16MiB, max_concurrency: 8}
/// ```
public struct S3Storage: Storage {
    package let client: S3Client

    /// A storage for one catalog entry: settings from its `fs_args` and `credentials`, then the
    /// environment (`AWS_*`) and the shared AWS files; see docs/catalog.md.
    ///
    /// - Throws: ``S3Error/missingCredentials(dataset:searched:)``,
    ///   ``S3Error/invalidConfiguration(dataset:key:reason:)`` for an unusable endpoint or
    ///   half-given keys, and ``DatasetError`` for an option of the wrong kind (naming
    ///   `fs_args.KEY` and the entry's file and line).
    public init(configuration: StorageConfiguration) throws {
        try self.init(configuration: configuration, environment: ProcessEnvironment.variables)
    }

    /// As ``init(configuration:)`` with `environment` in place of the process's.
    public init(configuration: StorageConfiguration, environment: [String: String]) throws {
        client = S3Client(settings: try S3Settings.resolve(configuration, environment: environment))
    }

    package init(settings: S3Settings) {
        client = S3Client(settings: settings)
    }

    public func read(_ location: StorageLocation) async throws -> Blob {
        let object = try S3ObjectLocation(location)
        do {
            return try await RangedDownload(client: client, bucket: object.bucket, key: object.key).run()
        } catch S3Error.noSuchKey {
            throw StorageError.notFound(location.description)
        }
    }

    /// Reads the ranges with parallel ranged GETs (`max_concurrency` at a time, each at most
    /// `part_size` bytes) straight into the caller's memory.
    public func read(_ location: StorageLocation, ranges: [RangeRead]) async throws {
        let object = try S3ObjectLocation(location)
        do {
            try await RangedDownload(client: client, bucket: object.bucket, key: object.key).read(ranges)
        } catch S3Error.noSuchKey {
            throw StorageError.notFound(location.description)
        }
    }

    public func makeWriter(for location: StorageLocation) async throws -> any StorageWriter {
        let object = try S3ObjectLocation(location)
        return S3StorageWriter(client: client, bucket: object.bucket, key: object.key)
    }

    public func exists(_ location: StorageLocation) async throws -> Bool {
        let object = try S3ObjectLocation(location)
        return try await client.objectSize(bucket: object.bucket, key: object.key) != nil
    }

    public func remove(_ location: StorageLocation) async throws {
        let object = try S3ObjectLocation(location)
        try await client.deleteObject(bucket: object.bucket, key: object.key)
    }

    /// The objects whose key is `prefix`'s key or lies below it (`key/...`), sorted.
    public func list(under prefix: StorageLocation) async throws -> [StorageLocation] {
        let object = try S3ObjectLocation(prefix, allowEmptyKey: true)
        let folder = object.key.isEmpty || object.key.hasSuffix("/") ? object.key : object.key + "/"
        return try await client.listObjects(bucket: object.bucket, prefix: object.key)
            .filter { $0.key == object.key || $0.key.hasPrefix(folder) }
            .map { StorageLocation(scheme: prefix.scheme, path: "\(object.bucket)/\($0.key)") }
    }
}

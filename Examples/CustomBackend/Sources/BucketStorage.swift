import DatasetSDK

/// A custom storage scheme built only on DatasetSDK's public API: `bucket://NAME/KEY` locations
/// kept as files under a root folder (`fs_args: {root: ...}`, default `data/buckets`), the way a
/// team might emulate an object store on a laptop. It delegates the byte moving to the SDK's
/// `FileStorage` after mapping the location.
struct BucketStorage: Storage {
    let root: String
    private let files = FileStorage()

    init(configuration: StorageConfiguration) throws {
        if let value = configuration.options["root"] {
            guard let root = value.stringValue else {
                throw DatasetError.invalidOption(dataset: configuration.dataset, key: "fs_args.root", expected: "a folder path", found: value.description, source: nil)
            }
            self.root = root
        } else {
            root = "data/buckets"
        }
    }

    private func file(_ location: StorageLocation) -> StorageLocation {
        StorageLocation(scheme: "file", path: "\(root)/\(location.path)")
    }

    func read(_ location: StorageLocation) async throws -> Blob {
        do { return try await files.read(file(location)) } catch StorageError.notFound {
            throw StorageError.notFound(location.description)
        }
    }

    func makeWriter(for location: StorageLocation) async throws -> any StorageWriter { try await files.makeWriter(for: file(location)) }

    func exists(_ location: StorageLocation) async throws -> Bool { try await files.exists(file(location)) }

    func remove(_ location: StorageLocation) async throws { try await files.remove(file(location)) }

    func list(under prefix: StorageLocation) async throws -> [StorageLocation] {
        try await files.list(under: file(prefix)).map { found in
            StorageLocation(scheme: "bucket", path: String(found.path.dropFirst(root.count + 1)))
        }
    }
}

extension Storage {
    /// The bytes at `location` for dataset `dataset`: a missing object becomes
    /// ``DatasetError/notFound(dataset:location:)``, any other failure names the dataset.
    public func read(_ location: StorageLocation, forDataset dataset: String) async throws -> Blob {
        do { return try await read(location) } catch StorageError.notFound {
            throw DatasetError.notFound(dataset: dataset, location: location.description)
        } catch { throw DatasetError.failed(dataset: dataset, operation: "load", underlying: error) }
    }

    /// Streams a new object to `location` with `body` and commits it; on any error the write is
    /// aborted (what was stored before stays) and the error names dataset `dataset`.
    public func write(
        _ location: StorageLocation,
        forDataset dataset: String,
        _ body: (any StorageWriter) async throws -> Void
    ) async throws {
        do {
            let writer = try await makeWriter(for: location)
            do {
                try await body(writer)
                try await writer.commit()
            } catch {
                await writer.abort()
                throw error
            }
        } catch let error as DatasetError {
            throw error
        } catch { throw DatasetError.failed(dataset: dataset, operation: "save", underlying: error) }
    }
}

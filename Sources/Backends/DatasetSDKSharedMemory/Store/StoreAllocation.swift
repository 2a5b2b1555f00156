import DatasetSDK
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Space in a shared-memory store that a producer fills in place, so that producing an object
/// costs no copy: saving an object whose blobs are allocations moves the allocation's file into
/// the store instead of copying its bytes.
///
/// ```swift
/// let tensor = try store.makeTensor(shape: [1 << 27]) { (values: UnsafeMutableBufferPointer<Double>) in
///     for i in values.indices { values[i] = Double(i) }
/// }
/// try store.put(tensor.encoded(), as: "big")   // no copy
/// ```
///
/// The space counts against the store's capacity from the moment it is allocated. Once saved,
/// the bytes are read-only; an allocation that is never saved is freed when the last view goes.
public final class StoreAllocation: BlobOwner, @unchecked Sendable {
    // @unchecked: the bytes are written by the producer before the allocation is shared; after
    // it is saved, the mapping is made read-only (`seal`), and `adopted` is guarded by a Mutex.
    private let mapping: FileMapping
    public let origin: BlobOrigin
    /// The requested size (the mapping holds at least one byte).
    private let count: Int
    let file: String
    let segment: String
    let token: String
    private let store: SharedMemoryStore
    private let adopted = Mutex(false)

    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(mapping.bytes)[0..<count]) }

    init(store: SharedMemoryStore, byteCount: Int) throws {
        self.store = store
        let token = StoreLayout.newKey()
        let segment = StoreLayout.newKey()
        let folder = "\(store.path)/tmp/\(getpid())-\(token)"
        let file = "\(folder)/\(segment)"
        self.token = token
        self.segment = segment
        self.file = file
        count = byteCount
        origin = .store(store: store.identifier, key: "pending:\(segment)")
        let size = max(byteCount, 1)
        store.removeSegmentFiles(try store.database.reserve(bytes: size, token: token, capacity: store.capacity, eviction: store.eviction))
        do {
            try StoreLayout.prepareFolder(folder)
            let fd = Glibc.open(file, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw StoreError.unusable(store: store.path, reason: "\(SystemCallError("open", path: file))") }
            defer { close(fd) }
            let status = posix_fallocate(fd, 0, off_t(size))
            guard status == 0 else {
                throw status == ENOSPC
                    ? StoreError.full(store: store.path, needed: size, used: (try? store.usedBytes()) ?? 0, capacity: store.fileSystemCapacity(), usage: [])
                    : StoreError.unusable(store: store.path, reason: "cannot allocate \(size) bytes: \(SystemCallError("posix_fallocate", path: file, code: status))")
            }
            do { mapping = try FileMapping(fileDescriptor: fd, count: size, writable: true, populate: true) } catch {
                throw StoreError.unusable(store: store.path, reason: "\(error.at(file))")
            }
        } catch {
            unlink(file)
            rmdir(folder)
            store.database.releaseReservation(token)
            throw error
        }
    }

    /// The bytes to fill. Write them before saving; after the save they are read-only.
    public var mutableBytes: UnsafeMutableRawBufferPointer { UnsafeMutableRawBufferPointer(mutating: bytes) }

    /// A blob viewing the whole allocation.
    public var blob: Blob { Blob(owner: self) }

    /// Marks the allocation as moved into the store and makes its mapping read-only.
    func seal() {
        adopted.withLock { $0 = true }
        rmdir("\(store.path)/tmp/\(getpid())-\(token)")
        mapping.makeReadOnly()
    }

    deinit {
        if !adopted.withLock({ $0 }) {
            unlink(file)
            store.database.releaseReservation(token)
        }
        rmdir("\(store.path)/tmp/\(getpid())-\(token)")
    }
}

extension SharedMemoryStore {
    /// Allocates `byteCount` bytes in the store for a producer to fill in place.
    public func allocate(byteCount: Int) throws -> StoreAllocation {
        try StoreAllocation(store: self, byteCount: byteCount)
    }

    /// A tensor whose elements `body` writes straight into store memory: saving it copies nothing.
    public func makeTensor<Element: TensorElement>(
        shape: [Int], initializingWith body: (UnsafeMutableBufferPointer<Element>) throws -> Void
    ) throws -> Tensor<Element> {
        var count = 1
        for extent in shape {
            guard extent >= 0 else { throw ObjectError.invalidArgument("shape \(shape) has a negative extent") }
            let (product, overflow) = count.multipliedReportingOverflow(by: extent)
            guard !overflow else { throw ObjectError.invalidArgument("shape \(shape) overflows") }
            count = product
        }
        let allocation = try allocate(byteCount: count * MemoryLayout<Element>.stride)
        try body(allocation.mutableBytes.bindMemory(to: Element.self))
        return try Tensor(shape: shape, blob: allocation.blob)
    }
}

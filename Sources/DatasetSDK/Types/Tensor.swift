/// An n-dimensional array of fixed-width elements in row-major order, backed by one blob.
///
/// A tensor is a typed view of its blob: creating one from a loaded blob, slicing the blob out of
/// a container or a shared-memory store, and encoding it again are O(1). Elements are read in
/// place. Use ``init(shape:initializingWith:)`` to produce data straight into the final buffer.
///
/// ```swift
/// let prices = Tensor<Double>([208500, 181500, 223500])
/// let grid = try Tensor<Float>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
/// print(grid[1, 2])   // 6.0
/// ```
public struct Tensor<Element: TensorElement>: Sendable {
    /// Extent of each dimension; empty for a scalar.
    public let shape: [Int]
    /// The element bytes, `count * MemoryLayout<Element>.stride` of them.
    public let blob: Blob
    /// Number of elements: the product of `shape`.
    public let count: Int

    /// Wraps `blob` as a tensor of `shape`. O(1) unless the blob's start is not aligned for
    /// `Element` (possible only for hand-made slices), in which case it is copied once.
    ///
    /// - Throws: ``ObjectError`` when the blob's size does not match the shape, or when a `Bool`
    ///   tensor holds bytes other than 0 and 1.
    public init(shape: [Int], blob: Blob) throws(ObjectError) {
        let count = try Self.elementCount(of: shape)
        let expected = count.multipliedReportingOverflow(by: MemoryLayout<Element>.stride)
        guard !expected.overflow, expected.partialValue == blob.count else {
            throw .invalidBlob(
                "data", typeName: Self.typeName,
                reason: "shape \(shape) of \(Element.dtype.rawValue) needs \(count) x \(MemoryLayout<Element>.stride) bytes but the blob has \(blob.count)")
        }
        if Element.self == Bool.self {
            let bad = blob.withUnsafeBytes { bytes in bytes.firstIndex { $0 > 1 } }
            if let bad {
                throw .invalidBlob("data", typeName: Self.typeName, reason: "bool element \(bad) is neither 0 nor 1")
            }
        }
        self.shape = shape
        self.count = count
        let aligned = blob.withUnsafeBytes { Int(bitPattern: $0.baseAddress) % MemoryLayout<Element>.alignment == 0 }
        self.blob = aligned ? blob : blob.withUnsafeBytes { Blob(copying: $0) }
    }

    /// Allocates a tensor of `shape` and lets `body` write its elements in place (no copy after).
    ///
    /// - Throws: ``ObjectError/invalidArgument(_:)`` for a negative or overflowing shape, or what
    ///   `body` throws.
    public init(shape: [Int], initializingWith body: (UnsafeMutableBufferPointer<Element>) throws -> Void) throws {
        let count = try Self.elementCount(of: shape)
        let blob = try Blob(byteCount: count * MemoryLayout<Element>.stride) { raw in
            try body(raw.bindMemory(to: Element.self))
        }
        self.shape = shape
        self.count = count
        self.blob = blob
    }

    /// A one-dimensional tensor holding a copy of `scalars`.
    public init(_ scalars: [Element]) {
        let blob = scalars.withUnsafeBytes { Blob(copying: $0) }
        self.shape = [scalars.count]
        self.count = scalars.count
        self.blob = blob
    }

    /// A tensor of `shape` holding a copy of `scalars` in row-major order.
    ///
    /// - Throws: ``ObjectError/invalidArgument(_:)`` when `scalars.count` is not the shape's product.
    public init(shape: [Int], scalars: [Element]) throws(ObjectError) {
        let count = try Self.elementCount(of: shape)
        guard count == scalars.count else {
            throw .invalidArgument("shape \(shape) holds \(count) elements but \(scalars.count) were given")
        }
        self.shape = shape
        self.count = count
        self.blob = scalars.withUnsafeBytes { Blob(copying: $0) }
    }

    /// A tensor of `shape` with every element equal to `value`.
    public init(repeating value: Element, shape: [Int]) throws {
        try self.init(shape: shape) { $0.initialize(repeating: value) }
    }

    /// The number of dimensions.
    public var rank: Int { shape.count }

    /// Calls `body` with the elements in row-major order. O(1): no copy.
    public func withUnsafeBufferPointer<R, E: Error>(_ body: (UnsafeBufferPointer<Element>) throws(E) -> R) throws(E) -> R {
        try blob.withUnsafeBytes { (raw) throws(E) -> R in
            try body(UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: Element.self), count: count))
        }
    }

    /// The elements in row-major order, as an array (a copy).
    public var scalars: [Element] { withUnsafeBufferPointer { Array($0) } }

    /// The element at a multi-dimensional index (one index per dimension).
    public subscript(indices: Int...) -> Element {
        precondition(indices.count == shape.count, "expected \(shape.count) indices, got \(indices.count)")
        var flat = 0
        for (index, extent) in zip(indices, shape) {
            precondition(index >= 0 && index < extent, "index \(index) out of range 0..<\(extent)")
            flat = flat * extent + index
        }
        return self[flat]
    }

    /// The product of `shape`, or an error for negative extents or overflow.
    static func elementCount(of shape: [Int]) throws(ObjectError) -> Int {
        var count = 1
        for extent in shape {
            guard extent >= 0 else { throw .invalidArgument("shape \(shape) has a negative extent") }
            let product = count.multipliedReportingOverflow(by: extent)
            guard !product.overflow else { throw .invalidArgument("shape \(shape) overflows") }
            count = product.partialValue
        }
        let bytes = count.multipliedReportingOverflow(by: MemoryLayout<Element>.stride)
        guard !bytes.overflow else { throw .invalidArgument("shape \(shape) overflows") }
        return count
    }
}

extension Tensor: RandomAccessCollection {
    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    /// The element at flat (row-major) position `position`. O(1), read in place.
    public subscript(position: Int) -> Element {
        precondition(position >= 0 && position < count, "index \(position) out of range 0..<\(count)")
        return blob.withUnsafeBytes { $0.load(fromByteOffset: position * MemoryLayout<Element>.stride, as: Element.self) }
    }
}

extension Tensor: DatasetObject {
    /// `datasetsdk.Tensor`, for every element type; the `dtype` field tells them apart.
    public static var typeName: String { TensorLayout.typeName }

    /// Fields `dtype` (numpy name) and `shape` (list of ints); blob `data` (``TensorLayout``,
    /// generated from types.proto). O(1).
    public func encoded() -> EncodedObject {
        TensorLayout(dtype: Element.dtype.layout, shape: shape.map { Int64($0) }, data: blob).encoded()
    }

    /// Decodes a tensor whose `dtype` is `Element`'s. O(1) (O(n) for `Bool`, which is validated).
    public init(decoding object: EncodedObject) throws(ObjectError) {
        let layout = try TensorLayout(decoding: object)
        guard layout.dtype == Element.dtype.layout else {
            throw .invalidField("dtype", typeName: Self.typeName, expected: Element.dtype.rawValue, found: layout.dtype.rawValue)
        }
        try self.init(shape: Self.shape(of: layout), blob: layout.data)
    }

    /// The layout's shape as extents, which must not be negative.
    static func shape(of layout: TensorLayout) throws(ObjectError) -> [Int] {
        var shape: [Int] = []
        shape.reserveCapacity(layout.shape.count)
        for extent in layout.shape {
            guard extent >= 0, let extent = Int(exactly: extent) else {
                throw .invalidField("shape", typeName: typeName, expected: "a list of non-negative integers", found: Value.list(layout.shape.map { .int($0) }).description)
            }
            shape.append(extent)
        }
        return shape
    }
}

extension Tensor: Equatable {
    /// Same shape and bit-identical elements (so NaN equals the same NaN).
    public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
        lhs.shape == rhs.shape && lhs.blob.hasSameBytes(as: rhs.blob)
    }
}

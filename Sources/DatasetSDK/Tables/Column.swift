/// One column of a ``DataFrame``: numbers, strings, timestamps, durations, dates, decimals or
/// categories (``Kind``), with an optional validity bitmap marking nulls.
///
/// A column is a view of blobs (the element data, string offsets, validity); building it from a
/// tensor or a string array, and taking typed views of it, is O(1).
///
/// ```swift
/// let area = Column([8450, 9600, nil] as [Int64?])
/// let zoning = Column(["RL", "RM", "RL"])
/// let values = try area.values(as: Int64.self)   // Tensor<Int64>, no copy
/// ```
public struct Column: Sendable {
    /// What the column holds.
    public let kind: Kind
    /// Number of rows.
    public let count: Int
    /// Which rows are present; `nil` when none is null.
    public let validity: ValidityBitmap?
    /// Element bytes (numeric) or UTF-8 bytes (string).
    let data: Blob
    /// String offsets; `nil` for the fixed-width kinds.
    let offsets: Blob?
    /// A dictionary column's categories (boxed: a struct cannot hold itself); `nil` otherwise.
    private let categoryBox: CategoryBox?

    init(kind: Kind, count: Int, data: Blob, offsets: Blob?, validity: ValidityBitmap?, categories: Column? = nil) {
        precondition((categories != nil) == (kind.isDictionary), "categories go with dictionary columns, and only with them")
        self.kind = kind
        self.count = count
        self.data = data
        self.offsets = offsets
        self.validity = validity
        self.categoryBox = categories.map(CategoryBox.init)
    }

    /// The same kind of column over other blobs (row operations: filtered, concatenated, filled).
    func withRows(count: Int, data: Blob, offsets: Blob? = nil, validity: ValidityBitmap?) -> Column {
        Column(kind: kind, count: count, data: data, offsets: offsets, validity: validity, categories: categories)
    }

    /// A dictionary column's distinct values, which its codes index; `nil` for other kinds.
    public var categories: Column? { categoryBox?.column }

    /// A column viewing a one-dimensional tensor. O(1).
    ///
    /// - Throws: ``DataFrameError`` when the tensor is not one-dimensional or the validity bitmap
    ///   describes another number of rows.
    public init<Element: TensorElement>(_ tensor: Tensor<Element>, validity: ValidityBitmap? = nil) throws(DataFrameError) {
        guard tensor.rank == 1 else { throw .notOneDimensional(shape: tensor.shape) }
        try Self.check(validity, count: tensor.count)
        self.init(kind: .numeric(Element.dtype), count: tensor.count, data: tensor.blob, offsets: nil, validity: Self.normalized(validity))
    }

    /// A column viewing a string array. O(1).
    public init(_ strings: StringArray, validity: ValidityBitmap? = nil) throws(DataFrameError) {
        try Self.check(validity, count: strings.count)
        self.init(kind: .string, count: strings.count, data: strings.bytes, offsets: strings.offsets, validity: Self.normalized(validity))
    }

    /// A numeric column holding a copy of `values`, without nulls.
    public init<Element: TensorElement>(_ values: [Element]) {
        self.init(kind: .numeric(Element.dtype), count: values.count, data: Tensor(values).blob, offsets: nil, validity: nil)
    }

    /// A numeric column holding a copy of `values`; `nil` entries become nulls (stored as zero).
    public init<Element: TensorElement>(_ values: [Element?]) {
        let dense = Tensor<Element>(values.map { $0 ?? Self.zero(Element.self) })
        let validity = values.contains(where: { $0 == nil }) ? ValidityBitmap(values.map { $0 != nil }) : nil
        self.init(kind: .numeric(Element.dtype), count: values.count, data: dense.blob, offsets: nil, validity: validity)
    }

    /// A string column holding copies of `values`, without nulls.
    public init(_ values: [String]) {
        let strings = StringArray(values)
        self.init(kind: .string, count: values.count, data: strings.bytes, offsets: strings.offsets, validity: nil)
    }

    /// A string column holding copies of `values`; `nil` entries become nulls (stored as "").
    public init(_ values: [String?]) {
        let strings = StringArray(values.map { $0 ?? "" })
        let validity = values.contains(where: { $0 == nil }) ? ValidityBitmap(values.map { $0 != nil }) : nil
        self.init(kind: .string, count: values.count, data: strings.bytes, offsets: strings.offsets, validity: validity)
    }

    /// The elements as a tensor of `Element`, viewing the column's blob. O(1).
    ///
    /// Null rows hold an unspecified placeholder (zero when written by the SDK); check
    /// ``isNull(_:)`` or ``validity``.
    /// - Throws: ``DataFrameError/wrongKind(column:expected:found:)`` when the column holds
    ///   another type.
    public func values<Element: TensorElement>(as type: Element.Type) throws(DataFrameError) -> Tensor<Element> {
        guard kind == .numeric(Element.dtype) else {
            throw .wrongKind(column: nil, expected: Element.dtype.rawValue, found: kind.description)
        }
        do { return try Tensor(shape: [count], blob: data) } catch { throw .invalidColumn(column: nil, error) }
    }

    /// The strings, viewing the column's blobs. O(1).
    ///
    /// - Throws: ``DataFrameError/wrongKind(column:expected:found:)`` for a numeric column.
    public func strings() throws(DataFrameError) -> StringArray {
        guard kind == .string, let offsets else { throw .wrongKind(column: nil, expected: "string", found: kind.description) }
        return StringArray(validatedOffsets: offsets, bytes: data, count: count)
    }

    /// Whether row `row` is null.
    public func isNull(_ row: Int) -> Bool { validity.map { !$0.isValid(row) } ?? false }

    /// Number of null rows.
    public var nullCount: Int { validity?.nullCount ?? 0 }

    /// The blobs that hold this column's bytes (data, offsets, validity, a dictionary's
    /// categories), for sharing checks.
    public var blobs: [Blob] {
        [data] + (offsets.map { [$0] } ?? []) + (validity.map { [$0.blob] } ?? []) + (categories?.blobs ?? [])
    }

    private static func check(_ validity: ValidityBitmap?, count: Int) throws(DataFrameError) {
        if let validity, validity.count != count {
            throw .lengthMismatch(column: "validity", expected: count, found: validity.count)
        }
    }

    /// `nil` for a bitmap without nulls, so no empty `validity` blob is stored.
    private static func normalized(_ validity: ValidityBitmap?) -> ValidityBitmap? {
        guard let validity, validity.nullCount > 0 else { return nil }
        return validity
    }

    static func zero<Element: TensorElement>(_: Element.Type) -> Element {
        withUnsafeTemporaryAllocation(of: Element.self, capacity: 1) { buffer in
            UnsafeMutableRawBufferPointer(buffer).initializeMemory(as: UInt8.self, repeating: 0)
            return buffer[0]
        }
    }
}

/// The categories of a dictionary column, behind a reference so that ``Column`` can hold one.
private final class CategoryBox: Sendable {
    let column: Column
    init(_ column: Column) { self.column = column }
}

extension Column.Kind {
    var isDictionary: Bool { if case .dictionary = self { true } else { false } }
    var isNumeric: Bool { if case .numeric = self { true } else { false } }
}

/// A table: ordered, uniquely named columns of equal length, each numeric or string, with nulls.
///
/// A frame is a list of column views. Selecting, dropping and adding columns is O(columns) and
/// copies no column bytes, so a frame saved after dropping two of 81 columns shares the other 79
/// columns' blobs with the frame it came from (a shared-memory store stores them once).
///
/// ```swift
/// var frame = try DataFrame(columns: [
///     ("Id", Column([1, 2, 3] as [Int64])),
///     ("Neighborhood", Column(["CollgCr", "Veenker", "CollgCr"])),
/// ])
/// frame = try frame.dropping(columns: ["Id"])
/// let names = try frame.strings("Neighborhood")
/// ```
public struct DataFrame: Sendable {
    /// The columns in order, with the index from name to position.
    var storage = NamedColumns()
    /// Number of rows (0 for a frame without columns).
    public internal(set) var rowCount: Int = 0

    /// An empty frame: no columns, no rows.
    public init() {}

    /// Column names in order.
    public var columnNames: [String] { storage.names }

    /// A frame of `columns` in the given order.
    ///
    /// - Throws: ``DataFrameError`` for a repeated name or columns of different lengths.
    public init(columns: [(String, Column)]) throws(DataFrameError) {
        self.init()
        for (name, column) in columns { try append(column, named: name) }
    }

    /// Number of columns.
    public var columnCount: Int { storage.count }

    /// The column named `name`, if there is one.
    public subscript(name: String) -> Column? { storage[name] }

    /// The columns in order, with their names.
    public var columns: [(name: String, column: Column)] { zip(storage.names, storage.columns).map { ($0, $1) } }

    /// The column named `name`.
    ///
    /// - Throws: ``DataFrameError/unknownColumn(_:available:)`` listing the frame's columns.
    public func column(_ name: String) throws(DataFrameError) -> Column {
        guard let column = storage[name] else { throw .unknownColumn(name, available: columnNames) }
        return column
    }

    /// The numeric column `name` as a tensor of `Element`, viewing its blob. O(1).
    public func values<Element: TensorElement>(_ name: String, as type: Element.Type) throws(DataFrameError) -> Tensor<Element> {
        do { return try column(name).values(as: type) } catch { throw error.naming(name) }
    }

    /// The string column `name`, viewing its blobs. O(1).
    public func strings(_ name: String) throws(DataFrameError) -> StringArray {
        do { return try column(name).strings() } catch { throw error.naming(name) }
    }

    /// Appends `column` as the last column, named `name`.
    ///
    /// - Throws: ``DataFrameError`` when the name exists or the length differs from ``rowCount``.
    public mutating func append(_ column: Column, named name: String) throws(DataFrameError) {
        guard !storage.contains(name) else { throw .duplicateColumn(name) }
        if !storage.isEmpty, column.count != rowCount {
            throw .lengthMismatch(column: name, expected: rowCount, found: column.count)
        }
        if storage.isEmpty { rowCount = column.count }
        storage.append(column, named: name)
    }

    /// Replaces the column `name` in place, keeping its position, or appends it when absent.
    public mutating func setColumn(_ column: Column, named name: String) throws(DataFrameError) {
        guard storage.contains(name) else { return try append(column, named: name) }
        guard column.count == rowCount || storage.count == 1 else {
            throw .lengthMismatch(column: name, expected: rowCount, found: column.count)
        }
        if storage.count == 1 { rowCount = column.count }
        storage.replace(name, with: column)
    }

    /// A frame with `column` appended as `name`. O(columns), no column bytes copied.
    public func adding(_ column: Column, named name: String) throws(DataFrameError) -> DataFrame {
        var copy = self
        try copy.append(column, named: name)
        return copy
    }

    /// A frame with only `names`, in that order. O(columns), no column bytes copied.
    public func selecting(columns names: [String]) throws(DataFrameError) -> DataFrame {
        var result = DataFrame()
        for name in names { try result.append(column(name), named: name) }
        if names.isEmpty { result.rowCount = 0 }
        return result
    }

    /// A frame without `names`. O(columns), no column bytes copied.
    ///
    /// - Throws: ``DataFrameError/unknownColumn(_:available:)`` when a name is not a column,
    ///   as pandas' `drop` does.
    public func dropping(columns names: [String]) throws(DataFrameError) -> DataFrame {
        for name in names where !storage.contains(name) { throw .unknownColumn(name, available: columnNames) }
        var result = self
        result.storage.remove(Set(names))
        if result.storage.isEmpty { result.rowCount = 0 }
        return result
    }
}

extension DataFrameError {
    /// The same error, naming `column` where it did not.
    func naming(_ column: String) -> DataFrameError {
        switch self {
        case let .wrongKind(nil, expected, found): .wrongKind(column: column, expected: expected, found: found)
        case let .invalidColumn(nil, error): .invalidColumn(column: column, error)
        default: self
        }
    }
}

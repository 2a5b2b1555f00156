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
    /// Column names in order.
    public internal(set) var columnNames: [String]
    var columnsByName: [String: Column]
    /// Number of rows (0 for a frame without columns).
    public internal(set) var rowCount: Int

    /// An empty frame: no columns, no rows.
    public init() {
        columnNames = []
        columnsByName = [:]
        rowCount = 0
    }

    /// A frame of `columns` in the given order.
    ///
    /// - Throws: ``DataFrameError`` for a repeated name or columns of different lengths.
    public init(columns: [(String, Column)]) throws(DataFrameError) {
        self.init()
        for (name, column) in columns { try append(column, named: name) }
    }

    /// Number of columns.
    public var columnCount: Int { columnNames.count }

    /// The column named `name`, if there is one.
    public subscript(name: String) -> Column? { columnsByName[name] }

    /// The columns in order, with their names.
    public var columns: [(name: String, column: Column)] { columnNames.map { ($0, columnsByName[$0]!) } }

    /// The column named `name`.
    ///
    /// - Throws: ``DataFrameError/unknownColumn(_:available:)`` listing the frame's columns.
    public func column(_ name: String) throws(DataFrameError) -> Column {
        guard let column = columnsByName[name] else { throw .unknownColumn(name, available: columnNames) }
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
        guard columnsByName[name] == nil else { throw .duplicateColumn(name) }
        if !columnNames.isEmpty, column.count != rowCount {
            throw .lengthMismatch(column: name, expected: rowCount, found: column.count)
        }
        if columnNames.isEmpty { rowCount = column.count }
        columnNames.append(name)
        columnsByName[name] = column
    }

    /// Replaces the column `name` in place, keeping its position, or appends it when absent.
    public mutating func setColumn(_ column: Column, named name: String) throws(DataFrameError) {
        guard columnsByName[name] != nil else { return try append(column, named: name) }
        guard column.count == rowCount || columnNames.count == 1 else {
            throw .lengthMismatch(column: name, expected: rowCount, found: column.count)
        }
        if columnNames.count == 1 { rowCount = column.count }
        columnsByName[name] = column
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
        for name in names where columnsByName[name] == nil { throw .unknownColumn(name, available: columnNames) }
        let dropped = Set(names)
        var result = self
        result.columnNames.removeAll { dropped.contains($0) }
        for name in dropped { result.columnsByName[name] = nil }
        if result.columnNames.isEmpty { result.rowCount = 0 }
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

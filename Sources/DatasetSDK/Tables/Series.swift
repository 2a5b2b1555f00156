/// One named column with an optional index: what pandas calls a `Series` (for example a
/// model's target, `y_train`), stored as a `datasetsdk.Series` (docs/format.md section 3).
///
/// ```swift
/// let target = try Series(Column([208500.0, 181500.0]), name: "SalePrice")
/// try await catalog.save(target, to: "y_train")
/// ```
public struct Series: Sendable {
    /// The name: a string, integer, double or bool; `nil` for an unnamed series.
    public var name: Value?
    /// The values.
    public var values: Column
    /// The index levels as the columns of a frame with as many rows as ``values``; `nil` for the
    /// default index `0, 1, ..., count-1`.
    public var index: DataFrame?

    /// A series of `values`, named `name`, with `index` (`nil`: the default index).
    ///
    /// - Throws: ``DataFrameError/lengthMismatch(column:expected:found:)`` when the index has
    ///   another number of rows.
    public init(_ values: Column, name: Value? = nil, index: DataFrame? = nil) throws(DataFrameError) {
        if let index, index.rowCount != values.count {
            throw .lengthMismatch(column: "index", expected: values.count, found: index.rowCount)
        }
        self.name = name
        self.values = values
        self.index = index
    }

    /// Number of rows.
    public var count: Int { values.count }
}

extension Series: DatasetObject {
    /// `datasetsdk.Series`.
    public static var typeName: String { SeriesLayout.typeName }

    /// Fields `name` (left out when `nil`) and `length`, members `values` and `index` (left out
    /// when `nil`). O(1): the column hands over its blobs.
    public func encoded() -> EncodedObject {
        SeriesLayout(name: name == .null ? nil : name, length: Int64(count), values: values.encoded(), index: index).encoded()
    }

    /// Decodes a series, checking the values as a column and the index' row count.
    public init(decoding object: EncodedObject) throws(ObjectError) {
        let layout = try SeriesLayout(decoding: object)
        switch layout.name {
        case nil, .null?, .string?, .int?, .uint?, .double?, .bool?: break
        case let other?:
            throw .invalidField("name", typeName: Self.typeName, expected: "a string, int, double or bool", found: other.kindName)
        }
        let values: Column
        do { values = try Column(decoding: layout.values) } catch { throw .inMember("values", error) }
        guard Int64(values.count) == layout.length else {
            throw .invalidField("length", typeName: Self.typeName, expected: "the values' \(values.count) rows", found: "\(layout.length)")
        }
        if let index = layout.index, index.rowCount != values.count {
            throw .inMember("index", .invalidField("row_count", typeName: DataFrame.typeName, expected: "\(values.count) rows (the series' length)", found: "\(index.rowCount)"))
        }
        self.name = layout.name == .null ? nil : layout.name
        self.values = values
        self.index = layout.index
    }
}

extension DataFrame: DatasetObject {
    /// `datasetsdk.DataFrame`.
    public static var typeName: String { DataFrameLayout.typeName }

    /// Fields `columns` (names in order) and `row_count`; one member per column, named after it
    /// (``DataFrameLayout``, generated from types.proto). O(columns): columns hand over their blobs.
    public func encoded() -> EncodedObject {
        var members: [String: EncodedObject] = [:]
        for (name, column) in columns { members[name] = column.encoded() }
        return DataFrameLayout(columns: columnNames, rowCount: Int64(rowCount), columnMembers: members).encoded()
    }

    /// Decodes a frame, checking that every listed column exists, has `row_count` rows and valid
    /// blobs; members not listed in `columns` are ignored (a later version may add some). O(columns + string rows) for offset validation; no bytes copied.
    public init(decoding object: EncodedObject) throws(ObjectError) {
        let layout = try DataFrameLayout(decoding: object)
        let names = layout.columns
        guard layout.rowCount >= 0, let rows = Int(exactly: layout.rowCount) else {
            throw .invalidField("row_count", typeName: Self.typeName, expected: "a non-negative integer", found: "\(layout.rowCount)")
        }
        guard Set(names).count == names.count else {
            throw .invalidField("columns", typeName: Self.typeName, expected: "unique names", found: "a repeated name")
        }
        self.init()
        for name in names {
            guard let member = layout.columnMembers[name] else { throw .missingMember(name, typeName: Self.typeName) }
            let column: Column
            do { column = try Column(decoding: member) } catch { throw .inMember(name, error) }
            guard column.count == rows else {
                throw .inMember(name, .invalidField("shape", typeName: member.typeName, expected: "\(rows) rows (the frame's row_count)", found: "\(column.count)"))
            }
            do { try append(column, named: name) } catch { throw .invalidArgument("\(error)") }
        }
        rowCount = names.isEmpty ? 0 : rows
    }
}

extension DataFrame: DatasetObject {
    /// `datasetsdk.DataFrame`.
    public static var typeName: String { "datasetsdk.DataFrame" }

    /// Fields `columns` (names in order) and `row_count`; one member per column, named after it.
    /// O(columns): columns hand over their blobs.
    public func encoded() -> EncodedObject {
        var members: [String: EncodedObject] = [:]
        for (name, column) in columns { members[name] = column.encoded() }
        return EncodedObject(
            typeName: Self.typeName,
            fields: ["columns": .list(columnNames.map { .string($0) }), "row_count": .int(Int64(rowCount))],
            members: members
        )
    }

    /// Decodes a frame, checking that every listed column exists, has `row_count` rows and valid
    /// blobs; members not listed in `columns` are ignored (a later version may add some). O(columns + string rows) for offset validation; no bytes copied.
    public init(decoding object: EncodedObject) throws(ObjectError) {
        try object.requireType(Self.typeName)
        let names = try object.stringListField("columns")
        let rows = try object.countField("row_count")
        guard Set(names).count == names.count else {
            throw .invalidField("columns", typeName: Self.typeName, expected: "unique names", found: "a repeated name")
        }
        self.init()
        for name in names {
            let member = try object.member(name)
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

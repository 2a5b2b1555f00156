/// A frame's columns in order together with the index from name to position: one structure, so
/// the order and the lookup cannot disagree (every change goes through a method that keeps
/// both).
struct NamedColumns: Sendable {
    /// The names in order.
    private(set) var names: [String] = []
    /// The columns, in the order of ``names``.
    private(set) var columns: [Column] = []
    private var positions: [String: Int] = [:]

    var count: Int { names.count }
    var isEmpty: Bool { names.isEmpty }

    /// The column named `name`, if there is one.
    subscript(name: String) -> Column? { positions[name].map { columns[$0] } }

    func contains(_ name: String) -> Bool { positions[name] != nil }

    /// Appends `column` as `name`, which must be new.
    mutating func append(_ column: Column, named name: String) {
        precondition(positions[name] == nil, "column '\(name)' exists")
        positions[name] = names.count
        names.append(name)
        columns.append(column)
    }

    /// Replaces the column `name`, which must exist, keeping its position.
    mutating func replace(_ name: String, with column: Column) {
        guard let position = positions[name] else { preconditionFailure("no column '\(name)'") }
        columns[position] = column
    }

    /// Every column replaced by `transform(name, column)`, in order.
    mutating func transform<E: Error>(_ transform: (String, Column) throws(E) -> Column) throws(E) {
        for position in columns.indices { columns[position] = try transform(names[position], columns[position]) }
    }

    /// Without the columns named in `dropped`.
    mutating func remove(_ dropped: Set<String>) {
        var kept = NamedColumns()
        for (name, column) in zip(names, columns) where !dropped.contains(name) { kept.append(column, named: name) }
        self = kept
    }
}

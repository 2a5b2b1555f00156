/// Rows of text in columns two spaces apart, for every table a command prints.
package enum TextTable {
    /// Which columns are aligned right (numbers); the others are aligned left.
    package enum Alignment {
        /// These columns.
        case right(Set<Int>)
        /// Every column but the first (a label column followed by numbers).
        case rightAfterFirst
    }

    /// `rows` in aligned columns; the last column gets no trailing spaces. Rows may have fewer
    /// cells than others. With `ruleAfterHeader`, a line of dashes follows the first row.
    package static func render(_ rows: [[String]], alignment: Alignment = .right([]), ruleAfterHeader: Bool = false) -> String {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        func isRight(_ column: Int) -> Bool {
            switch alignment {
            case let .right(set): set.contains(column)
            case .rightAfterFirst: column > 0
            }
        }
        var lines = rows.map { row in
            row.indices.map { column in
                let cell = row[column]
                let fill = String(repeating: " ", count: widths[column] - cell.count)
                if isRight(column) { return fill + cell }
                return column == row.count - 1 ? cell : cell + fill
            }.joined(separator: "  ")
        }
        if ruleAfterHeader, !lines.isEmpty { lines.insert(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "), at: 1) }
        return lines.joined(separator: "\n")
    }
}

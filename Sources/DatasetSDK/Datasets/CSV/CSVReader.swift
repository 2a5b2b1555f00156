/// Reads CSV bytes into a ``DataFrame``, inferring each column's type as pandas' `read_csv`
/// does: integers → `int64` (`float64` when the column has nulls), other numbers → `float64`,
/// anything else → strings; nulls (``CSVOptions/nullTokens``) go to the validity bitmap.
///
/// The input is scanned block by block (about 128 K fields at a time): the scanner records
/// each field's byte range, then every column converts its fields of the block straight from
/// the input bytes into the column's final buffers, so no `String` is made for a number and no
/// column is copied once built. Memory beyond the frame itself is one block of ranges.
enum CSVReader {
    /// Fields per block when no row count is given.
    static let fieldsPerBlock = 1 << 17

    /// Parses `bytes` (UTF-8 CSV, with or without a byte order mark) into a frame.
    ///
    /// - Parameters:
    ///   - source: names the input (a path or URL) in errors.
    ///   - rowsPerBlock: rows scanned at a time; the default keeps a block near
    ///     ``fieldsPerBlock`` fields (tests use small blocks).
    /// - Throws: ``CSVError`` for malformed input (with line and column) or invalid options.
    static func read(
        _ bytes: UnsafeRawBufferPointer,
        source: String,
        options: CSVOptions,
        rowsPerBlock: Int? = nil
    ) throws(CSVError) -> DataFrame {
        try options.validate()
        let start = byteOrderMarkLength(bytes)
        guard bytes.count > start else { throw .emptyInput(source: source) }
        let scanner = CSVScanner(bytes, delimiter: options.delimiter, quote: options.quote, source: source)
        var position = scanner.skipBlankLines(start)
        guard position < scanner.count else { throw .emptyInput(source: source) }

        let firstRow = position
        let fields = try scanner.scanRow(&position)
        let names: [String]
        if options.hasHeader {
            names = try headerNames(fields, scanner: scanner)
        } else {
            names = fields.indices.map { String($0) }
            position = firstRow
        }

        let columnCount = names.count
        let blockRows = max(1, rowsPerBlock ?? max(64, fieldsPerBlock / columnCount))
        let block = CSVFieldBlock(columnCount: columnCount, capacity: blockRows)
        var oldBlock: CSVFieldBlock?
        var builders = (0..<columnCount).map { _ in CSVColumnBuilder() }
        let matcher = CSVNullMatcher(options.nullTokens)
        let scratch = CSVGrowableBuffer()
        var blockStarts: [Int] = []
        let dataStart = scanner.skipBlankLines(position)
        position = dataStart

        while position < scanner.count {
            let blockStart = position
            position = try scanner.scanRows(from: blockStart, into: block)
            guard block.rowCount > 0 else { break }
            var restarted: [Int] = []
            for column in 0..<columnCount
            where !builders[column].consume(block, column: column, scanner: scanner, nulls: matcher, scratch: scratch) {
                restarted.append(column)
            }
            if !restarted.isEmpty {
                // Columns that turned out to hold strings start again from their first row.
                for column in restarted { builders[column].restartAsStrings() }
                if !blockStarts.isEmpty {
                    let old = oldBlock ?? CSVFieldBlock(columnCount: columnCount, capacity: blockRows)
                    oldBlock = old
                    for oldStart in blockStarts {
                        _ = try scanner.scanRows(from: oldStart, into: old)
                        for column in restarted {
                            _ = builders[column].consume(old, column: column, scanner: scanner, nulls: matcher, scratch: scratch)
                        }
                    }
                }
                for column in restarted {
                    _ = builders[column].consume(block, column: column, scanner: scanner, nulls: matcher, scratch: scratch)
                }
            }
            if blockStarts.isEmpty && position < scanner.count {
                // Reserve for the whole input, extrapolating from the first block.
                let perRow = Double(position - dataStart) / Double(block.rowCount)
                let estimate = Int(Double(scanner.count - dataStart) / perRow * 1.02) + 16
                for column in 0..<columnCount { builders[column].reserve(rows: estimate) }
            }
            blockStarts.append(blockStart)
        }

        var frame = DataFrame()
        for (column, name) in names.enumerated() {
            do {
                try frame.append(builders[column].finish(), named: name)
            } catch {
                preconditionFailure("CSV column '\(name)' rejected by the frame: \(error)")
            }
        }
        return frame
    }

    /// 3 when `bytes` start with the UTF-8 byte order mark, else 0.
    static func byteOrderMarkLength(_ bytes: UnsafeRawBufferPointer) -> Int {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }

    /// The column names of a header row: empty names become `Unnamed: <index>` (as in pandas).
    ///
    /// - Throws: ``CSVError/duplicateHeader(source:name:line:column:)``.
    private static func headerNames(_ fields: [(start: Int, end: Int)], scanner: CSVScanner) throws(CSVError) -> [String] {
        let scratch = CSVGrowableBuffer()
        var names: [String] = []
        var seen: Set<String> = []
        for (index, field) in fields.enumerated() {
            let text = field.start >= 0
                ? UnsafeRawBufferPointer(start: scanner.base + field.start, count: field.end - field.start)
                : scanner.unquote(field.start, field.end, into: scratch)
            var name = String(decoding: text, as: UTF8.self)
            if name.isEmpty { name = "Unnamed: \(index)" }
            guard seen.insert(name).inserted else {
                let (line, column) = CSVError.position(of: field.start >= 0 ? field.start : ~field.start, in: scanner.input)
                throw .duplicateHeader(source: scanner.source, name: name, line: line, column: column)
            }
            names.append(name)
        }
        return names
    }
}

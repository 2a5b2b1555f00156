/// Reads CSV bytes into a ``DataFrame``, inferring each column's type as pandas' `read_csv`
/// does: integers → `int64` (`float64` when the column has nulls), other numbers → `float64`,
/// anything else → strings; nulls (``CSVOptions/nullTokens``) go to the validity bitmap.
///
/// The input is scanned block by block (about 32 K fields at a time, so a block's input stays
/// in cache): the scanner records each field's byte range, then every column converts its
/// fields of the block straight from the input bytes into the column's final buffers, so no
/// `String` is made for a number and no column is copied once built. Memory beyond the frame
/// itself is two or three blocks of ranges. See ``CSVBlockReader`` for the parallel pipeline.
enum CSVReader {
    /// Fields per block when no row count is given.
    static let fieldsPerBlock = 1 << 15
    /// Input size from which columns are converted in parallel by default.
    static let parallelThreshold = 1 << 20

    /// Parses `bytes` (UTF-8 CSV, with or without a byte order mark) into a frame.
    ///
    /// - Parameters:
    ///   - source: names the input (a path or URL) in errors.
    ///   - rowsPerBlock: rows scanned at a time; the default keeps a block near
    ///     ``fieldsPerBlock`` fields (tests use small blocks).
    ///   - parallel: whether to convert columns on several threads while scanning ahead; by
    ///     default for inputs of ``parallelThreshold`` bytes or more.
    /// - Throws: ``CSVError`` for malformed input (with line and column) or invalid options.
    static func read(
        _ bytes: UnsafeRawBufferPointer,
        source: String,
        options: CSVOptions,
        rowsPerBlock: Int? = nil,
        parallel: Bool? = nil
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

        let reader = CSVBlockReader(
            scanner: scanner,
            columnCount: names.count,
            rowsPerBlock: max(1, rowsPerBlock ?? max(64, fieldsPerBlock / names.count)),
            nulls: CSVNullMatcher(options.nullTokens),
            parallel: parallel ?? (bytes.count >= parallelThreshold)
        )
        let columns = try reader.readColumns(from: position)
        for name in options.dateColumns where !names.contains(name) {
            throw .invalidOption(key: "parse_dates", reason: "no column named '\(name)' in \(source) (columns: \(names.prefix(10).joined(separator: ", "))\(names.count > 10 ? ", ..." : ""))")
        }
        var frame = DataFrame()
        for (column, name) in zip(columns, names) {
            let column = options.dateColumns.contains(name) ? column.parsingTimestamps() ?? column : column
            do {
                try frame.append(column, named: name)
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

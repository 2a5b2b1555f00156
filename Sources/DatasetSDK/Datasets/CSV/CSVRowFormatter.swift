/// Formats a frame's header and rows as CSV text into growing buffers: the per-field work of
/// ``CSVWriter``. Formatting only reads the frame, so several threads may format different
/// rows into different buffers at once.
///
/// Numbers are formatted from the column bytes without a `String` per value, except doubles,
/// which use Swift's shortest round-trip `description` (`208500.0`, `1e-05`, as Python's `repr`).
/// Booleans are `True`/`False` as pandas writes them. A field is quoted only when it holds the
/// delimiter, the quote, CR or LF, or starts or ends with a space; quotes inside are doubled.
struct CSVRowFormatter {
    /// Where one column's values are read from.
    private struct Source {
        let kind: Column.Kind
        /// Element bytes (numeric) or UTF-8 bytes (strings).
        let data: UnsafeRawPointer?
        /// `Int64` string offsets.
        let offsets: UnsafeRawPointer?
        /// Validity bits, when the column has nulls.
        let validity: UnsafePointer<UInt8>?
    }

    private let sources: [Source]
    private let names: [String]
    private let delimiter: UInt8
    private let quote: UInt8
    /// The UTF-8 text written for nulls (quoted when needed, as any text).
    private let nullText: [UInt8]
    /// The text written for an empty field when the frame has one column (`""`, so the line
    /// does not read as blank).
    private let emptyLoneField: [UInt8]

    /// A formatter of `frame`'s columns. The frame must stay alive while the formatter is used:
    /// the formatter reads the column blobs in place.
    init(_ frame: DataFrame, options: CSVOptions) {
        delimiter = options.delimiter
        quote = options.quote
        names = frame.columnNames
        sources = frame.columns.map { _, column in
            let offsets = column.offsets.flatMap { Self.address(of: $0) }
            let validity = column.validity.flatMap { Self.address(of: $0.blob)?.assumingMemoryBound(to: UInt8.self) }
            return Source(kind: column.kind, data: Self.address(of: column.data), offsets: offsets, validity: validity)
        }
        emptyLoneField = [options.quote, options.quote]
        nullText = Array(options.nullRepresentation.utf8)
    }

    /// The header line: the column names, quoted when needed.
    func appendHeader(to output: CSVGrowableBuffer) {
        for (index, name) in names.enumerated() {
            if index > 0 { output.append(delimiter) }
            var name = name
            name.withUTF8 { appendText($0.baseAddress, $0.count, to: output) }
        }
        output.append(UInt8(0x0A))
    }

    /// The lines of `rows`.
    func appendRows(_ rows: Range<Int>, to output: CSVGrowableBuffer) {
        for row in rows { appendRow(row, to: output) }
    }

    /// The line of row `row`.
    func appendRow(_ row: Int, to output: CSVGrowableBuffer) {
        for (index, source) in sources.enumerated() {
            if index > 0 { output.append(delimiter) }
            if let validity = source.validity, (validity[row >> 3] >> UInt8(row & 7)) & 1 == 0 {
                nullText.withUnsafeBufferPointer { appendText($0.baseAddress, $0.count, to: output) }
                continue
            }
            appendValue(source, row: row, to: output)
        }
        output.append(UInt8(0x0A))
    }

    @inline(__always)
    private func appendValue(_ source: Source, row: Int, to output: CSVGrowableBuffer) {
        guard case let .numeric(dtype) = source.kind else {
            let offsets = source.offsets!
            let start = StringArray.offset(row, at: offsets)
            let length = StringArray.offset(row + 1, at: offsets) - start
            appendText(source.data.map { $0.assumingMemoryBound(to: UInt8.self) + start }, length, to: output)
            return
        }
        // Column blobs viewed in a container need not be aligned: load unaligned.
        let data = source.data!
        switch dtype {
        case .int64: appendInteger(data.loadUnaligned(fromByteOffset: row * 8, as: Int64.self), to: output)
        case .float64: appendDescription(data.loadUnaligned(fromByteOffset: row * 8, as: Double.self).description, to: output)
        case .int32: appendInteger(Int64(data.loadUnaligned(fromByteOffset: row * 4, as: Int32.self)), to: output)
        case .int16: appendInteger(Int64(data.loadUnaligned(fromByteOffset: row * 2, as: Int16.self)), to: output)
        case .int8: appendInteger(Int64(data.loadUnaligned(fromByteOffset: row, as: Int8.self)), to: output)
        case .uint64: appendUnsigned(data.loadUnaligned(fromByteOffset: row * 8, as: UInt64.self), negative: false, to: output)
        case .uint32: appendInteger(Int64(data.loadUnaligned(fromByteOffset: row * 4, as: UInt32.self)), to: output)
        case .uint16: appendInteger(Int64(data.loadUnaligned(fromByteOffset: row * 2, as: UInt16.self)), to: output)
        case .uint8: appendInteger(Int64(data.loadUnaligned(fromByteOffset: row, as: UInt8.self)), to: output)
        case .float32: appendDescription(data.loadUnaligned(fromByteOffset: row * 4, as: Float.self).description, to: output)
        case .bool: appendDescription(data.loadUnaligned(fromByteOffset: row, as: UInt8.self) != 0 ? "True" : "False", to: output)
        }
    }

    @inline(__always)
    private func appendInteger(_ value: Int64, to output: CSVGrowableBuffer) {
        appendUnsigned(value.magnitude, negative: value < 0, to: output)
    }

    /// Decimal digits of `magnitude`, after a minus sign when `negative`.
    @inline(__always)
    private func appendUnsigned(_ magnitude: UInt64, negative: Bool, to output: CSVGrowableBuffer) {
        var digits = 1
        var rest = magnitude
        while rest >= 10 {
            rest /= 10
            digits += 1
        }
        let length = digits + (negative ? 1 : 0)
        output.reserve(output.count + length)
        let start = (output.base + output.count).assumingMemoryBound(to: UInt8.self)
        if negative { start[0] = UInt8(ascii: "-") }
        var value = magnitude
        var index = length
        repeat {
            index -= 1
            start[index] = UInt8(truncatingIfNeeded: value % 10) &+ 48
            value /= 10
        } while value != 0
        output.count += length
    }

    @inline(__always)
    private func appendDescription(_ text: String, to output: CSVGrowableBuffer) {
        var text = text
        text.withUTF8 { output.append($0.baseAddress!, length: $0.count) }
    }

    /// Appends a text field, quoting it when it needs quotes (and the empty field of a
    /// one-column frame).
    @inline(__always)
    private func appendText(_ text: UnsafePointer<UInt8>?, _ length: Int, to output: CSVGrowableBuffer) {
        guard let text, length > 0 else {
            if names.count == 1 { emptyLoneField.withUnsafeBufferPointer { output.append($0.baseAddress!, length: 2) } }
            return
        }
        // Copy optimistically; most fields need no quotes.
        output.reserve(output.count + length)
        let target = (output.base + output.count).assumingMemoryBound(to: UInt8.self)
        var plain = text[0] != 0x20 && text[length - 1] != 0x20
        var index = 0
        while plain && index < length {
            let byte = text[index]
            target[index] = byte
            plain = byte != delimiter && byte != quote && byte != 0x0A && byte != 0x0D
            index += 1
        }
        if plain {
            output.count += length
        } else {
            appendQuoted(text, length, to: output)
        }
    }

    /// Appends a field between quotes, doubling the quotes inside.
    @inline(never)
    private func appendQuoted(_ text: UnsafePointer<UInt8>, _ length: Int, to output: CSVGrowableBuffer) {
        var quotes = 0
        for index in 0..<length where text[index] == quote { quotes += 1 }
        output.reserve(output.count + length + quotes + 2)
        let start = (output.base + output.count).assumingMemoryBound(to: UInt8.self)
        var written = 0
        start[written] = quote
        written += 1
        for index in 0..<length {
            let byte = text[index]
            start[written] = byte
            written += 1
            if byte == quote {
                start[written] = quote
                written += 1
            }
        }
        start[written] = quote
        output.count += written + 1
    }

    /// Where a blob's bytes start; stable for the life of its owner.
    private static func address(of blob: Blob) -> UnsafeRawPointer? {
        blob.owner.bytes.baseAddress.map { $0 + blob.offset }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits CSV bytes into rows and fields (RFC 4180): finds each field's byte range in one pass
/// without copying or decoding anything.
///
/// Fields may be quoted; inside quotes the delimiter, CR and LF are text and a doubled quote is
/// one quote. Lines end with LF, CRLF or a lone CR; blank lines are skipped (as pandas does).
/// As in pandas, a quote that does not start a field is text, and text after a closing quote
/// is appended to the field.
struct CSVScanner {
    /// The whole input (for error positions).
    let input: UnsafeRawBufferPointer
    /// First byte of the input.
    let base: UnsafePointer<UInt8>
    /// Number of input bytes.
    let count: Int
    let delimiter: UInt8
    let quote: UInt8
    /// The delimiter in each byte of a word.
    private let delimiterWord: UInt64
    /// Names the input in errors.
    let source: String

    /// A scanner of `input`, which must not be empty.
    init(_ input: UnsafeRawBufferPointer, delimiter: UInt8, quote: UInt8, source: String) {
        self.input = input
        base = input.baseAddress!.assumingMemoryBound(to: UInt8.self)
        count = input.count
        self.delimiter = delimiter
        self.quote = quote
        delimiterWord = UInt64(delimiter) &* 0x0101_0101_0101_0101
        self.source = source
    }

    /// The position of the first row at or after `position`, skipping blank lines.
    @inline(__always)
    func skipBlankLines(_ position: Int) -> Int {
        var position = position
        while position < count {
            let byte = base[position]
            guard byte == 0x0A || byte == 0x0D else { break }
            position += 1
        }
        return position
    }

    /// Scans the field starting at `position` and returns its range, encoded as in
    /// ``CSVFieldBlock``. On return `position` is at the delimiter or line end after the field,
    /// or at the end of the input.
    @inline(__always)
    func scanField(_ position: inout Int) throws(CSVError) -> (start: Int, end: Int) {
        let fieldStart = position
        if position < count && base[position] == quote {
            var escaped = false
            var cursor = position + 1
            while true {
                let remaining = count - cursor
                guard remaining > 0, let found = memchr(base + cursor, Int32(quote), remaining) else {
                    let (line, column) = CSVError.position(of: fieldStart, in: input)
                    throw .unterminatedQuote(source: source, line: line, column: column)
                }
                cursor = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
                if cursor + 1 < count && base[cursor + 1] == quote {
                    escaped = true
                    cursor += 2
                    continue
                }
                break
            }
            // `cursor` is at the closing quote.
            position = cursor + 1
            if position < count, !isFieldEnd(base[position]) {
                position = unquotedFieldEnd(from: position)
                return (~fieldStart, position)
            }
            return escaped ? (~fieldStart, position) : (fieldStart + 1, cursor)
        }
        position = unquotedFieldEnd(from: position)
        return (fieldStart, position)
    }

    /// The position of the first delimiter, CR or LF at or after `position` (or `count`).
    /// Looks at 8 bytes at a time: a byte equal to the searched one is zero after XOR, and
    /// `(v - 0x01…) & ~v & 0x80…` flags the lowest zero byte of `v` exactly.
    @inline(__always)
    private func unquotedFieldEnd(from position: Int) -> Int {
        var position = position
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while position &+ 8 <= count {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self))
            let delimiters = word ^ delimiterWord
            let newlines = word ^ (ones &* 0x0A)
            let returns = word ^ (ones &* 0x0D)
            let hits = ((delimiters &- ones) & ~delimiters | (newlines &- ones) & ~newlines | (returns &- ones) & ~returns) & highs
            if hits != 0 { return position &+ (hits.trailingZeroBitCount &>> 3) }
            position &+= 8
        }
        while position < count, !isFieldEnd(base[position]) { position += 1 }
        return position
    }

    @inline(__always)
    private func isFieldEnd(_ byte: UInt8) -> Bool {
        byte == delimiter || byte == 0x0A || byte == 0x0D
    }

    /// The position after the line end at `position` (CRLF, LF or CR), or `count` at the end.
    @inline(__always)
    func skipLineEnd(_ position: Int) -> Int {
        guard position < count else { return count }
        if base[position] == 0x0D && position + 1 < count && base[position + 1] == 0x0A { return position + 2 }
        return position + 1
    }

    /// Scans the row at `position` (which is not a blank line) into a list of field ranges and
    /// moves `position` past its line end. For the header and the first row.
    func scanRow(_ position: inout Int) throws(CSVError) -> [(start: Int, end: Int)] {
        var fields: [(start: Int, end: Int)] = []
        while true {
            fields.append(try scanField(&position))
            guard position < count, base[position] == delimiter else { break }
            position += 1
        }
        position = skipLineEnd(position)
        return fields
    }

    /// Scans up to `block.capacity` rows from `position` into `block`, skipping blank lines, and
    /// returns the position after the last row scanned (`count` at the end of the input).
    ///
    /// - Throws: ``CSVError/wrongFieldCount(source:line:column:expected:found:)`` for a row
    ///   without `block.columnCount` fields, ``CSVError/unterminatedQuote(source:line:column:)``.
    func scanRows(from position: Int, into block: CSVFieldBlock) throws(CSVError) -> Int {
        let columns = block.columnCount
        let stride = block.capacity
        let starts = block.starts
        let ends = block.ends
        var position = skipBlankLines(position)
        var row = 0
        while row < stride && position < count {
            var column = 0
            var extraFieldStart = -1
            while true {
                let fieldStart = position
                let field = try scanField(&position)
                if column < columns {
                    starts[column &* stride &+ row] = field.start
                    ends[column &* stride &+ row] = field.end
                } else if extraFieldStart < 0 {
                    extraFieldStart = fieldStart
                }
                column += 1
                guard position < count, base[position] == delimiter else { break }
                position += 1
            }
            if column != columns {
                let (line, at) = CSVError.position(of: column > columns ? extraFieldStart : position, in: input)
                throw .wrongFieldCount(source: source, line: line, column: at, expected: columns, found: column)
            }
            row += 1
            position = skipBlankLines(skipLineEnd(position))
        }
        block.rowCount = row
        return position
    }

    /// The text of a field stored with a complemented start: the raw bytes `~start ..< end`
    /// without the enclosing quotes and with doubled quotes made single. Written to `scratch`.
    func unquote(_ start: Int, _ end: Int, into scratch: CSVGrowableBuffer) -> UnsafeRawBufferPointer {
        let rawStart = ~start
        scratch.removeAll()
        scratch.reserve(end - rawStart)
        let output = scratch.base.assumingMemoryBound(to: UInt8.self)
        var written = 0
        var index = rawStart
        var inQuotes = false
        if index < end && base[index] == quote {
            inQuotes = true
            index += 1
        }
        while index < end {
            let byte = base[index]
            index += 1
            if inQuotes && byte == quote {
                if index < end && base[index] == quote {
                    index += 1
                } else {
                    inQuotes = false
                    continue
                }
            }
            output[written] = byte
            written += 1
        }
        scratch.count = written
        return UnsafeRawBufferPointer(start: output, count: written)
    }
}

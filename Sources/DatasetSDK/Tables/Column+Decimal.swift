// Decimal columns (docs/format.md section 3, Arrow's decimal128): 16-byte two's-complement
// integers `v` meaning `v × 10^-scale`, with `|v| < 10^precision` at every present row.
import Foundation

extension Column {
    /// The largest precision a decimal column holds (Arrow's decimal128).
    public static let maximumDecimalPrecision = 38

    /// A decimal column of the unscaled integers `unscaled` (`nil`: null): row `i` means
    /// `unscaled[i] × 10^-scale`, so `Column(decimals: [12345], precision: 5, scale: 2)` holds
    /// 123.45.
    ///
    /// - Throws: ``DataFrameError/invalidColumn(column:_:)`` for a precision outside 1...38, a
    ///   scale outside -38...38, or a value with more than `precision` digits.
    public init(decimals unscaled: [Int128?], precision: Int, scale: Int) throws(DataFrameError) {
        let data = Blob(byteCount: unscaled.count * 16) { target in
            for (row, value) in unscaled.enumerated() { target.storeBytes(of: (value ?? 0).littleEndian, toByteOffset: row * 16, as: Int128.self) }
        }
        let validity = Self.presenceBitmap(unscaled.map { $0 != nil })
        do { try Self.checkDecimals(data, count: unscaled.count, precision: precision, scale: scale, validity: validity, typeName: "decimal column") } catch {
            throw .invalidColumn(column: nil, error)
        }
        self.init(kind: .decimal(precision: precision, scale: scale), count: unscaled.count, data: data, offsets: nil, validity: validity)
    }

    /// A decimal column holding `values` (`nil`: null) with `scale` digits after the point.
    ///
    /// - Throws: ``DataFrameError/invalidColumn(column:_:)`` for a value with more digits after
    ///   the point than `scale`, or more digits in all than `precision`.
    public init(_ values: [Decimal?], precision: Int, scale: Int) throws(DataFrameError) {
        var unscaled: [Int128?] = []
        unscaled.reserveCapacity(values.count)
        for (row, value) in values.enumerated() {
            guard var value else { unscaled.append(nil); continue }
            var shifted = Decimal()
            let status = NSDecimalMultiplyByPowerOf10(&shifted, &value, Int16(clamping: scale), .plain)
            guard status == .noError, let integer = Int128(shifted.description) else {
                throw .invalidColumn(column: nil, .invalidArgument("row \(row): \(value) has more than \(scale) digits after the decimal point"))
            }
            unscaled.append(integer)
        }
        try self.init(decimals: unscaled, precision: precision, scale: scale)
    }

    /// This decimal column with its nulls set to `value`.
    ///
    /// - Throws: ``DataFrameError/wrongKind(column:expected:found:)`` for another kind,
    ///   ``DataFrameError/invalidColumn(column:_:)`` when `value` does not fit the precision
    ///   and scale.
    public func fillingNulls(with value: Decimal) throws(DataFrameError) -> Column {
        guard case let .decimal(precision, scale) = kind else { throw .wrongKind(column: nil, expected: "decimals", found: kind.description) }
        let fill = try Column([value], precision: precision, scale: scale).unscaledDecimal(at: 0)!
        return fillingNulls(withRaw: fill.littleEndian)
    }

    /// The unscaled integer of a decimal row; `nil` for a null or another kind.
    public func unscaledDecimal(at row: Int) -> Int128? {
        guard case .decimal = kind, !isNull(row) else { return nil }
        return data.withUnsafeBytes { Int128(littleEndian: $0.loadUnaligned(fromByteOffset: row * 16, as: Int128.self)) }
    }

    /// A decimal row as text with exactly `scale` digits after the point (`"123.45"`,
    /// `"-0.01"`; scale 0: no point; negative scale: trailing zeros); `nil` for a null.
    public func decimalText(at row: Int) -> String? {
        guard case let .decimal(_, scale) = kind, let value = unscaledDecimal(at: row) else { return nil }
        let digits = String(value.magnitude)
        let sign = value < 0 ? "-" : ""
        if scale <= 0 { return sign + digits + String(repeating: "0", count: value == 0 ? 0 : -scale) }
        let padded = String(repeating: "0", count: max(0, scale + 1 - digits.count)) + digits
        return sign + padded.dropLast(scale) + "." + padded.suffix(scale)
    }

    /// A decimal row as a `Decimal`; `nil` for a null or another kind.
    public func decimal(at row: Int) -> Decimal? { decimalText(at: row).flatMap { Decimal(string: $0) } }

    /// Checks precision, scale, size and that every present row has at most `precision` digits.
    static func checkDecimals(_ data: Blob, count: Int, precision: Int, scale: Int, validity: ValidityBitmap?, typeName: String) throws(ObjectError) {
        guard (1...maximumDecimalPrecision).contains(precision) else {
            throw .invalidField("precision", typeName: typeName, expected: "1 to \(maximumDecimalPrecision)", found: "\(precision)")
        }
        guard (-maximumDecimalPrecision...maximumDecimalPrecision).contains(scale) else {
            throw .invalidField("scale", typeName: typeName, expected: "-38 to 38", found: "\(scale)")
        }
        guard data.count == count &* 16, count <= Int.max / 16 else {
            throw .invalidBlob("data", typeName: typeName, reason: "\(count) decimals need \(count &* 16) bytes but the blob has \(data.count)")
        }
        var limit: UInt128 = 1
        for _ in 0..<precision { limit *= 10 }
        let overflow: Int? = data.withUnsafeBytes { raw in
            for row in 0..<count where validity?.isValid(row) ?? true {
                if Int128(littleEndian: raw.loadUnaligned(fromByteOffset: row * 16, as: Int128.self)).magnitude >= limit { return row }
            }
            return nil
        }
        if let overflow {
            throw .invalidBlob("data", typeName: typeName, reason: "row \(overflow) has more than \(precision) digits (precision overflow)")
        }
    }
}

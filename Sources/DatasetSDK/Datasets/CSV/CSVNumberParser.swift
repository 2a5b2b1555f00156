#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses numbers straight from a field's UTF-8 bytes, without creating a `String`.
///
/// Accepts what pandas' C parser accepts: optional spaces around the number, an optional sign,
/// decimal digits; for doubles also a fraction, an exponent (`1e5`, `-2.5E-3`) and `inf`,
/// `infinity` and `nan` in any case (a `nan` that should read as null must be a null token).
/// Hexadecimal floats, digit separators and empty text are not numbers.
enum CSVNumberParser {
    /// The field as an `Int64`, or nil when it is not an integer in range.
    @inline(__always)
    static func int64(_ text: UnsafePointer<UInt8>, _ length: Int) -> Int64? {
        guard let (_, start, end, negative) = signedRange(text, length) else { return nil }
        var index = start
        let digits = end - index
        guard digits > 0 else { return nil }
        if digits <= 18 {
            var value: Int64 = 0
            while index < end {
                let digit = text[index] &- 48
                guard digit < 10 else { return nil }
                value = value &* 10 &+ Int64(digit)
                index += 1
            }
            return negative ? -value : value
        }
        return wideInt64(text + index, end - index, negative: negative)
    }

    /// The field without surrounding spaces: where the number (sign included) starts, where its
    /// digits start and end, and whether it is negative. Nil for an empty or all-space field.
    @inline(__always)
    private static func signedRange(_ text: UnsafePointer<UInt8>, _ length: Int) -> (numberStart: Int, start: Int, end: Int, negative: Bool)? {
        guard length > 0 else { return nil }
        var index = 0
        var end = length
        if isSpace(text[0]) || isSpace(text[length - 1]) {
            while index < end && isSpace(text[index]) { index += 1 }
            while end > index && isSpace(text[end - 1]) { end -= 1 }
            guard index < end else { return nil }
        }
        let numberStart = index
        var negative = false
        if text[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        } else if text[index] == UInt8(ascii: "+") {
            index += 1
        }
        return (numberStart, index, end, negative)
    }

    /// 19 or more digits: accumulate with overflow checks.
    @inline(never)
    private static func wideInt64(_ text: UnsafePointer<UInt8>, _ length: Int, negative: Bool) -> Int64? {
        var magnitude: UInt64 = 0
        for index in 0..<length {
            let digit = text[index] &- 48
            guard digit < 10 else { return nil }
            let (times, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(digit))
            guard !overflow1, !overflow2 else { return nil }
            magnitude = sum
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return Int64(bitPattern: 0 &- magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    /// The field as a `Double`, or nil when it is not a decimal number, `inf` or `nan`.
    ///
    /// Numbers with at most 15 significant digits and a decimal exponent within ±22 are
    /// converted exactly with one multiplication or division (Clinger's fast path); others go
    /// through `strtod`, which rounds correctly.
    @inline(__always)
    static func double(_ text: UnsafePointer<UInt8>, _ length: Int) -> Double? {
        guard let (numberStart, start, end, negative) = signedRange(text, length) else { return nil }
        var index = start
        guard index < end else { return nil }
        var mantissa: UInt64 = 0
        var significant = 0
        var exponent = 0
        var sawDigit = false
        while index < end {
            let digit = text[index] &- 48
            guard digit < 10 else { break }
            sawDigit = true
            if significant < 19 {
                mantissa = mantissa &* 10 &+ UInt64(digit)
                if mantissa != 0 { significant += 1 }
            } else {
                exponent += 1
            }
            index += 1
        }
        if !sawDigit && (index == end || text[index] != UInt8(ascii: ".")) {
            return special(text + index, end - index, negative: negative)
        }
        if index < end && text[index] == UInt8(ascii: ".") {
            index += 1
            while index < end {
                let digit = text[index] &- 48
                guard digit < 10 else { break }
                sawDigit = true
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(digit)
                    if mantissa != 0 { significant += 1 }
                    exponent -= 1
                }
                index += 1
            }
        }
        guard sawDigit else { return nil }
        if index < end && (text[index] | 0x20) == UInt8(ascii: "e") {
            index += 1
            var exponentNegative = false
            if index < end && (text[index] == UInt8(ascii: "-") || text[index] == UInt8(ascii: "+")) {
                exponentNegative = text[index] == UInt8(ascii: "-")
                index += 1
            }
            guard index < end else { return nil }
            var written = 0
            while index < end {
                let digit = text[index] &- 48
                guard digit < 10 else { return nil }
                written = min(written &* 10 &+ Int(digit), 100_000)
                index += 1
            }
            exponent += exponentNegative ? -written : written
        }
        guard index == end else { return nil }
        if significant <= 15 && exponent >= -22 && exponent <= 22 {
            var value = Double(mantissa)
            if exponent < 0 { value /= powersOfTen[-exponent] } else { value *= powersOfTen[exponent] }
            return negative ? -value : value
        }
        return viaStrtod(text + numberStart, end - numberStart)
    }

    /// `inf`, `infinity` or `nan` in any case, after the sign.
    @inline(never)
    private static func special(_ text: UnsafePointer<UInt8>, _ length: Int, negative: Bool) -> Double? {
        func matches(_ word: StaticString) -> Bool {
            guard word.utf8CodeUnitCount == length else { return false }
            let letters = word.utf8Start
            for index in 0..<length where text[index] | 0x20 != letters[index] { return false }
            return true
        }
        if matches("inf") || matches("infinity") { return negative ? -.infinity : .infinity }
        if matches("nan") { return .nan }
        return nil
    }

    /// Correctly rounded conversion of validated decimal text.
    @inline(never)
    private static func viaStrtod(_ text: UnsafePointer<UInt8>, _ length: Int) -> Double? {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer in
            let start = buffer.baseAddress!
            UnsafeMutableRawPointer(start).copyMemory(from: text, byteCount: length)
            start[length] = 0
            var stop: UnsafeMutablePointer<CChar>?
            let value = strtod(start, &stop)
            return stop == start + length ? value : nil
        }
    }

    @inline(__always)
    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]
}

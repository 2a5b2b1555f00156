/// Byte sizes as catalog options write them, and as every message prints them. One grammar for
/// every option (`size:` of the store, `part_size:` of S3, `frame_size:` of PickleDataset) and
/// the Python package (`datasetsdk.sizes`); both are checked against `Tests/Vectors/byte-sizes.json`.
///
/// - A whole number of bytes: `1048576` (a YAML integer or a string of digits).
/// - A number (with an optional fraction) and a unit, with optional spaces between:
///   binary `Ki`, `Mi`, `Gi`, `Ti` or `KiB`, `MiB`, `GiB`, `TiB` (powers of 1024, as Kubernetes
///   writes them); decimal `K`/`k`, `M`, `G`, `T` or `KB`/`kB`, `MB`, `GB`, `TB` (powers of
///   1000); `B` for bytes. The result must be a whole number of bytes below 2^62.
package enum ByteSize {
    private static let units: [(suffix: String, factor: Int)] = [
        ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("TiB", 1 << 40),
        ("Ki", 1 << 10), ("Mi", 1 << 20), ("Gi", 1 << 30), ("Ti", 1 << 40),
        ("KB", 1000), ("kB", 1000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("TB", 1_000_000_000_000),
        ("K", 1000), ("k", 1000), ("M", 1_000_000), ("G", 1_000_000_000), ("T", 1_000_000_000_000),
        ("B", 1),
    ]

    /// What a size option expects, for error messages.
    package static let expected = "a size such as 8Gi, 16MiB, 500M or a number of bytes"

    /// The bytes `value` names, or nil when it is not a size (see the type's grammar).
    package static func parse(_ value: Value) -> Int? {
        switch value {
        case let .int(number): return number >= 0 ? Int(exactly: number) : nil
        case let .uint(number): return number < 1 << 62 ? Int(number) : nil
        case let .string(text): return parse(text)
        default: return nil
        }
    }

    /// The bytes `text` names, or nil.
    package static func parse(_ text: String) -> Int? {
        let trimmed = String(text.trimmingSpaces)
        guard !trimmed.isEmpty else { return nil }
        var number = Substring(trimmed)
        var factor = 1
        if let unit = units.first(where: { trimmed.hasSuffix($0.suffix) }) {
            number = trimmed.dropLast(unit.suffix.count)
            while number.last == " " { number = number.dropLast() }
            factor = unit.factor
        }
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              number.filter({ $0 == "." }).count <= 1, number.first != ".", number.last != "."
        else { return nil }
        let parts = number.split(separator: ".", omittingEmptySubsequences: false)
        guard let whole = Int(parts[0]) else { return nil }
        let (scaled, overflow) = whole.multipliedReportingOverflow(by: factor)
        guard !overflow, scaled < 1 << 62 else { return nil }
        guard parts.count == 2 else { return scaled }
        // The fraction, exactly: digits * factor must be divisible by 10^digits.count.
        var numerator = 0, denominator = 1
        for digit in parts[1] {
            guard denominator < 1 << 40 else { return nil }
            numerator = numerator * 10 + Int(digit.asciiValue! - 48)
            denominator *= 10
        }
        let (fractionScaled, fractionOverflow) = numerator.multipliedReportingOverflow(by: factor)
        guard !fractionOverflow, fractionScaled % denominator == 0 else { return nil }
        let total = scaled + fractionScaled / denominator
        return total < 1 << 62 ? total : nil
    }

    /// `bytes` for people: `512 B`, `1.5 KiB`, `530 MiB`, `8 GiB` (powers of 1024, one decimal
    /// when it is not zero).
    package static func format(_ bytes: Int) -> String {
        let names = ["B", "KiB", "MiB", "GiB", "TiB"]
        var unit = 0
        var scaled = Double(bytes)
        while scaled >= 1024, unit < names.count - 1 {
            scaled /= 1024
            unit += 1
        }
        if unit == 0 { return "\(bytes) B" }
        let tenths = Int((scaled * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10) \(names[unit])" : "\(tenths / 10).\(tenths % 10) \(names[unit])"
    }
}

/// Sizes written as in Kubernetes: `8Gi`, `512Mi`, `100Ki`, `2G`, `500M`, or plain bytes.
package enum ByteSize {
    /// The bytes `value` names, or nil when it is not a non-negative size.
    package static func parse(_ value: Value) -> Int? {
        if let bytes = value.intValue { return bytes >= 0 ? bytes : nil }
        guard let text = value.stringValue?.trimmingCharacters(in: " "), !text.isEmpty else { return nil }
        let units: [(String, Int)] = [("Ki", 1 << 10), ("Mi", 1 << 20), ("Gi", 1 << 30), ("Ti", 1 << 40),
                                      ("K", 1000), ("M", 1_000_000), ("G", 1_000_000_000), ("T", 1_000_000_000_000)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            guard let number = Double(text.dropLast(suffix.count)), number >= 0, number * Double(factor) < 0x1p62 else { return nil }
            return Int(number * Double(factor))
        }
        return Int(text).flatMap { $0 >= 0 ? $0 : nil }
    }
}

extension String {
    fileprivate func trimmingCharacters(in character: Character) -> String {
        var result = Substring(self)
        while result.first == character { result = result.dropFirst() }
        while result.last == character { result = result.dropLast() }
        return String(result)
    }
}

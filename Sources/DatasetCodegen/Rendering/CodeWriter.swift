/// Accumulates Swift source with indentation; blank lines never carry trailing spaces.
struct CodeWriter {
    private(set) var text = ""
    private var depth = 0

    /// Appends one line at the current indentation.
    mutating func line(_ content: String = "") {
        text += content.isEmpty ? "\n" : String(repeating: "    ", count: depth) + content + "\n"
    }

    /// Appends `open`, the lines `body` writes one level deeper, and `close`.
    mutating func block(_ open: String, close: String = "}", _ body: (inout CodeWriter) -> Void) {
        line(open)
        depth += 1
        body(&self)
        depth -= 1
        line(close)
    }

    /// `///` lines for `documentation`.
    mutating func documentation(_ lines: [String]) {
        for text in lines { line(text.isEmpty ? "///" : "/// \(text)") }
    }
}

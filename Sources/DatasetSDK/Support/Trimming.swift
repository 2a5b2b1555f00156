extension StringProtocol {
    /// The text without leading and trailing white space.
    package var trimmingSpaces: Substring {
        var result = Substring(self)
        while result.first?.isWhitespace == true { result = result.dropFirst() }
        while result.last?.isWhitespace == true { result = result.dropLast() }
        return result
    }
}

/// "Did you mean ...?" for every unknown name (datasets, dataset types, nodes, options): the
/// candidate nearest by edit distance, compared without case, when it is close enough to be a
/// typo (at most a third of the name's length, and at least 2 edits allowed).
package enum Suggestion {
    /// The nearest of `candidates` to `name`, or nil when none is close.
    package static func nearest(to name: String, in candidates: some Sequence<String>) -> String? {
        let target = name.lowercased()
        let limit = max(2, target.count / 3)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = EditDistance.between(target, candidate.lowercased())
            if distance <= limit, distance < (best?.distance ?? .max) { best = (candidate, distance) }
        }
        return best?.candidate
    }
}

/// Levenshtein distance between two strings, by characters.
package enum EditDistance {
    package static func between(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

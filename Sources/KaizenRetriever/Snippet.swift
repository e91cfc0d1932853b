/// Short previews of documents for search results.
public enum Snippet {
    /// About `length` characters of `text` around the first word of `query` it contains
    /// (case-insensitive), cut at word boundaries, with whitespace collapsed and a leading
    /// `# ` title line left out. `…` marks a cut at either end.
    public static func make(text: String, query: String, length: Int = 200) -> String {
        var body = Substring(text)
        if body.hasPrefix("# ") { body = body.drop(while: { !$0.isNewline }) }
        let flat = body.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard flat.count > length else { return flat }

        let lowered = flat.lowercased()
        let terms = query.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        // Offsets of `lowered` match `flat` only when lowercasing keeps the length; otherwise
        // start at the beginning rather than risk a wrong cut.
        var start = 0
        if lowered.count == flat.count {
            let first = terms.compactMap { lowered.firstRange(of: $0)?.lowerBound }.min()
            if let first { start = max(0, lowered.distance(from: lowered.startIndex, to: first) - length / 5) }
        }
        start = min(start, flat.count - length)
        let characters = Array(flat)
        var lower = start
        if lower > 0 {
            // Move forward to the start of a word.
            while lower < characters.count, characters[lower - 1] != " " { lower += 1 }
        }
        var upper = min(characters.count, lower + length)
        if upper < characters.count {
            // Move back to the end of a word, unless the window is one long word.
            var end = upper
            while end > lower, characters[end] != " " { end -= 1 }
            if end > lower { upper = end }
        }
        while lower < upper, characters[lower] == " " { lower += 1 }
        while upper > lower, characters[upper - 1] == " " { upper -= 1 }
        var out = String(characters[lower..<upper])
        if lower > 0 { out = "…" + out }
        if upper < characters.count { out += "…" }
        return out
    }
}

/// Short previews of documents for search results.
public enum Snippet {
    /// About `length` characters of `text` around the first word of `query` it contains
    /// (case-insensitive), cut at word boundaries, with whitespace collapsed and a leading
    /// `# ` title line left out. `…` marks a cut at either end.
    public static func make(text: String, query: String, length: Int = 200) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return makeASCII(text: text, query: query, length: length) }
        return makeCharacters(text: text, query: query, length: length)
    }

    /// `make` over Characters: any text, and the reference `makeASCII` is tested against.
    static func makeCharacters(text: String, query: String, length: Int) -> String {
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

    /// For ASCII text, where characters are bytes: the first byte offset of any term, found
    /// by byte comparison (a Character search costs about a millisecond per document, and
    /// search results made ten of these per query). Terms with other characters cannot match
    /// ASCII text. Nil when the text is not ASCII or no term occurs.
    static func asciiOffset(of terms: [Substring], in lowered: String) -> Int? {
        let text = Array(lowered.utf8)
        guard text.allSatisfy({ $0 < 0x80 }) else { return nil }
        var best: Int?
        for term in terms {
            let t = Array(term.utf8)
            guard !t.isEmpty, t.count <= text.count, t.allSatisfy({ $0 < 0x80 }) else { continue }
            var i = 0
            while i + t.count <= min(text.count, (best ?? text.count) + t.count - 1) {
                if text[i] == t[0], text[i..<(i + t.count)].elementsEqual(t) {
                    best = i
                    break
                }
                i += 1
            }
        }
        return best
    }

    /// `make` for ASCII text, over bytes (each byte is a Character once whitespace runs are
    /// one space), about ten times faster; tests hold it to `makeCharacters`'s output.
    static func makeASCII(text: String, query: String, length: Int) -> String {
        var body = Array(text.utf8)[...]
        func isNewline(_ b: UInt8) -> Bool { (10...13).contains(b) }
        func isSpace(_ b: UInt8) -> Bool { b == 32 || (9...13).contains(b) }
        if body.starts(with: [35, 32]) { body = body.drop(while: { !isNewline($0) }) }
        var flat: [UInt8] = []
        flat.reserveCapacity(body.count)
        var inWord = false
        for b in body {
            if isSpace(b) {
                inWord = false
            } else {
                if !inWord, !flat.isEmpty { flat.append(32) }
                flat.append(b)
                inWord = true
            }
        }
        guard flat.count > length else { return String(decoding: flat, as: UTF8.self) }
        let lowered = String(decoding: flat.map { (65...90).contains($0) ? $0 + 32 : $0 }, as: UTF8.self)
        let terms = query.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        var start = asciiOffset(of: terms, in: lowered).map { max(0, $0 - length / 5) } ?? 0
        start = min(start, flat.count - length)
        var lower = start
        if lower > 0 {
            while lower < flat.count, flat[lower - 1] != 32 { lower += 1 }
        }
        var upper = min(flat.count, lower + length)
        if upper < flat.count {
            var end = upper
            while end > lower, flat[end] != 32 { end -= 1 }
            if end > lower { upper = end }
        }
        while lower < upper, flat[lower] == 32 { lower += 1 }
        while upper > lower, flat[upper - 1] == 32 { upper -= 1 }
        var out = String(decoding: flat[lower..<upper], as: UTF8.self)
        if lower > 0 { out = "…" + out }
        if upper < flat.count { out += "…" }
        return out
    }
}

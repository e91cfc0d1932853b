/// The default reasoning judge: fixed phrase lists, no model. Agents tend to say outright when
/// a page was a dead end ("not relevant", "off-topic"), and those explicit rejections are what
/// the judge exists to catch, so phrases are matched as whole words, case-insensitively.
///
/// Negation is handled within a clause (punctuation ends one): a negative phrase right after
/// a negator ("not irrelevant", "not entirely unrelated") is a double negation and counts as
/// positive; a positive word right after one ("isn't relevant", "not really useful") counts
/// as negative. "Right after" means within the two preceding words, and "not only" / "not
/// just" do not negate. Any negative signal wins, because one explicit rejection is enough to
/// make the browse a poor label.
public struct RuleJudge: ReasoningJudge, Sendable {
    public static let defaultNegativePhrases = [
        "not relevant", "irrelevant", "does not help", "doesn't help", "not useful", "unrelated", "no relevant",
        "does not answer", "doesn't answer", "off-topic", "not helpful", "unhelpful", "useless",
    ]
    public static let defaultPositivePhrases = ["relevant", "useful", "answers", "helps", "helpful", "confirms"]

    private let negativePhrases: [[String]]
    private let positivePhrases: [[String]]

    public init(negativePhrases: [String] = defaultNegativePhrases, positivePhrases: [String] = defaultPositivePhrases) {
        self.negativePhrases = negativePhrases.map { Self.tokens(of: $0).map(\.word) }.filter { !$0.isEmpty }
        self.positivePhrases = positivePhrases.map { Self.tokens(of: $0).map(\.word) }.filter { !$0.isEmpty }
    }

    public func judge(query: String, document: String, reasoning: String) async throws -> JudgeVerdict {
        verdict(for: reasoning)
    }

    /// The verdict for one reasoning text; synchronous, since no model is involved.
    public func verdict(for reasoning: String) -> JudgeVerdict {
        let tokens = Self.tokens(of: reasoning)
        var negative = false
        var positive = false
        var covered = Set<Int>()
        for start in tokens.indices {
            for phrase in negativePhrases where Self.matches(phrase, in: tokens, at: start) {
                covered.formUnion(start..<(start + phrase.count))
                if Self.isNegated(tokens, before: start) { positive = true } else { negative = true }
            }
        }
        for start in tokens.indices where !covered.contains(start) {
            for phrase in positivePhrases where Self.matches(phrase, in: tokens, at: start) {
                if Self.isNegated(tokens, before: start) { negative = true } else { positive = true }
            }
        }
        return negative ? .notRelevant : positive ? .relevant : .unclear
    }

    struct Token: Equatable {
        var word: String
        var clause: Int
    }

    /// Lower-cased words (letters, digits, apostrophes) with the clause each sits in. Hyphens
    /// and spaces separate words; sentence and clause punctuation also starts a new clause, so
    /// "No, irrelevant? Relevant." negates nothing.
    static func tokens(of text: String) -> [Token] {
        var tokens: [Token] = []
        var word = ""
        var clause = 0
        func flush() {
            if !word.isEmpty { tokens.append(Token(word: word, clause: clause)) }
            word = ""
        }
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                word.append(character)
            } else if character == "'" || character == "\u{2019}" || character == "\u{2018}" {
                if !word.isEmpty { word.append("'") }
            } else {
                flush()
                if ".,;:!?()[]{}\n\r\u{2014}".contains(character) { clause += 1 }
            }
        }
        flush()
        // A trailing apostrophe ("agents'") is quoting, not a contraction.
        return tokens.map { Token(word: $0.word.hasSuffix("'") ? String($0.word.dropLast()) : $0.word, clause: $0.clause) }
    }

    static func matches(_ phrase: [String], in tokens: [Token], at start: Int) -> Bool {
        guard start + phrase.count <= tokens.count else { return false }
        let clause = tokens[start].clause
        for (offset, word) in phrase.enumerated() {
            let token = tokens[start + offset]
            if token.word != word || token.clause != clause { return false }
        }
        return true
    }

    private static let negators: Set<String> = [
        "not", "no", "never", "nothing", "none", "hardly", "barely", "neither", "nor", "without", "cannot",
        "isnt", "arent", "wasnt", "werent", "doesnt", "dont", "didnt", "cant", "wont", "shouldnt", "couldnt",
    ]

    /// Whether one of the two words before `index`, in the same clause, negates it.
    static func isNegated(_ tokens: [Token], before index: Int) -> Bool {
        for j in stride(from: index - 1, through: max(0, index - 2), by: -1) {
            guard tokens[j].clause == tokens[index].clause else { return false }
            let word = tokens[j].word
            guard negators.contains(word) || word.hasSuffix("n't") else { continue }
            if j + 1 < index, ["only", "just"].contains(tokens[j + 1].word) { continue }
            return true
        }
        return false
    }
}

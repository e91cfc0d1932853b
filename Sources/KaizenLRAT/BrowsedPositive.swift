/// A candidate positive before judging: a browse of one of its search's results, with the
/// reasoning that came right after it, if any.
struct BrowsedPositive: Sendable, Hashable {
    var doc: String
    /// Text of the `reason` step right after the browse.
    var reasoning: String?
    /// Its length: the step's `tokens` field, else its whitespace-separated words.
    var tokens: Int?
}

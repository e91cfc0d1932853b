/// What a reasoning judge concluded about a browsed document. Only an explicit negative
/// judgment removes a pair; silence or ambiguity keeps it, since the browse itself is the
/// primary relevance signal.
public enum JudgeVerdict: String, Sendable, Hashable, Codable, CaseIterable {
    /// The reasoning says the document helped.
    case relevant
    /// The reasoning explicitly rejects the document: drop the pair.
    case notRelevant
    /// The reasoning says neither: keep the pair.
    case unclear
}

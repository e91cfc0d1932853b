import KaizenCore

/// One past candidate as proposers see it: the delta and its score (higher is better; nil = failed).
public struct Observation: Sendable, Hashable {
    /// The candidate's delta against the production config (a JSON merge patch).
    public var delta: JSONValue
    /// Higher is better; nil when the candidate failed to train or evaluate.
    public var score: Double?

    public init(delta: JSONValue, score: Double?) {
        self.delta = delta
        self.score = score
    }
}

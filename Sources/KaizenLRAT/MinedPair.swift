/// One training example for the retriever: a query, a document the agent opened from its
/// results (and kept after judging), and the results it passed over.
public struct MinedPair: Sendable, Hashable, Codable {
    public var query: String
    /// The positive document's id.
    public var positive: String
    /// Unbrowsed results of the same search, by rank; empty when that switch is off.
    public var negatives: [String]
    /// The pair's loss weight: 1 without reasoning or with weights off.
    public var weight: Double
    /// The trajectory and the step of the search the pair came from, to trace it back.
    public var trajectory: String
    public var searchStep: Int
    /// Length of the reasoning after the browse, in tokens; nil when there was none.
    public var reasoningTokens: Int?

    public init(
        query: String, positive: String, negatives: [String], weight: Double, trajectory: String, searchStep: Int,
        reasoningTokens: Int?
    ) {
        self.query = query
        self.positive = positive
        self.negatives = negatives
        self.weight = weight
        self.trajectory = trajectory
        self.searchStep = searchStep
        self.reasoningTokens = reasoningTokens
    }
}

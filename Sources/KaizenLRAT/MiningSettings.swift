/// Switches for LRAT mining. The defaults are the paper's recipe; each switch turns one
/// ingredient off so its contribution can be measured (ablations).
public struct MiningSettings: Sendable, Hashable, Codable {
    /// Ask the reasoning judge about every positive that has reasoning, and drop the pairs it
    /// explicitly rejects: a browse the agent itself called useless is not a relevance label.
    public var useJudge: Bool
    /// Weight pairs by the length of the agent's reasoning after the browse (longer reasoning,
    /// more engagement with the document); off, every pair weighs 1.
    public var useWeights: Bool
    /// Mine only trajectories whose last `outcome` says `success: true`; a trajectory with no
    /// outcome counts as unsuccessful. Failed episodes browse more dead ends.
    public var successOnly: Bool
    /// Attach a search's unbrowsed results to its pairs as hard negatives: the agent saw them
    /// ranked and chose not to open them. Off, pairs carry no negatives (in-batch only).
    public var unbrowsedAreNegatives: Bool
    /// Leave out of a search's negatives the documents the agent read anywhere in the same
    /// trajectory: an agent that searches again skips what it has already read, which says
    /// nothing against it. Off (the paper's recipe), every unbrowsed result is a negative.
    public var skipReadNegatives: Bool

    public init(
        useJudge: Bool = true, useWeights: Bool = true, successOnly: Bool = true, unbrowsedAreNegatives: Bool = true, skipReadNegatives: Bool = false
    ) {
        self.useJudge = useJudge
        self.useWeights = useWeights
        self.successOnly = successOnly
        self.unbrowsedAreNegatives = unbrowsedAreNegatives
        self.skipReadNegatives = skipReadNegatives
    }

    /// The paper's recipe: every ingredient on.
    public static let paper = MiningSettings()
}

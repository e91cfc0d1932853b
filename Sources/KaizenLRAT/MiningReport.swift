import Foundation

/// What mining saw and kept, for `kaizen retriever train` to print and for ablations to
/// compare: each count says where candidate pairs were lost.
///
/// Counts after `trajectoriesUsed` cover used trajectories only. Browses split exactly into
/// `positives + browsesOutsideResults + browsesWithoutSearch + repeatedBrowses`; positives
/// into `keptByJudge + droppedByJudge + notJudged`; and `pairs == keptByJudge + notJudged`.
public struct MiningReport: Sendable, Hashable, Codable, CustomStringConvertible {
    public var settings: MiningSettings
    /// Distinct trajectory ids in the input.
    public var trajectoriesSeen = 0
    /// Trajectories that passed the success filter (all of them with the filter off).
    public var trajectoriesUsed = 0
    /// Events of used trajectories that fail `TrajectoryEvent.validationProblem`, ignored.
    public var skippedEvents = 0
    public var searches = 0
    public var browses = 0
    /// Browses of a document that the latest search did not return: not positives, since
    /// the agent found the document some other way.
    public var browsesOutsideResults = 0
    /// Browses with no search before them in the trajectory.
    public var browsesWithoutSearch = 0
    /// Browses of a document already browsed since the same search (de-duplicated).
    public var repeatedBrowses = 0
    /// Candidate positives before the judge.
    public var positives = 0
    /// Positives with a `reason` step right after their browse.
    public var positivesWithReasoning = 0
    /// Positives the judge was asked about and kept (`.relevant` or `.unclear`).
    public var keptByJudge = 0
    /// Positives the judge rejected (`.notRelevant`): dropped, and not made negatives.
    public var droppedByJudge = 0
    /// Positives kept without asking: no reasoning, or the judge is off.
    public var notJudged = 0
    /// Unbrowsed results over all searches of used trajectories, counted whether or not
    /// they are attached as negatives.
    public var negatives = 0
    /// Unbrowsed results of the searches that yielded at least one pair: what training
    /// actually sees as hard negatives (0 with that switch off).
    public var negativesAttached = 0
    public var pairs = 0
    /// Pairs with reasoning: the ones β and μ are fitted on when weights are on.
    public var reasonedPairs = 0
    /// The fitted β and μ; nil with weights off or no reasoned pairs.
    public var weighting: LRATWeights?
    /// Summary of the pairs' weights; nil with no pairs.
    public var weights: WeightSummary?

    public init(settings: MiningSettings) {
        self.settings = settings
    }

    /// Human-readable summary, one fact per line.
    public var lines: [String] {
        var lines: [String] = []
        let filter = settings.successOnly ? "successful only" : "success filter off"
        lines.append("trajectories: \(trajectoriesSeen) seen, \(trajectoriesUsed) used (\(filter))")
        if skippedEvents > 0 { lines.append("skipped events: \(skippedEvents) (invalid)") }
        lines.append(
            "searches: \(searches); browses: \(browses) (\(browsesOutsideResults) outside results, "
                + "\(browsesWithoutSearch) before any search, \(repeatedBrowses) repeated)")
        let judge =
            settings.useJudge
            ? "judge kept \(keptByJudge), dropped \(droppedByJudge), \(notJudged) without reasoning"
            : "judge off"
        lines.append("positives: \(positives) (\(positivesWithReasoning) with reasoning); \(judge)")
        if settings.unbrowsedAreNegatives {
            lines.append("negatives: \(negatives) unbrowsed results (\(negativesAttached) attached to pairs)")
        } else {
            lines.append("negatives: off (\(negatives) unbrowsed results not used)")
        }
        lines.append("pairs: \(pairs)")
        if let weights {
            var line =
                "weights: min \(Self.format(weights.min)), p25 \(Self.format(weights.p25)), "
                + "median \(Self.format(weights.median)), p75 \(Self.format(weights.p75)), max \(Self.format(weights.max))"
            if !settings.useWeights {
                line += " (weights off)"
            } else if let weighting {
                line += " (beta \(Self.format(weighting.beta)) tokens over \(reasonedPairs) reasoned pairs)"
            } else {
                line += " (no reasoning)"
            }
            lines.append(line)
        }
        return lines
    }

    public var description: String { lines.joined(separator: "\n") }

    static func format(_ value: Double) -> String {
        String(format: "%.3f", value)
    }
}

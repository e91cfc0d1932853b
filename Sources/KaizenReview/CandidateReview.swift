import Foundation
import KaizenCore
import KaizenStore

/// Everything a person needs to decide on one candidate: what it changes, what it measured
/// against production, what the agent read, and what could go wrong.
public struct CandidateReview: Sendable {
    /// A proxy metric of the candidate next to production's.
    public struct MetricComparison: Sendable, Equatable {
        public var name: String
        public var candidate: Double?
        public var production: Double?
        /// Standard deviation of this metric over the persona's scored candidates: how much it
        /// moves from one config to the next, the yardstick for the difference.
        public var spread: Double?
        /// How many scored candidates the spread is over.
        public var spreadCount: Int

        public var difference: Double? {
            guard let candidate, let production, candidate.isFinite, production.isFinite else { return nil }
            return candidate - production
        }
    }

    /// A per-epoch training series.
    public struct Curve: Sendable, Equatable {
        public var name: String
        public var values: [Double]

        public init(name: String, values: [Double]) {
            self.name = name
            self.values = values
        }
    }

    /// A document the agent cited for this proposal.
    public struct EvidenceDocument: Sendable, Equatable {
        public var id: String
        public var title: String
        /// The document is still in the knowledge base.
        public var available: Bool

        public init(id: String, title: String, available: Bool) {
            self.id = id
            self.title = title
            self.available = available
        }
    }

    /// A past candidate that changed the same settings, and how it fared.
    public struct SimilarCandidate: Sendable, Equatable {
        public var id: String
        public var hypothesis: String
        public var state: String
        /// The settings both changed.
        public var sharedKeys: [String]
        /// The online outcome when it went live: "launched: north star +1.2%", else its state.
        public var outcome: String
    }

    public var candidate: Candidate
    /// The latest approval request, decided or not.
    public var approval: ApprovalRecord?
    public var production: ProductionRecord?
    public var stale: Bool
    public var offlineGain: Double?
    public var diff: ConfigDiff
    public var metrics: [MetricComparison]
    public var curves: [Curve]
    public var evidence: [EvidenceDocument]
    public var similar: [SimilarCandidate]
    /// Plain sentences: cost change, guardrail margins, staleness, what similar changes did.
    public var risks: [String]

    public var awaitingApproval: Bool { candidate.state == .awaitingApproval }
}

import Foundation
import KaizenCore
import KaizenStore

/// One candidate in the approval queue.
public struct ReviewItem: Sendable {
    public var candidate: Candidate
    public var approval: ApprovalRecord
    /// Relative offline gain over production when the rules were checked; nil when production
    /// had not been scored.
    public var offlineGain: Double?
    /// Production changed since the candidate was proposed.
    public var stale: Bool

    public var id: String { candidate.id }
    public var rules: [String] { approval.rules }

    /// Time waiting since the request, at `now`.
    public func age(at now: Date) -> TimeInterval { max(0, now.timeIntervalSince(approval.requestedAt)) }
}

/// The approval queue: candidates awaiting a person's decision.
public enum ReviewQueue {
    /// Pending requests, oldest first.
    public static func load(store: Store) throws(StoreError) -> [ReviewItem] {
        let production = try store.currentProduction()
        var items: [ReviewItem] = []
        for approval in try store.approvals() where approval.decision == nil {
            let candidate = try store.candidate(approval.candidateID)
            guard candidate.state == .awaitingApproval else { continue }
            items.append(ReviewItem(
                candidate: candidate, approval: approval, offlineGain: approval.facts["offline_gain"]?.doubleValue,
                stale: isStale(candidate, production: production)))
        }
        return items.sorted { ($0.approval.requestedAt, $0.approval.id) < ($1.approval.requestedAt, $1.approval.id) }
    }

    /// A candidate is stale when it names the production config it was proposed against and
    /// that is no longer production.
    public static func isStale(_ candidate: Candidate, production: ProductionRecord?) -> Bool {
        guard let base = candidate.baseFingerprint, let production else { return false }
        return base != production.fingerprint
    }

    /// "3m", "2h 5m", "4d 1h".
    public static func ageText(_ seconds: TimeInterval) -> String {
        let s = Int(seconds)
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m" }
        if s < 86_400 { return "\(s / 3600)h \(s % 3600 / 60)m" }
        return "\(s / 86_400)d \(s % 86_400 / 3600)h"
    }
}

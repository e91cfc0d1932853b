import Foundation
import KaizenAgent
import KaizenCore
import KaizenStore

/// Decisions on candidates awaiting approval, the same for the CLI, the web page and the API:
/// who decided is the reviewer's name, every decision lands in the audit log, and a decision
/// on a candidate that is not waiting, or on a stale one without saying so, is refused.
public struct ReviewDesk: Sendable {
    public let store: Store
    /// Where decisions come from, recorded in the audit log: `cli`, `web`, `api`.
    public let via: String
    let now: @Sendable () -> Date

    public init(store: Store, via: String, now: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.via = via
        self.now = now
    }

    /// Approves `id`; a stale candidate only with `asStale`.
    public func approve(_ id: String, by reviewer: Reviewer, note: String?, asStale: Bool = false) throws(ReviewError) {
        let (candidate, production) = try awaiting(id, by: reviewer)
        let stale = ReviewQueue.isStale(candidate, production: production)
        if stale, !asStale { throw .stale(id: id, base: candidate.baseFingerprint, current: production?.fingerprint ?? "?") }
        try record(id) { () throws(StoreError) in
            try store.decideApproval(id, approve: true, actor: reviewer.name, note: Self.clean(note), stale: stale, via: via, at: now())
        }
    }

    /// Rejects `id`; the reason is required and kept.
    public func reject(_ id: String, by reviewer: Reviewer, reason: String) throws(ReviewError) {
        guard let reason = Self.clean(reason) else { throw .invalid(field: "reason", message: "a rejection needs a reason") }
        _ = try awaiting(id, by: reviewer)
        try record(id) { () throws(StoreError) in
            try store.decideApproval(id, approve: false, actor: reviewer.name, note: reason, via: via, at: now())
        }
    }

    /// Re-trains a stale candidate: rejects it ("superseded") and queues the same delta on
    /// the current production config as a new candidate, which the next `kaizen run` or
    /// `kaizen train` trains. Returns the new candidate's id.
    public func retrain(_ id: String, by reviewer: Reviewer) throws(ReviewError) -> String {
        let (candidate, production) = try awaiting(id, by: reviewer)
        guard let production, let delta = candidate.delta else {
            throw .invalid(field: "candidate", message: "\(id) has no delta or there is no production config to apply it to")
        }
        let config = production.config.merging(patch: delta)
        let fingerprint = Fingerprint.ofConfig(config)
        return try ReviewError.mapping(id) {
            if let existing = try store.candidates(persona: candidate.persona).first(where: { $0.fingerprint == fingerprint && $0.id != id }) {
                throw ReviewError.invalid(field: "candidate", message: "the same change on current production is already \(existing.id) (\(existing.state.rawValue))")
            }
            let fresh = Candidate(
                persona: candidate.persona, state: .queued, proposer: candidate.proposer, baseFingerprint: production.fingerprint,
                delta: delta, config: config, fingerprint: fingerprint, hypothesis: candidate.hypothesis,
                rationale: candidate.rationale + " (re-trained on production \(production.id) after \(id) went stale)", createdAt: now())
            try store.insertCandidate(fresh, actor: reviewer.name)
            try store.decideApproval(id, approve: false, actor: reviewer.name, note: "superseded by \(fresh.id): re-trained on current production", via: via, at: now())
            return fresh.id
        }
    }

    private func awaiting(_ id: String, by reviewer: Reviewer) throws(ReviewError) -> (Candidate, ProductionRecord?) {
        guard reviewer.mayDecide else { throw .forbidden(name: reviewer.name, action: "approve, reject or re-train") }
        return try ReviewError.mapping(id) {
            let candidate = try store.candidate(id)
            guard candidate.state == .awaitingApproval else {
                let last = try store.approvals(candidate: id).last
                let detail = last.flatMap { a in a.decision.map { "\($0.rawValue) by \(a.actor ?? "?") at \(a.decidedAt?.formatted(.iso8601) ?? "?")" } }
                    ?? (last == nil ? "no approval was ever requested for it" : nil)
                throw ReviewError.notAwaiting(id: id, state: candidate.state.rawValue, detail: detail)
            }
            return (candidate, try store.currentProduction())
        }
    }

    /// A concurrent decision between the check and the write surfaces as "not awaiting".
    private func record(_ id: String, _ body: () throws(StoreError) -> Void) throws(ReviewError) {
        do {
            try body()
        } catch .constraint(_, let message) where message.contains("no approval is pending") {
            let state = (try? store.candidate(id).state.rawValue) ?? "unknown"
            throw .notAwaiting(id: id, state: state, detail: "decided by someone else just now")
        } catch {
            throw ReviewError.from(error, id: id)
        }
    }

    static func clean(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return String(text.prefix(2000))
    }
}

import Foundation
import KaizenCore
import KaizenStore

/// The JSON forms of the queue and a review, shared by `kaizen review --json` and `/api/`.
public enum ReviewJSON {
    public static func item(_ item: ReviewItem, now: Date) -> JSONValue {
        .object([
            "candidate": .string(item.id), "persona": .string(item.candidate.persona.rawValue),
            "hypothesis": .string(item.candidate.hypothesis), "delta": item.candidate.delta ?? .null,
            "offline_gain": number(item.offlineGain), "rules": .array(item.rules.map(JSONValue.string)),
            "facts": item.approval.facts, "requested_at": .string(item.approval.requestedAt.formatted(.iso8601)),
            "age_seconds": .number(item.age(at: now).rounded()), "stale": .bool(item.stale),
        ])
    }

    public static func review(_ review: CandidateReview) -> JSONValue {
        let c = review.candidate
        return .object([
            "candidate": .string(c.id), "persona": .string(c.persona.rawValue), "state": .string(c.state.rawValue),
            "proposer": .string(c.proposer), "hypothesis": .string(c.hypothesis), "rationale": .string(c.rationale),
            "delta": c.delta ?? .null, "config": c.config ?? .null, "created_at": .string(c.createdAt.formatted(.iso8601)),
            "awaiting_approval": .bool(review.awaitingApproval), "stale": .bool(review.stale),
            "base_fingerprint": c.baseFingerprint.map(JSONValue.string) ?? .null,
            "production": review.production.map { .object(["id": .number(Double($0.id)), "fingerprint": .string($0.fingerprint)]) } ?? .null,
            "offline_gain": number(review.offlineGain),
            "diff": .array(review.diff.lines.map { .object(["path": .string($0.path), "production": $0.old ?? .null, "candidate": $0.new ?? .null]) }),
            "metrics": .array(review.metrics.map {
                .object([
                    "name": .string($0.name), "candidate": number($0.candidate), "production": number($0.production),
                    "difference": number($0.difference), "spread": number($0.spread), "spread_n": .number(Double($0.spreadCount)),
                ])
            }),
            "curves": .object(Dictionary(uniqueKeysWithValues: review.curves.map { ($0.name, .array($0.values.map { number($0) })) })),
            "evidence": .array(review.evidence.map { .object(["id": .string($0.id), "title": .string($0.title), "available": .bool($0.available)]) }),
            "similar": .array(review.similar.map {
                .object([
                    "candidate": .string($0.id), "hypothesis": .string($0.hypothesis), "state": .string($0.state),
                    "shared_keys": .array($0.sharedKeys.map(JSONValue.string)), "outcome": .string($0.outcome),
                ])
            }),
            "risks": .array(review.risks.map(JSONValue.string)),
            "approval": review.approval.map(approval) ?? .null,
        ])
    }

    public static func approval(_ a: ApprovalRecord) -> JSONValue {
        .object([
            "rules": .array(a.rules.map(JSONValue.string)), "facts": a.facts, "requested_at": .string(a.requestedAt.formatted(.iso8601)),
            "decision": a.decision.map { .string($0.rawValue) } ?? .null, "by": a.actor.map(JSONValue.string) ?? .null,
            "note": a.note.map(JSONValue.string) ?? .null, "decided_at": a.decidedAt.map { .string($0.formatted(.iso8601)) } ?? .null,
            "stale": .bool(a.stale),
        ])
    }

    public static func audit(_ e: AuditEntry) -> JSONValue {
        .object([
            "id": .number(Double(e.id)), "at": .string(e.at.formatted(.iso8601)), "actor": .string(e.actor), "action": .string(e.action),
            "subject": e.subject.map(JSONValue.string) ?? .null, "reason": e.reason.map(JSONValue.string) ?? .null, "details": e.details ?? .null,
        ])
    }

    static func number(_ x: Double?) -> JSONValue {
        guard let x, x.isFinite else { return .null }
        return .number(x)
    }
}

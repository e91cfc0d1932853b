import Foundation
import GRDB
import KaizenCore

/// A request for a person's decision on a candidate, and the decision once made.
public struct ApprovalRecord: Sendable, Hashable {
    public enum Decision: String, Sendable { case approved, rejected }
    public var id: Int64
    public var candidateID: String
    /// The names of the approval rules that fired.
    public var rules: [String]
    /// What was known when the rules were checked (persona, traffic, offline gain, cost).
    public var facts: JSONValue
    public var requestedAt: Date
    public var decision: Decision?
    public var actor: String?
    public var note: String?
    public var decidedAt: Date?
    /// Approved although production had changed since the candidate was proposed.
    public var stale = false
}

extension Store {
    /// Moves a selected candidate to `awaiting-approval`, recording which rules fired and why.
    public func requestApproval(_ candidate: String, rules: [String], facts: JSONValue, actor: String = "kaizen", at: Date = Date()) throws(StoreError) {
        try write("request approval of \(candidate)") { db in
            let reason = "awaiting approval: " + rules.joined(separator: ", ")
            _ = try Self.move(db, candidate, to: .awaitingApproval, reason: reason, actor: actor, countAttempt: false, at: at)
            try db.execute(
                sql: "INSERT INTO approvals (candidate_id, rules_json, facts_json, requested_at) VALUES (?, ?, ?, ?)",
                arguments: [candidate, JSONValue.array(rules.map(JSONValue.string)).canonicalText, facts.canonicalText, at.timeIntervalSince1970])
            _ = try Self.appendAudit(
                db, actor: actor, action: "approval.request", subject: candidate, reason: reason,
                details: ["rules": .array(rules.map(JSONValue.string)), "facts": facts], at: at)
        }
    }

    /// A person's decision on a pending request: the candidate moves to `approved` or
    /// `rejected`, with the decision row and an `approval.approve`/`approval.reject` audit entry
    /// in the same transaction. `stale` records that the approver knew production had changed
    /// since the candidate was proposed; `via` says where the decision came from (cli, web, api).
    public func decideApproval(
        _ candidate: String, approve: Bool, actor: String, note: String?, stale: Bool = false, via: String = "cli", at: Date = Date()
    ) throws(StoreError) {
        try write("decide approval of \(candidate)") { db in
            guard let pending = try Int64.fetchOne(
                db, sql: "SELECT id FROM approvals WHERE candidate_id = ? AND decision IS NULL ORDER BY id DESC LIMIT 1", arguments: [candidate])
            else {
                throw StoreError.constraint(operation: "decide approval of \(candidate)", message: "no approval is pending for it")
            }
            let decision: ApprovalRecord.Decision = approve ? .approved : .rejected
            try db.execute(
                sql: "UPDATE approvals SET decision = ?, actor = ?, note = ?, decided_at = ?, stale = ? WHERE id = ?",
                arguments: [decision.rawValue, actor, note, at.timeIntervalSince1970, stale, pending])
            let reason = (note.map { "\(decision.rawValue) by \(actor): \($0)" } ?? "\(decision.rawValue) by \(actor)") + (stale ? " (approved as stale)" : "")
            _ = try Self.move(db, candidate, to: approve ? .approved : .rejected, reason: reason, actor: actor, countAttempt: false, at: at)
            _ = try Self.appendAudit(
                db, actor: actor, action: approve ? "approval.approve" : "approval.reject", subject: candidate, reason: note,
                details: ["via": .string(via), "stale": .bool(stale), "approval": .number(Double(pending))], at: at)
        }
    }

    /// Approval requests, oldest first; only one candidate's when given.
    public func approvals(candidate: String? = nil) throws(StoreError) -> [ApprovalRecord] {
        try read("read approvals") { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM approvals WHERE (? IS NULL OR candidate_id = ?) ORDER BY id", arguments: [candidate, candidate]
            ).map { row in
                var rules: [String] = []
                if case .array(let names) = try JSONValue.parse(row["rules_json"] as String) {
                    rules = names.compactMap { if case .string(let s) = $0 { s } else { nil } }
                }
                return ApprovalRecord(
                    id: row["id"], candidateID: row["candidate_id"], rules: rules, facts: try JSONValue.parse(row["facts_json"] as String),
                    requestedAt: Date(timeIntervalSince1970: row["requested_at"]),
                    decision: (row["decision"] as String?).flatMap(ApprovalRecord.Decision.init(rawValue:)), actor: row["actor"],
                    note: row["note"], decidedAt: (row["decided_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
                    stale: (row["stale"] as Bool?) ?? false)
            }
        }
    }

    /// Refuses to let a candidate go live unless it is `selected` with no approval request,
    /// or `approved` with a recorded approval. The online agent checks the rules; this is the
    /// store's own guarantee that no path skips a person.
    static func checkMayGoLive(_ db: Database, candidate id: String) throws {
        guard let state = try String.fetchOne(db, sql: "SELECT state FROM candidates WHERE id = ?", arguments: [id]) else {
            throw StoreError.notFound(kind: "candidate", id: id)
        }
        let requests = try Row.fetchAll(db, sql: "SELECT decision FROM approvals WHERE candidate_id = ? ORDER BY id", arguments: [id])
        switch LifecycleState(rawValue: state) {
        case .selected where requests.isEmpty:
            return
        case .approved where (requests.last?["decision"] as String?) == ApprovalRecord.Decision.approved.rawValue:
            return
        default:
            throw StoreError.constraint(
                operation: "start an experiment for \(id)",
                message: "the candidate is \(state)\(requests.isEmpty ? "" : " with an approval request that was not granted"); only a selected candidate that needs no approval, or an approved one, may go live")
        }
    }
}

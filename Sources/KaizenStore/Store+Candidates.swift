import Foundation
import GRDB
import KaizenCore

extension Store {
    /// Journals a new candidate together with its first transition and audit entry.
    public func insertCandidate(_ candidate: Candidate, actor: String = "kaizen") throws(StoreError) {
        try write("insert candidate") { db in
            try db.execute(
                sql: """
                    INSERT INTO candidates (id, run_id, persona, state, proposer, base_fingerprint, delta_json, config_json,
                        fingerprint, hypothesis, rationale, raw_text, reason, near_id, attempts, created_at, updated_at, trajectory_id, code)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    candidate.id, candidate.runID, candidate.persona.rawValue, candidate.state.rawValue, candidate.proposer,
                    candidate.baseFingerprint, candidate.delta?.canonicalText, candidate.config?.canonicalText,
                    candidate.fingerprint, candidate.hypothesis, candidate.rationale, candidate.rawText, candidate.reason,
                    candidate.nearID, candidate.attempts, candidate.createdAt.timeIntervalSince1970,
                    candidate.updatedAt.timeIntervalSince1970, candidate.trajectoryID, candidate.code,
                ])
            try db.execute(
                sql: "INSERT INTO candidate_transitions (candidate_id, from_state, to_state, at, reason) VALUES (?, NULL, ?, ?, ?)",
                arguments: [candidate.id, candidate.state.rawValue, candidate.createdAt.timeIntervalSince1970, candidate.reason])
            _ = try Self.appendAudit(
                db, actor: actor, action: "candidate.\(candidate.state.rawValue)", subject: candidate.id,
                reason: candidate.reason, details: nil, at: candidate.createdAt)
        }
    }

    /// Moves a candidate to `next` in one transaction: the state, the transition row and the
    /// audit entry commit together or not at all. Illegal moves are refused.
    @discardableResult
    public func transition(
        _ id: String, to next: LifecycleState, reason: String?, actor: String = "kaizen",
        countAttempt: Bool = false, at: Date = Date()
    ) throws(StoreError) -> Candidate {
        try write("move candidate \(id) to \(next.rawValue)") { db in
            try Self.move(db, id, to: next, reason: reason, actor: actor, countAttempt: countAttempt, at: at)
        }
    }

    /// The body of `transition`, for writes that move a candidate together with other rows.
    static func move(
        _ db: Database, _ id: String, to next: LifecycleState, reason: String?, actor: String, countAttempt: Bool, at: Date
    ) throws -> Candidate {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM candidates WHERE id = ?", arguments: [id]) else {
            throw StoreError.notFound(kind: "candidate", id: id)
        }
        var candidate = try Self.candidate(from: row)
        guard candidate.state.canMove(to: next) else {
            throw StoreError.illegalTransition(candidate: id, from: candidate.state.rawValue, to: next.rawValue)
        }
        let previous = candidate.state
        candidate.state = next
        candidate.reason = reason ?? candidate.reason
        candidate.updatedAt = at
        if countAttempt { candidate.attempts += 1 }
        try db.execute(
            sql: "UPDATE candidates SET state = ?, reason = ?, attempts = ?, updated_at = ? WHERE id = ?",
            arguments: [next.rawValue, candidate.reason, candidate.attempts, at.timeIntervalSince1970, id])
        try db.execute(
            sql: "INSERT INTO candidate_transitions (candidate_id, from_state, to_state, at, reason) VALUES (?, ?, ?, ?, ?)",
            arguments: [id, previous.rawValue, next.rawValue, at.timeIntervalSince1970, reason])
        _ = try Self.appendAudit(db, actor: actor, action: "candidate.\(next.rawValue)", subject: id, reason: reason, details: nil, at: at)
        return candidate
    }

    public func candidate(_ id: String) throws(StoreError) -> Candidate {
        let found = try read("read candidate") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM candidates WHERE id = ?", arguments: [id]).map(Self.candidate(from:))
        }
        guard let found else { throw .notFound(kind: "candidate", id: id) }
        return found
    }

    /// The earliest candidate with this fingerprint that was not itself rejected as a
    /// duplicate or invalid: for code candidates, the first to submit that model.
    public func firstCandidateID(fingerprint: String) throws(StoreError) -> String? {
        try read("find candidate by fingerprint") { db in
            try String.fetchOne(
                db, sql: "SELECT id FROM candidates WHERE fingerprint = ? AND state NOT IN ('duplicate', 'invalid') ORDER BY created_at, id LIMIT 1",
                arguments: [fingerprint])
        }
    }

    /// Candidates newest first, filtered by persona and state when given; `updatedSince` keeps those changed at or after it.
    public func candidates(persona: Persona? = nil, states: [LifecycleState]? = nil, updatedSince: Date? = nil, limit: Int = 10_000) throws(StoreError) -> [Candidate] {
        try read("list candidates") { db in
            var sql = "SELECT * FROM candidates WHERE 1"
            var arguments: StatementArguments = []
            if let updatedSince {
                sql += " AND updated_at >= ?"
                arguments += [updatedSince.timeIntervalSince1970]
            }
            if let persona {
                sql += " AND persona = ?"
                arguments += [persona.rawValue]
            }
            if let states, !states.isEmpty {
                sql += " AND state IN (\(states.map { _ in "?" }.joined(separator: ",")))"
                arguments += StatementArguments(states.map(\.rawValue))
            }
            sql += " ORDER BY created_at DESC, id DESC LIMIT ?"
            arguments += [limit]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.candidate(from:))
        }
    }

    /// Counts of candidates per lifecycle state.
    public func candidateCounts() throws(StoreError) -> [LifecycleState: Int] {
        try read("count candidates") { db in
            var counts: [LifecycleState: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM candidates GROUP BY state") {
                if let state = LifecycleState(rawValue: row["state"]) { counts[state] = row["n"] }
            }
            return counts
        }
    }

    static func candidate(from row: Row) throws -> Candidate {
        let id: String = row["id"]
        guard let persona = Persona(rawValue: row["persona"]) else {
            throw StoreError.corrupt(path: "candidates", reason: "candidate \(id) has unknown persona \(row["persona"] as String)")
        }
        guard let state = LifecycleState(rawValue: row["state"]) else {
            throw StoreError.corrupt(path: "candidates", reason: "candidate \(id) has unknown state \(row["state"] as String)")
        }
        return Candidate(
            id: id, runID: row["run_id"], persona: persona, state: state, proposer: row["proposer"],
            baseFingerprint: row["base_fingerprint"],
            delta: (row["delta_json"] as String?).flatMap { try? JSONValue.parse($0) },
            config: (row["config_json"] as String?).flatMap { try? JSONValue.parse($0) },
            fingerprint: row["fingerprint"], hypothesis: row["hypothesis"], rationale: row["rationale"],
            rawText: row["raw_text"], reason: row["reason"], nearID: row["near_id"], attempts: row["attempts"],
            trajectoryID: row.hasColumn("trajectory_id") ? row["trajectory_id"] : nil,
            code: row.hasColumn("code") ? row["code"] : nil,
            createdAt: Date(timeIntervalSince1970: row["created_at"]), updatedAt: Date(timeIntervalSince1970: row["updated_at"]))
    }
}

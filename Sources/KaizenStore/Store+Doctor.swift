import Foundation
import GRDB
import KaizenCore

/// Something `kaizen doctor` found. Errors mean the store is inconsistent; warnings mean
/// work that a resumed run will pick up (e.g. a training job interrupted by a crash).
public struct StoreFinding: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }
    public var severity: Severity
    public var check: String
    public var message: String
    public var description: String { "\(severity.rawValue): [\(check)] \(message)" }

    public init(severity: Severity, check: String, message: String) {
        self.severity = severity
        self.check = check
        self.message = message
    }
}

extension Store {
    /// SQLite's integrity and foreign-key checks, then the store's own invariants.
    public func doctor() throws(StoreError) -> [StoreFinding] {
        var findings: [StoreFinding] = []
        func error(_ check: String, _ message: String) { findings.append(.init(severity: .error, check: check, message: message)) }
        func warning(_ check: String, _ message: String) { findings.append(.init(severity: .warning, check: check, message: message)) }

        let applied = try appliedSchemaVersions()
        for missing in Self.schemaVersions where !applied.contains(missing) {
            error("schema", "migration \(missing) is not applied")
        }
        try read("doctor") { db in
            for line in try String.fetchAll(db, sql: "PRAGMA integrity_check") where line != "ok" {
                error("integrity", line)
            }
            for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
                error("foreign-keys", "\(row[0] as String? ?? "?") row \(row[1] as Int64? ?? -1) points to a missing \(row[2] as String? ?? "?")")
            }
            for row in try Row.fetchAll(db, sql: "SELECT id, state, persona FROM candidates") {
                let id: String = row["id"]
                if LifecycleState(rawValue: row["state"]) == nil { error("candidates", "\(id) has unknown state '\(row["state"] as String)'") }
                if Persona(rawValue: row["persona"]) == nil { error("candidates", "\(id) has unknown persona '\(row["persona"] as String)'") }
            }
            // The transitions replay to each candidate's current state through legal moves only.
            let transitions = try Row.fetchAll(db, sql: "SELECT candidate_id, from_state, to_state FROM candidate_transitions ORDER BY candidate_id, id")
            var last: [String: String] = [:]
            for row in transitions {
                let id: String = row["candidate_id"]
                let from: String? = row["from_state"]
                let to: String = row["to_state"]
                if from != last[id] {
                    error("transitions", "\(id): transition \(from ?? "∅") → \(to) does not follow its previous state \(last[id] ?? "∅")")
                } else if let from, let a = LifecycleState(rawValue: from), let b = LifecycleState(rawValue: to), !a.canMove(to: b) {
                    error("transitions", "\(id): illegal transition \(from) → \(to)")
                }
                last[id] = to
            }
            for row in try Row.fetchAll(db, sql: "SELECT id, state FROM candidates") {
                let id: String = row["id"]
                let state: String = row["state"]
                if last[id] == nil {
                    error("transitions", "\(id) has no transition history")
                } else if last[id] != state {
                    error("transitions", "\(id) is \(state) but its last transition went to \(last[id]!)")
                }
            }
            let running = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM runs WHERE status = 'running'") ?? 0
            let training = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM candidates WHERE state = 'training'") ?? 0
            if training > 0 && running == 0 {
                warning("jobs", "\(training) candidate(s) in training with no run in progress; `kaizen run` re-queues them")
            }
            let empty = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM trajectories t WHERE NOT EXISTS (SELECT 1 FROM trajectory_events e WHERE e.trajectory_id = t.id)") ?? 0
            if empty > 0 { warning("trajectories", "\(empty) trajectory(ies) without events") }
            if applied.contains("v4-online") { try Self.checkExperiments(db, error: error, warning: warning) }
        }
        if applied.contains("v2-documents-fts") {
            // FTS5's own check compares the index with the documents table; it needs a write lock.
            do {
                try writer.write { try $0.execute(sql: "INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')") }
            } catch {
                findings.append(.init(severity: .error, check: "documents-index", message: "the FTS index disagrees with documents: \(error)"))
            }
        }
        return findings
    }
}

extension Store {
    /// Experiments and candidates agree: a running experiment's candidate is live, a live
    /// candidate has a running experiment, a decided one matches its candidate's final state,
    /// and nothing went live without a granted approval when one was requested.
    static func checkExperiments(_ db: Database, error: (String, String) -> Void, warning: (String, String) -> Void) throws {
        let rows = try Row.fetchAll(db, sql: "SELECT e.id, e.status, c.id AS candidate, c.state FROM experiments e JOIN candidates c ON c.id = e.candidate_id")
        var withExperiment: Set<String> = []
        for row in rows {
            let id: String = row["id"], status: String = row["status"], candidate: String = row["candidate"], state: String = row["state"]
            withExperiment.insert(candidate)
            let expected: [String: [String]] = [
                "starting": ["selected", "approved"], "running": ["live"], "launched": ["launched"],
                "not-launched": ["not-launched"], "aborted": ["aborted"],
            ]
            if let allowed = expected[status], !allowed.contains(state) {
                error("experiments", "experiment \(id) is \(status) but its candidate \(candidate) is \(state)")
            }
            if status == "starting" { warning("experiments", "experiment \(id) is still starting; the next online step retries it") }
        }
        for id in try String.fetchAll(db, sql: "SELECT id FROM candidates WHERE state = 'live'") where !withExperiment.contains(id) {
            error("experiments", "candidate \(id) is live without an experiment")
        }
        let unapproved = try String.fetchAll(db, sql: """
            SELECT DISTINCT a.candidate_id FROM approvals a JOIN candidate_transitions t ON t.candidate_id = a.candidate_id AND t.to_state = 'live'
            WHERE NOT EXISTS (SELECT 1 FROM approvals g WHERE g.candidate_id = a.candidate_id AND g.decision = 'approved')
            """)
        for id in unapproved { error("approvals", "candidate \(id) went live without the approval it was waiting for") }
        if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM production_configs") == 0,
           try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM experiments") ?? 0 > 0 {
            error("production", "experiments exist but the production history is empty")
        }
    }
}

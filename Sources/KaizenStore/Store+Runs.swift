import Foundation
import GRDB
import KaizenCore

/// A `kaizen` invocation that changes the workspace (a loop run, a propose round, ...).
public struct RunRecord: Sendable, Hashable {
    public enum Status: String, Sendable { case running, finished, interrupted, failed }
    public var id: String
    public var command: String
    public var status: Status
    public var startedAt: Date
    public var endedAt: Date?
    public var settings: JSONValue
    public var summary: JSONValue?
}

extension Store {
    public func startRun(command: String, settings: JSONValue = .object([:]), at: Date = Date()) throws(StoreError) -> RunRecord {
        let run = RunRecord(id: KaizenID.make("run", now: at), command: command, status: .running, startedAt: at, endedAt: nil, settings: settings, summary: nil)
        try write("start run") { db in
            try db.execute(
                sql: "INSERT INTO runs (id, command, status, started_at, settings_json) VALUES (?, ?, 'running', ?, ?)",
                arguments: [run.id, command, at.timeIntervalSince1970, settings.canonicalText])
            _ = try Self.appendAudit(db, actor: "kaizen", action: "run.start", subject: run.id, reason: command, details: settings, at: at)
        }
        return run
    }

    public func finishRun(_ id: String, status: RunRecord.Status, summary: JSONValue? = nil, at: Date = Date()) throws(StoreError) {
        try write("finish run") { db in
            try db.execute(
                sql: "UPDATE runs SET status = ?, ended_at = ?, summary_json = ? WHERE id = ?",
                arguments: [status.rawValue, at.timeIntervalSince1970, summary?.canonicalText, id])
            guard db.changesCount == 1 else { throw StoreError.notFound(kind: "run", id: id) }
            _ = try Self.appendAudit(db, actor: "kaizen", action: "run.\(status.rawValue)", subject: id, reason: nil, details: summary, at: at)
        }
    }

    public func runs(limit: Int = 50) throws(StoreError) -> [RunRecord] {
        try read("list runs") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM runs ORDER BY started_at DESC LIMIT ?", arguments: [limit]).map { row in
                RunRecord(
                    id: row["id"], command: row["command"], status: RunRecord.Status(rawValue: row["status"]) ?? .failed,
                    startedAt: Date(timeIntervalSince1970: row["started_at"]),
                    endedAt: (row["ended_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
                    settings: (try? JSONValue.parse(row["settings_json"] as String)) ?? .object([:]),
                    summary: (row["summary_json"] as String?).flatMap { try? JSONValue.parse($0) })
            }
        }
    }

    /// Stores a running run's progress so far, so that a killed process resumes from it.
    public func checkpointRun(_ id: String, summary: JSONValue) throws(StoreError) {
        try write("checkpoint run") { db in
            try db.execute(sql: "UPDATE runs SET summary_json = ? WHERE id = ?", arguments: [summary.canonicalText, id])
            guard db.changesCount == 1 else { throw StoreError.notFound(kind: "run", id: id) }
        }
    }

    /// Marks an interrupted (or killed, still `running`) run as running again, audited.
    public func resumeRun(_ id: String, at: Date = Date()) throws(StoreError) -> RunRecord {
        try write("resume run") { db in
            try db.execute(sql: "UPDATE runs SET status = 'running', ended_at = NULL WHERE id = ?", arguments: [id])
            guard db.changesCount == 1 else { throw StoreError.notFound(kind: "run", id: id) }
            _ = try Self.appendAudit(db, actor: "kaizen", action: "run.resume", subject: id, reason: nil, details: nil, at: at)
        }
        guard let run = try runs(limit: 1_000).first(where: { $0.id == id }) else { throw .notFound(kind: "run", id: id) }
        return run
    }

    /// The newest run of `command` that did not finish: `interrupted`, `failed` (a store
    /// error ended it), or still `running` because its process was killed. Nil when the
    /// newest one finished.
    public func resumableRun(command: String) throws(StoreError) -> RunRecord? {
        guard let last = try runs(limit: 200).first(where: { $0.command == command }) else { return nil }
        return [.running, .interrupted, .failed].contains(last.status) ? last : nil
    }
}

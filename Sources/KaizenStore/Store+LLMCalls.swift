import Foundation
import GRDB
import KaizenCore

/// Token and call totals over a time window, from `llm_calls`.
public struct LLMUsage: Sendable, Hashable {
    public var calls: Int
    public var failedCalls: Int
    public var promptTokens: Int
    public var completionTokens: Int
}

extension Store: LLMCallRecording {
    /// Records one LLM call. A failure to record is logged, never thrown into the caller's
    /// request path: losing a usage row must not fail a proposal.
    public func record(_ call: LLMCallRecord) async {
        do {
            try insertLLMCall(call)
        } catch {
            logger.error("could not record an LLM call", metadata: ["error": "\(error)"])
        }
    }

    public func insertLLMCall(_ call: LLMCallRecord) throws(StoreError) {
        try write("record LLM call") { db in
            try db.execute(
                sql: """
                    INSERT INTO llm_calls (run_id, endpoint, model, kind, purpose, attempt, status, error_class,
                        prompt_tokens, completion_tokens, latency_ms, started_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    call.runID, call.endpoint, call.model, call.kind, call.purpose, call.attempt, call.status, call.errorClass,
                    call.promptTokens, call.completionTokens, call.latency.milliseconds, call.startedAt.timeIntervalSince1970,
                ])
        }
    }

    /// Calls started at or after `since`, newest first.
    public func llmCalls(since: Date = .distantPast, limit: Int = 1000) throws(StoreError) -> [LLMCallRecord] {
        try read("list LLM calls") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM llm_calls WHERE started_at >= ? ORDER BY id DESC LIMIT ?", arguments: [since.timeIntervalSince1970, limit]).map { row in
                LLMCallRecord(
                    endpoint: row["endpoint"], model: row["model"], kind: row["kind"], attempt: row["attempt"], status: row["status"],
                    errorClass: row["error_class"], promptTokens: row["prompt_tokens"], completionTokens: row["completion_tokens"],
                    latency: .milliseconds(row["latency_ms"] as Double), startedAt: Date(timeIntervalSince1970: row["started_at"]),
                    purpose: row["purpose"], runID: row["run_id"])
            }
        }
    }

    public func llmUsage(since: Date = .distantPast) throws(StoreError) -> LLMUsage {
        try read("sum LLM usage") { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) AS calls, SUM(error_class IS NOT NULL) AS failed,
                        COALESCE(SUM(prompt_tokens), 0) AS p, COALESCE(SUM(completion_tokens), 0) AS c
                    FROM llm_calls WHERE started_at >= ?
                    """,
                arguments: [since.timeIntervalSince1970])!
            return LLMUsage(calls: row["calls"], failedCalls: row["failed"] ?? 0, promptTokens: row["p"], completionTokens: row["c"])
        }
    }
}

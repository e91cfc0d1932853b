import Foundation
import GRDB
import KaizenCore
import Testing

@testable import KaizenStore

@Suite struct JournalTests {
    func candidate(_ persona: Persona = .optimizer) -> Candidate {
        Candidate(persona: persona, proposer: "test", delta: .object(["optimizer": .object(["lr": .number(0.01)])]), hypothesis: "lower lr")
    }

    @Test func lifecycleTransitionsCommitWithTheirAuditEntry() throws {
        let store = try Store.inMemory()
        let c = candidate()
        try store.insertCandidate(c)
        try store.transition(c.id, to: .queued, reason: "valid")
        try store.transition(c.id, to: .training, reason: nil, countAttempt: true)
        let scored = try store.transition(c.id, to: .scored, reason: "trained")
        #expect(scored.state == .scored)
        #expect(scored.attempts == 1)
        #expect(try store.candidate(c.id).state == .scored)
        let actions = try store.auditLog(subject: c.id).map(\.action)
        #expect(actions == ["candidate.proposed", "candidate.queued", "candidate.training", "candidate.scored"])
        #expect(try store.doctor().isEmpty)
    }

    @Test func illegalTransitionIsRefusedAndChangesNothing() throws {
        let store = try Store.inMemory()
        let c = candidate()
        try store.insertCandidate(c)
        #expect(throws: StoreError.self) { try store.transition(c.id, to: .launched, reason: "skip the line") }
        #expect(try store.candidate(c.id).state == .proposed)
        #expect(try store.auditLog(subject: c.id).count == 1)
    }

    @Test func transitionOfUnknownCandidateIsNotFound() throws {
        let store = try Store.inMemory()
        do {
            try store.transition("cand_missing", to: .queued, reason: nil)
            Issue.record("expected notFound")
        } catch {
            guard case .notFound(let kind, let id) = error else { Issue.record("wrong error \(error)"); return }
            #expect(kind == "candidate" && id == "cand_missing")
        }
    }

    @Test func auditLogIsAppendOnly() throws {
        let store = try Store.inMemory()
        let id = try store.appendAudit(actor: "alice", action: "review.approve", subject: "cand_1", reason: "looks good")
        #expect(throws: DatabaseError.self) {
            try store.writer.write { try $0.execute(sql: "UPDATE audit_log SET actor = 'mallory' WHERE id = ?", arguments: [id]) }
        }
        #expect(throws: DatabaseError.self) {
            try store.writer.write { try $0.execute(sql: "DELETE FROM audit_log") }
        }
        #expect(try store.auditLog().map(\.actor) == ["alice"])
    }

    @Test func metricsRefuseNonFiniteValues() throws {
        let store = try Store.inMemory()
        let c = candidate()
        try store.insertCandidate(c)
        try store.recordMetrics([MetricValue(name: "val_logloss", value: 0.41, step: 1, source: .offline)], candidate: c.id)
        #expect(throws: StoreError.self) {
            try store.recordMetrics([MetricValue(name: "val_logloss", value: .nan, source: .offline)], candidate: c.id)
        }
        #expect(try store.metrics(candidate: c.id).map(\.value) == [0.41])
    }

    @Test func runsStartAndFinish() throws {
        let store = try Store.inMemory()
        let run = try store.startRun(command: "run --cycles 1")
        try store.finishRun(run.id, status: .finished, summary: .object(["cycles": .number(1)]))
        let runs = try store.runs()
        #expect(runs.count == 1)
        #expect(runs[0].status == .finished)
        #expect(runs[0].summary?["cycles"]?.intValue == 1)
    }

    @Test func llmCallsAreRecordedAndSummed() async throws {
        let store = try Store.inMemory()
        await store.record(LLMCallRecord(endpoint: "http://x/v1", model: "m", kind: "chat", attempt: 1, status: 429, errorClass: "http_429", promptTokens: nil, completionTokens: nil, latency: .milliseconds(3), startedAt: Date()))
        await store.record(LLMCallRecord(endpoint: "http://x/v1", model: "m", kind: "chat", attempt: 2, status: 200, errorClass: nil, promptTokens: 120, completionTokens: 30, latency: .milliseconds(900), startedAt: Date()))
        let usage = try store.llmUsage()
        #expect(usage == LLMUsage(calls: 2, failedCalls: 1, promptTokens: 120, completionTokens: 30))
        let calls = try store.llmCalls()
        #expect(calls.map(\.errorClass) == [nil, "http_429"])
    }

    @Test func doctorFindsBrokenInvariants() throws {
        let queue = try DatabaseQueue()
        let store = Store(writer: queue, path: ":memory:")
        try store.migrate()
        let c = candidate()
        try store.insertCandidate(c)
        // Bypass the API to corrupt the journal the way a buggy writer could.
        try queue.write { db in
            try db.execute(sql: "UPDATE candidates SET state = 'launched' WHERE id = ?", arguments: [c.id])
            try db.execute(sql: "INSERT INTO candidates (id, persona, state, proposer, created_at, updated_at) VALUES ('cand_x', 'optimizer', 'flying', 't', 0, 0)")
        }
        let messages = try store.doctor().map(\.message)
        #expect(messages.contains { $0.contains("\(c.id) is launched but its last transition went to proposed") })
        #expect(messages.contains { $0.contains("cand_x has unknown state 'flying'") })
        #expect(messages.contains { $0.contains("cand_x has no transition history") })
    }
}

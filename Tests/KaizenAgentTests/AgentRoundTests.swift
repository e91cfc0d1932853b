import Foundation
import KaizenAgent
import KaizenCore
import KaizenLLM
import KaizenStore
import KaizenTrainer
import ScriptedLLMServer
import Testing

@Suite struct AgentRoundTests {
    @Test func everyProposalIsJournaledWithItsVerdict() async throws {
        let server = try ProposalServer(replies: [
            proposalReply(#"{"optimizer":{"learning_rate":0.003}}"#),
            OpenAIBody.chat(content: "I think adam is better"),
            proposalReply(#"{"optimizer":{"learning_rate":0.003}}"#),
            proposalReply(#"{"optimizer":{"learning_rate":0.003,"momentum":0.8}}"#),
            proposalReply(#"{"reward":{"click":0.5}}"#),
        ])
        var settings = AgentSettings()
        settings.proposer = .llm
        settings.focus = false
        let store = try Store.inMemory()
        // A wide near-duplicate threshold, so a one-step momentum change counts as near.
        var policy = Fixtures.policy
        policy.dedup.nearDuplicateDistance["optimizer"] = 0.02
        let h = try AgentHarness(llm: server.client(recorder: store), settings: settings, policy: policy, store: store)
        let report = try await h.agent.round(persona: .optimizer, count: 5, pool: h.pool)
        await h.pool.drain()
        #expect(report.outcomes.map(\.verdict) == [.valid, .invalid, .duplicate, .nearDuplicate, .invalid])
        let journal = try h.store.candidates(persona: .optimizer).filter { $0.proposer != JournalSnapshot.baselineProposer }
        #expect(journal.count == 5)
        let invalid = journal.filter { $0.state == .invalid }
        // Nothing is dropped silently: the raw reply and the reason are kept.
        #expect(invalid.contains { $0.rawText == "I think adam is better" && ($0.reason ?? "").contains("invalid_json") })
        #expect(invalid.contains { ($0.reason ?? "").contains("schema_mismatch") && $0.rawText?.contains("click") == true })
        let first = try #require(report.outcomes[0].candidateID)
        let duplicates = journal.filter { $0.state == .duplicate }
        #expect(duplicates.count == 2 && duplicates.allSatisfy { $0.nearID == first })
        #expect(duplicates.contains { ($0.reason ?? "").hasPrefix("near-duplicate of \(first)") })
        // The valid one and the production baseline were trained, nothing else.
        #expect(try h.store.candidate(first).state == .scored)
        #expect(h.trainer.calls.withLock { $0.count } == 2)
    }

    @Test func trajectoryRecordsSearchBrowseReasoningProposalsAndOutcomes() async throws {
        let server = try ProposalServer(replies: [proposalReply(#"{"optimizer":{"name":"adam"}}"#), proposalReply(#"{"optimizer":{"learning_rate":0.01}}"#)])
        // Each schema requires the slot's focus field: name first, then learning_rate.
        let store = try Store.inMemory()
        let h = try AgentHarness(llm: server.client(recorder: store), store: store)
        let report = try await h.agent.round(persona: .optimizer, count: 2, pool: h.pool)
        await h.pool.drain()
        let events = try h.store.trajectoryEvents(trajectory: report.trajectoryID)
        let kinds = events.map(\.kind)
        #expect(kinds.first == .task)
        #expect(kinds.contains(.search) && kinds.contains(.browse) && kinds.contains(.reason))
        #expect(kinds.filter { $0 == .proposal }.count == 2)
        #expect(kinds.filter { $0 == .outcome }.count == 2, "\(report.outcomes.map { "\($0.verdict) \($0.reason ?? "")" })")
        #expect(events.map(\.step) == Array(0..<events.count))
        let search = try #require(events.first { $0.kind == .search })
        #expect(search.fields["query"]?.stringValue?.contains("optimizer") == true)
        #expect((search.fields["results"]?.arrayValue?.count ?? 0) > 0)
        let outcome = try #require(events.first { $0.kind == .outcome })
        #expect(outcome.fields["offline"]?["val_logloss"]?.doubleValue != nil)
        #expect(outcome.fields["success"] == .bool(true))
        // Every event the agent logs is valid `kaizen.trajectory.v1`, as an importer reads it.
        for event in events {
            #expect(event.validationProblem == nil, "\(event.json.canonicalText)")
            #expect(try TrajectoryEvent.parse(line: event.json.canonicalText, number: 1) == event)
        }
    }

    @Test func classicalProposersNeedNoLLM() async throws {
        for kind in [ProposerKind.random, .evolutionary] {
            var settings = AgentSettings()
            settings.proposer = kind
            let h = try AgentHarness(llm: nil, settings: settings)
            let report = try await h.agent.round(persona: .architecture, count: 4, pool: h.pool)
            await h.pool.drain()
            #expect(report.count(.valid) == 4, "\(kind): \(report.outcomes.map(\.reason))")
            #expect(report.outcomes.allSatisfy { $0.proposer == kind.rawValue })
        }
    }

    @Test func hybridFallsBackToEvolutionaryWhenTheLLMIsDown() async throws {
        let server = try ProposalServer(replies: [])
        let port = server.server.port
        server.server.stop()
        let client = LLMClientFactory.unreachable(port: port)
        let h = try AgentHarness(llm: client)
        let report = try await h.agent.round(persona: .optimizer, count: 4, pool: h.pool)
        await h.pool.drain()
        // Two failed requests are journalled as errors; then the LLM is skipped. No slot is
        // lost: the evolutionary proposer fills all four.
        #expect(report.count(.error) == 2)
        #expect(report.outcomes.filter { $0.proposer == "evolutionary" }.count == 4)
        #expect(report.count(.valid) == 4)
    }

    @Test func anUnpricedModelIsRefusedAndHybridFillsEverySlot() async throws {
        let server = try ProposalServer(replies: [])
        let store = try Store.inMemory()
        let client = LLMClient(endpoint: LLMEndpoint(baseURL: server.server.baseURL, model: "unpriced-model", maxRetries: 0), recorder: store)
        let h = try AgentHarness(llm: client, store: store)
        let report = try await h.agent.round(persona: .reward, count: 4, pool: h.pool)
        await h.pool.drain()
        #expect(report.stoppedEarly?.contains("has no price") == true)
        #expect(server.server.requestCount == 0)
        #expect(report.outcomes.count == 4)
        #expect(report.outcomes.allSatisfy { $0.proposer == "evolutionary" })
        #expect(report.count(.valid) == 4)
    }

    @Test func tokenBudgetPerRoundStopsProposing() async throws {
        // Each scripted proposal reply counts 140 tokens; the reasoning call 60.
        let server = try ProposalServer(replies: (0..<6).map { i in proposalReply(#"{"optimizer":{"epochs":\#(i + 3)}}"#) })
        var settings = AgentSettings()
        settings.proposer = .llm
        settings.focus = false
        let store = try Store.inMemory()
        let h = try AgentHarness(llm: server.client(recorder: store), settings: settings, policy: Fixtures.policy(tokensPerRound: 300), store: store)
        let report = try await h.agent.round(persona: .optimizer, count: 6, pool: h.pool)
        #expect(report.outcomes.count == 2)
        #expect(report.stoppedEarly?.contains("tokens_per_round") == true)
    }

    @Test func trainingJobBudgetsLeaveTheRestQueued() async throws {
        var settings = AgentSettings()
        settings.proposer = .random
        let h = try AgentHarness(llm: nil, settings: settings, policy: Fixtures.policy(jobsPerRound: 3), workers: 1)
        _ = try await h.agent.round(persona: .optimizer, count: 5, pool: h.pool)
        await h.pool.drain()
        let counts = try h.store.candidateCounts()
        #expect(counts[.scored] == 3)
        #expect(counts[.queued] == 3)  // 5 proposals + baseline - 3 trained
        let stats = await h.pool.stats
        #expect(stats.refusals.first?.contains("jobs_per_round") == true)
        #expect(h.trainer.calls.withLock { $0.count } == 3)
    }

    @Test func dryRunWritesNothing() async throws {
        var settings = AgentSettings()
        settings.proposer = .evolutionary
        let h = try AgentHarness(llm: nil, settings: settings)
        let report = try await h.agent.round(persona: .reward, count: 3, dryRun: true)
        #expect(report.count(.valid) == 3)
        #expect(try h.store.candidates().isEmpty)
        #expect(try h.store.trajectoryEventCount() == 0)
    }
}

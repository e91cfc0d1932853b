import Foundation
import KaizenAgent
import KaizenCore
import KaizenStore
import Testing

@Suite struct PromptAssemblyTests {
    func runRound(examples: Int, proposer: ProposerKind = .llm, persona: Persona = .optimizer, count: Int = 1) async throws -> (ProposalServer, RoundReport) {
        let server = try ProposalServer(replies: [proposalReply(#"{"optimizer":{"weight_decay":0.01}}"#)])
        var settings = AgentSettings()
        settings.examples = examples
        settings.proposer = proposer
        settings.topK = 4
        let store = try Store.inMemory()
        try JournalSeed.seed(store)
        let harness = try AgentHarness(llm: server.client(recorder: store), settings: settings, store: store)
        let report = try await harness.agent.round(persona: persona, count: count, dryRun: true)
        return (server, report)
    }

    @Test(arguments: [0, 3, 6])
    func promptHoldsNWorkedExamples(n: Int) async throws {
        let (server, _) = try await runRound(examples: n)
        let prompt = try #require(server.prompts.value.first)
        let examples = prompt.components(separatedBy: "\nProposal: {").count - 1
        // Six requested but the journal holds six scored proposals: all six are shown.
        #expect(examples == n)
        #expect(prompt.contains("Worked examples") == (n > 0))
    }

    @Test func journalIsBestFirstWithFailuresAndOnlineLosses() async throws {
        let (server, _) = try await runRound(examples: 3)
        let prompt = try #require(server.prompts.value.first)
        let journal = try #require(prompt.components(separatedBy: "## Journal").last?.components(separatedBy: "## ").first)
        // Top 4 by val_logloss (lower is better): 0.520, 0.525, 0.530, 0.540.
        let order = ["val_logloss 0.5200", "val_logloss 0.5250", "val_logloss 0.5300", "val_logloss 0.5400"].map { journal.range(of: $0)?.lowerBound }
        #expect(order.allSatisfy { $0 != nil })
        #expect(order.compactMap { $0 }.sorted() == order.compactMap { $0 })
        #expect(!journal.contains("0.5800"))
        #expect(journal.contains("failed: training loss became NaN"))
        #expect(journal.contains("looked good offline but lost online"))
        #expect(journal.contains("(production 0.5610, better)"))
        #expect(prompt.contains("Production scores val_logloss 0.5610"))
        // Calibration from the decided experiment: offline +6.40%, online -1.20%.
        let calibration = try #require(prompt.components(separatedBy: "## Offline versus online").dropFirst().first)
        #expect(calibration.contains("1 experiment(s) decided online"))
        #expect(calibration.contains("Won offline, lost online: cand_"))
        #expect(calibration.contains("offline +6.40%, online -1.20%, not-launched"))
    }

    @Test(arguments: Persona.allCases)
    func promptShowsOnlyThePersonasSlice(persona: Persona) async throws {
        let (server, _) = try await runRound(examples: 0, persona: persona)
        let prompt = try #require(server.prompts.value.first)
        let slice = try #require(prompt.components(separatedBy: "## What you may change").last?.components(separatedBy: "## ").first)
        for other in Persona.allCases {
            for field in Fixtures.space.fields[other] ?? [] {
                #expect(slice.contains("- \(field.path):") == (other == persona), "\(field.path) in \(persona) prompt")
            }
        }
        #expect(prompt.contains("You are the \(persona.rawValue) persona"))
    }

    @Test func roundSplitsStrategiesAndRotatesFocus() async throws {
        let server = try ProposalServer(replies: (0..<4).map { _ in "garbage" })
        var settings = AgentSettings()
        settings.proposer = .hybrid
        let store = try Store.inMemory()
        try JournalSeed.seed(store)
        let harness = try AgentHarness(llm: server.client(recorder: store), settings: settings, store: store)
        _ = try await harness.agent.round(persona: .optimizer, count: 4, dryRun: true)
        let prompts = server.prompts.value
        #expect(prompts.count == 4)
        #expect(prompts[0].contains("Propose 4 candidates: 2 exploit"))
        #expect(prompts[0].contains("1 explore") && prompts[0].contains("1 innovate"))
        // The hybrid prompt carries the classical optimizer's view.
        #expect(prompts[0].contains("A classical optimizer's view"))
        // Each request's schema requires a different field.
        let focuses = server.schemas.value.compactMap { $0.value(at: "json_schema.schema.properties.delta.properties.optimizer.required")?.arrayValue?.first?.stringValue }
        #expect(focuses.count == 4 && Set(focuses).count == 4)
        // Evidence: the notes the agent opened are offered as enum ids.
        let ids = server.schemas.value.first?.value(at: "json_schema.schema.properties.evidence_ids.items.enum")?.arrayValue ?? []
        #expect(!ids.isEmpty)
        #expect(prompts[0].contains("## Notes you opened"))
    }
}

@Suite struct CompletionModeTests {
    /// Base models get one few-shot text ending in "Proposal: " and stop before inventing a result.
    @Test func completionModeSendsFewShotTextWithStops() async throws {
        let server = try ProposalServer(replies: [proposalReply(#"{"optimizer":{"name":"adam"}}"#)])
        var settings = AgentSettings()
        settings.mode = .completion
        settings.proposer = .llm
        let store = try Store.inMemory()
        try JournalSeed.seed(store)
        let harness = try AgentHarness(llm: server.client(recorder: store), settings: settings, store: store)
        _ = try await harness.agent.round(persona: .optimizer, count: 1, dryRun: true)
        let request = try #require(server.server.requests.last { $0.path.hasSuffix("/completions") && !$0.path.hasSuffix("chat/completions") })
        let prompt = try #require(request.json?["prompt"] as? String)
        #expect(prompt.hasSuffix("Proposal: "))
        #expect(prompt.components(separatedBy: "\nProposal: {").count - 1 == 3)
        #expect((request.json?["stop"] as? [String])?.contains("\nResult:") == true)
    }
}

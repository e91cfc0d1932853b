import Foundation
import KaizenAgent
import KaizenCore
@testable import KaizenLLM
import KaizenStore
import KaizenTrainer
import KaizenWorld
import Testing

/// The real thing end to end: the embedded llama-cpp-python server with Gemma 3 270M proposes,
/// the built-in trainer scores on a small built-in world. `.ci/run` starts the server and sets
/// KAIZEN_REQUIRE_LOCAL_LLM=1, so there an unreachable server fails instead of skipping.
enum LocalLLMServer {
    static let baseURL = URL(string: ProcessInfo.processInfo.environment["KAIZEN_LLM_URL"] ?? "http://127.0.0.1:8089/v1")!
    static let required = ProcessInfo.processInfo.environment["KAIZEN_REQUIRE_LOCAL_LLM"] == "1"
    static let reachable: Bool = {
        guard let host = baseURL.host, let port = baseURL.port else { return false }
        return TCPProbe.check(host: host, port: port, timeout: .seconds(1)) == .reachable
    }()
}

@Suite(.enabled(if: LocalLLMServer.required || LocalLLMServer.reachable, "no local LLM server; run `kaizen llm local start`"), .serialized)
struct LocalLLMAgentTests {
    @Test func realLLMProposesAndBuiltinTrainerScoresOneRound() async throws {
        let store = try Store.inMemory()
        try KaizenRetrieverSync.sync(store)
        let client = LLMClient(
            endpoint: LLMEndpoint(baseURL: LocalLLMServer.baseURL, model: "gemma-3-270m", requestTimeout: .seconds(180), maxRetries: 1),
            recorder: store)
        let world = World(config: WorldConfig(seed: 42, users: 600, items: 200, impressions: 12_000))
        let pool = TrainingPool(store: store, trainer: BuiltinTrainer(world: world), gate: BudgetGate(budgets: Fixtures.policy.budgets, store: store), workers: 1)
        let agent = OfflineAgent(
            store: store, space: Fixtures.space, policy: Fixtures.policy, production: Fixtures.production,
            prompts: try Fixtures.prompts(), llm: client, retriever: KaizenRetrieverSync.retriever(store), seed: 3)
        let report = try await agent.round(persona: .optimizer, count: 2, pool: pool)
        await pool.drain()

        #expect(report.outcomes.count == 2)
        #expect(report.count(.error) == 0, "\(report.outcomes.map(\.reason))")
        // Schema-constrained decoding makes illegal values unsayable; a valid proposal is expected.
        let valid = report.outcomes.filter { $0.verdict == .valid }
        #expect(!valid.isEmpty, "\(report.outcomes.map { $0.reason ?? "" })")
        for outcome in valid {
            let id = try #require(outcome.candidateID)
            let candidate = try store.candidate(id)
            #expect(candidate.state == .scored || candidate.state == .failed)
            if candidate.state == .scored {
                let loss = try store.metrics(candidate: id).first { $0.name == "val_logloss" && $0.step == nil }?.value
                #expect(loss.map { $0.isFinite && $0 > 0 } == true)
            }
            #expect(Fixtures.space.problems(inDelta: candidate.delta ?? [:], persona: .optimizer).isEmpty)
        }
        let kinds = try store.trajectoryEvents(trajectory: report.trajectoryID).map(\.kind)
        #expect(kinds.contains(.search) && kinds.contains(.browse) && kinds.contains(.proposal))
        #expect(try store.llmUsage().calls >= 2)
    }
}

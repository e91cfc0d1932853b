import Foundation
import KaizenAgent
import KaizenCore
import KaizenLLM
import KaizenRetriever
import KaizenStore

/// Proposal quality of an LLM behind the OpenAI API (default: the embedded Gemma 3 270M):
/// the share of replies that parse and validate, the duplicate share, seconds per proposal.
enum ProposalBench {
    static func run() async throws {
        let perPersona = Int(Repository.option("count", "10")) ?? 10
        let store = try Store.inMemory()
        _ = try KnowledgeBase.sync(store: store, knowledgeDirectory: Repository.knowledge)
        let client = LLMClient(
            endpoint: LLMEndpoint(baseURL: Repository.llmURL, model: Repository.llmModel, requestTimeout: .seconds(300), maxRetries: 1),
            recorder: store)
        var settings = AgentSettings()
        settings.proposer = .llm
        var policy = try Repository.policy()
        policy.budgets.llmTokensPerRound = nil
        if policy.budgets.price(for: Repository.llmModel) == nil { policy.budgets.prices.append(.init(model: Repository.llmModel, promptPer1K: 0, completionPer1K: 0)) }
        let agent = OfflineAgent(
            store: store, space: try Repository.space(), policy: policy, production: try Repository.production(),
            prompts: try Repository.prompts(), llm: client, retriever: BM25Retriever(store: store), settings: settings, seed: 11)
        var outcomes: [ProposalOutcome] = []
        let started = ContinuousClock.now
        for persona in Persona.allCases {
            var done = 0
            while done < perPersona {
                let round = try await agent.round(persona: persona, count: min(5, perPersona - done))
                outcomes += round.outcomes
                done += round.outcomes.count
                if round.outcomes.isEmpty { break }
            }
        }
        let replies = outcomes.filter { $0.verdict != .error }
        let usable = replies.filter { [.valid, .duplicate, .nearDuplicate].contains($0.verdict) }
        let duplicates = replies.filter { [.duplicate, .nearDuplicate].contains($0.verdict) }
        let seconds = outcomes.map(\.seconds)
        print("proposals.model       \(Repository.llmModel) at \(Repository.llmURL.absoluteString)")
        print("proposals.replies     \(replies.count) replies (\(outcomes.count - replies.count) failed requests), \(perPersona) per persona")
        print("proposals.valid       \(usable.count)/\(replies.count) parse and validate = \(Bench.fmt(100 * Double(usable.count) / Double(max(1, replies.count)), 1))% (goal >= 90%)")
        print("proposals.duplicates  \(duplicates.count)/\(replies.count) exact or near duplicates = \(Bench.fmt(100 * Double(duplicates.count) / Double(max(1, replies.count)), 1))%; new and trainable: \(replies.filter { $0.verdict == .valid }.count)")
        print("proposals.seconds     median \(Bench.fmt(Bench.percentile(seconds, 0.5), 1)) s per proposal, p90 \(Bench.fmt(Bench.percentile(seconds, 0.9), 1)) s; wall \(Bench.fmt((ContinuousClock.now - started).seconds, 0)) s")
        for (reason, n) in Dictionary(grouping: replies.filter { $0.verdict == .invalid }, by: { String(($0.reason ?? "").prefix(90)) }).mapValues(\.count).sorted(by: { $0.value > $1.value }).prefix(5) {
            print("proposals.rejected    \(n)x \(reason)")
        }
    }
}

import Foundation
import KaizenAgent
import KaizenCore
import KaizenLLM
import KaizenLoop
import KaizenOnline
import KaizenPolicy
import KaizenRetriever
import KaizenStore
import KaizenWorkspace
import KaizenWorld
import Logging

/// `LoopServices` wired as `kaizen run` wires them (see KaizenCLI's WorkspaceLoopServices and
/// Workspace+Agent), from a fresh workspace with the bundled defaults, except that the LLM is
/// the loopback stand-in, the trainer sleeps, and the world is tiny. Each cycle's offline agent
/// is built afresh, as the CLI does (policy, search space, prompts and knowledge re-read).
struct BenchLoopServices: LoopServices {
    let workspace: Workspace
    let store: Store
    let endpoint: LLMEndpoint
    let pool: TrainingPool
    let onlineAgent: OnlineAgent
    let logger: Logger
    let clock: BenchClock
    /// When each cycle's offline agent was being built, and when online steps began.
    let agentBuilds = Box<[Span]>([])
    let onlineCalls = Box<[Double]>([])
    let knowledgeSynced = Box<Date?>(nil)

    func trainingPool() async throws -> TrainingPool { pool }

    func offlineAgent(runStart: Date) async throws -> OfflineAgent {
        let start = clock.now
        let config = workspace.config
        var settings = AgentSettings()
        settings.proposer = .hybrid
        settings.mode = config.llm.mode == .completion ? .completion : .chat
        settings.examples = config.agent.examples
        settings.topK = config.agent.topK
        settings.evidenceResults = config.agent.evidenceResults
        settings.evidenceOpened = config.agent.evidenceOpened
        settings.reasoning = config.agent.reasoning
        settings.focus = config.agent.focus
        settings.temperature = config.agent.temperature
        settings.maxTokens = config.agent.maxTokens
        let policy = try workspace.loadPolicy()
        let space = try workspace.loadSearchSpace()
        let production = try store.currentProduction()?.config ?? workspace.defaultProductionConfig()
        var templates: [String: String] = [:]
        for name in PromptLibrary.required { templates[name + ".mustache"] = try workspace.prompt(name + ".mustache") }
        let prompts = try PromptLibrary(templates: templates)
        let llm = LLMClient(endpoint: endpoint, recorder: store, logger: logger)
        // As `kaizen run` does: the whole knowledge base at the first cycle, then changed cards.
        let syncStart = Date()
        if let since = knowledgeSynced.withLock({ last in defer { last = syncStart }; return last }) {
            try KnowledgeBase.syncCards(store: store, since: since)
        } else {
            let sync = try KnowledgeBase.sync(store: store, knowledgeDirectory: workspace.knowledgeURL)
            for problem in sync.problems { logger.warning("knowledge: \(problem)") }
        }
        let seed = UInt64(agentBuilds.value.count + 1)
        let agent = OfflineAgent(
            store: store, space: space, policy: policy, production: production, prompts: prompts, llm: llm,
            retriever: BM25Retriever(store: store), settings: settings, seed: seed, logger: logger, runStart: runStart,
            cardsSyncedAt: syncStart)
        let end = clock.now
        agentBuilds.withLock { $0.append(Span(start: start, end: end)) }
        return agent
    }

    func online() async throws -> OnlineAgent {
        let at = clock.now
        onlineCalls.withLock { $0.append(at) }
        return onlineAgent
    }
}

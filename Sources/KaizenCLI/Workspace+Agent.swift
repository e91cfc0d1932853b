import Foundation
import KaizenAgent
import KaizenCore
import KaizenEncoder
import KaizenLLM
import KaizenRetriever
import KaizenSandbox
import KaizenStore
import KaizenTrainer
import KaizenWorkspace
import KaizenWorld
import Logging

/// Everything an agent round needs, wired from a workspace.
struct AgentEnvironment {
    let workspace: Workspace
    let store: Store
    let agent: OfflineAgent
    let pool: TrainingPool
    let settings: AgentSettings
}

extension Workspace {
    var agentSettings: AgentSettings {
        var s = AgentSettings()
        s.proposer = ProposerKind(rawValue: config.agent.proposer) ?? .hybrid
        s.mode = config.llm.mode == .completion ? .completion : .chat
        s.examples = config.agent.examples
        s.topK = config.agent.topK
        s.evidenceResults = config.agent.evidenceResults
        s.evidenceOpened = config.agent.evidenceOpened
        s.reasoning = config.agent.reasoning
        s.focus = config.agent.focus
        s.temperature = config.agent.temperature
        s.maxTokens = config.agent.maxTokens
        return s
    }

    /// The agent's templates: each required one from the workspace's Prompts/ (or the bundled default).
    func promptLibrary() throws -> PromptLibrary {
        var templates: [String: String] = [:]
        for name in PromptLibrary.required { templates[name + ".mustache"] = try prompt(name + ".mustache") }
        return try PromptLibrary(templates: templates)
    }

    /// `code:` as the agent's code task, or nil without that section.
    func codeTask() throws -> CodeTask? {
        guard let code = config.code, let models = try codeModels() else { return nil }
        var task = CodeTask(
            dataset: code.dataset, description: code.task, inputShape: code.inputShape, classes: code.classes,
            reference: CodeTask.Model(name: models.reference.name, source: models.reference.source),
            seeds: models.seeds.map { CodeTask.Model(name: $0.name, source: $0.source) })
        task.metric = code.metric
        task.examples = code.examples
        task.maxTokens = code.maxTokens
        return task
    }

    /// The trainer `kaizen.yaml` names: on the built-in world, or, in code mode, the command
    /// trainer alone (it brings its own data).
    func makeTrainer(logger: Logger) -> any Trainer {
        let world = World(config: worldConfig)
        guard config.trainer.kind == .command else { return BuiltinTrainer(world: world, logger: logger) }
        let settings = config.trainer
        let command = CommandTrainer(
            command: settings.command,
            limits: SandboxLimits(wallClock: .milliseconds(Int(settings.timeoutSeconds * 1000)), memoryBytes: settings.memoryMB << 20),
            environmentAllowList: settings.environmentAllowList, logger: logger)
        if config.code != nil { return command }
        return WorldCommandTrainer(world: world, base: command, dataDirectory: stateURL.appending(path: "data"))
    }

    /// The agent and its pool; `store` and `pool` are reused when given (a run keeps one
    /// pool), and `runStart` makes the per-run LLM budgets apply. With `knowledgeSince`
    /// only the experiment cards changed since then are synced (a run reads `Knowledge/`
    /// notes once, at its first cycle).
    func agentEnvironment(
        proposer: ProposerKind?, store given: Store? = nil, pool givenPool: TrainingPool? = nil, runStart: Date? = nil,
        knowledgeSince: Date? = nil, logger: Logger
    ) throws -> AgentEnvironment {
        var settings = agentSettings
        if let proposer { settings.proposer = proposer }
        settings.code = try codeTask()
        // Code mode writes whole models: it needs the LLM whatever the proposer says.
        if settings.code != nil, !settings.proposer.usesLLM { settings.proposer = .llm }
        let store = try given ?? openStore(logger: logger)
        let policy = try loadPolicy()
        let space = try loadSearchSpace()
        let production = try productionConfig(store: store)
        var llm: LLMClient?
        var prompts: PromptLibrary?
        if settings.proposer.usesLLM {
            llm = LLMClient(endpoint: try llmEndpoint(), recorder: store, logger: logger)
            prompts = try promptLibrary()
        }
        let syncStart = Date()
        if let knowledgeSince {
            try KnowledgeBase.syncCards(store: store, since: knowledgeSince)
        } else {
            let sync = try KnowledgeBase.sync(store: store, knowledgeDirectory: knowledgeURL)
            for problem in sync.problems { logger.warning("knowledge: \(problem)") }
        }
        let agent = OfflineAgent(
            store: store, space: space, policy: policy, production: production, prompts: prompts, llm: llm,
            retriever: agentRetriever(store: store, logger: logger), settings: settings, seed: UInt64(Date().timeIntervalSince1970 * 1_000_000), logger: logger,
            runStart: runStart, cardsSyncedAt: syncStart)
        let pool = try givenPool ?? trainingPool(store: store, logger: logger)
        return AgentEnvironment(workspace: self, store: store, agent: agent, pool: pool, settings: settings)
    }

    /// The active retriever (`kaizen retriever use`), or BM25 when none is active or the
    /// encoder it needs cannot be loaded (the round goes on, with a warning).
    func agentRetriever(store: Store, logger: Logger) -> any Retriever {
        guard let active = (try? store.retrieverModels())?.first(where: \.active) else { return BM25Retriever(store: store) }
        do {
            return try RetrieverChoice.make(active.name, store: store, encoder: { try MiniLMEncoder(modelFolder: EncoderLocation.folder()) })
        } catch {
            logger.warning("the active retriever \(active.name) cannot be loaded; the agent searches with BM25", metadata: ["error": "\(error)"])
            return BM25Retriever(store: store)
        }
    }

    /// The trainer pool `trainer.workers` and `trainer.queue` describe, under the training budgets.
    func trainingPool(store: Store, logger: Logger) throws -> TrainingPool {
        let workers = config.trainer.workers == 0 ? ProcessInfo.processInfo.activeProcessorCount : config.trainer.workers
        return TrainingPool(
            store: store, trainer: makeTrainer(logger: logger), gate: BudgetGate(budgets: try loadPolicy().budgets, store: store),
            workers: workers, capacity: config.trainer.queue, logger: logger)
    }
}

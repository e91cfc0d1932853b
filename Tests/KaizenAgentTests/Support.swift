import Foundation
import KaizenAgent
import KaizenCore
import KaizenLLM
import KaizenPolicy
import KaizenSearchSpace
import KaizenStore
import KaizenTrainer
import ScriptedLLMServer
import Synchronization

/// The repository's own Policies/ and Prompts/, so the tests exercise what ships.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let space = try! SearchSpace.load(contentsOf: root.appending(path: "Policies/search-space.yaml"))
    static let production = try! JSONValue.parse(String(contentsOf: root.appending(path: "Policies/production.json"), encoding: .utf8))
    static let policy = try! Policy.load(directory: root.appending(path: "Policies"))
    static let knowledge = root.appending(path: "Knowledge")

    static func prompts() throws -> PromptLibrary {
        var templates: [String: String] = [:]
        for name in PromptLibrary.required {
            templates[name + ".mustache"] = try String(contentsOf: root.appending(path: "Prompts/\(name).mustache"), encoding: .utf8)
        }
        return try PromptLibrary(templates: templates)
    }

    static func policy(tokensPerRound: Int? = nil, jobsPerRound: Int? = nil, jobsPerDay: Int? = nil) -> Policy {
        var p = policy
        p.budgets.llmTokensPerRound = tokensPerRound
        p.budgets.trainingJobsPerRound = jobsPerRound
        if let jobsPerDay { p.budgets.trainingJobsPerDay = jobsPerDay }
        return p
    }

    static func json(_ text: String) -> JSONValue { try! JSONValue.parse(text) }
}

/// A trainer test double: scores a config by a fixed rule, or fails as told. Counts calls.
final class FakeTrainer: Trainer, @unchecked Sendable {
    let calls = Mutex<[String]>([])
    let delay: Duration
    /// Calls after this many never return, like jobs of a process that was killed.
    let hangAfter: Int?
    let fail: @Sendable (JSONValue) -> TrainingFailure?

    init(delay: Duration = .zero, hangAfter: Int? = nil, fail: @escaping @Sendable (JSONValue) -> TrainingFailure? = { _ in nil }) {
        self.delay = delay
        self.hangAfter = hangAfter
        self.fail = fail
    }

    func train(_ job: TrainingJob) async throws(TrainingFailure) -> TrainingResult {
        let n = calls.withLock { $0.append(job.candidateID); return $0.count }
        if let hangAfter, n > hangAfter {
            while true { try? await Task.sleep(for: .seconds(3600)) }
        }
        if delay > .zero { try? await Task.sleep(for: delay) }
        if let failure = fail(job.config) { throw failure }
        let lr = job.config.value(at: "optimizer.learning_rate")?.doubleValue ?? 0.05
        // Lower loss nearer lr = 0.003; a deterministic stand-in for training.
        let loss = 0.5 + abs(log10(lr) - log10(0.003)) * 0.01
        return TrainingResult(metrics: ["val_logloss": loss, "auc": 0.6, "ltv_kendall_tau": 0.1], wallSeconds: 0.01)
    }
}

/// A proposal reply as the LLM would send it.
func proposalReply(_ delta: String, hypothesis: String = "a change that should lower the loss", evidence: [String] = []) -> String {
    let ids = evidence.map { "\"\($0)\"" }.joined(separator: ",")
    return OpenAIBody.chat(content: #"{"hypothesis":"\#(hypothesis)","delta":\#(delta),"rationale":"because","evidence_ids":[\#(ids)]}"#, promptTokens: 100, completionTokens: 40)
}

/// A scripted server that answers reasoning requests with text and proposals from `replies`
/// in order; it keeps every prompt it was sent.
final class Locked<T: Sendable>: Sendable {
    let mutex: Mutex<T>
    init(_ value: T) { mutex = Mutex(value) }
    func withLock<R>(_ body: (inout T) -> R) -> R { mutex.withLock { body(&$0) } }
    var value: T { mutex.withLock { $0 } }
}

final class ProposalServer: Sendable {
    let server: ScriptedLLMServer
    let prompts = Locked<[String]>([])
    let schemas = Locked<[JSONValue]>([])

    init(replies: [String]) throws {
        let queue = Locked(replies)
        let prompts = self.prompts
        let schemas = self.schemas
        server = try ScriptedLLMServer { request in
            let body = request.json ?? [:]
            let messages = body["messages"] as? [[String: Any]]
            let prompt = (messages?.last?["content"] as? String) ?? (body["prompt"] as? String) ?? ""
            guard let format = body["response_format"] as? [String: Any] else {
                return .respond(status: 200, body: OpenAIBody.chat(content: "GLU activations and warmup look promising.", promptTokens: 50, completionTokens: 10))
            }
            prompts.withLock { $0.append(prompt) }
            if let data = try? JSONSerialization.data(withJSONObject: format), let text = String(data: data, encoding: .utf8), let json = try? JSONValue.parse(text) {
                schemas.withLock { $0.append(json) }
            }
            let next = queue.withLock { $0.isEmpty ? nil : $0.removeFirst() }
            return .respond(status: 200, body: next ?? OpenAIBody.chat(content: "not json at all"))
        }
    }

    func client(recorder: Store? = nil) -> LLMClient {
        LLMClient(endpoint: LLMEndpoint(baseURL: server.baseURL, model: "gemma-3-270m", requestTimeout: .seconds(10), maxRetries: 0), recorder: recorder)
    }
}

/// A store with an agent over it, the repository's prompts and knowledge, and a fake trainer pool.
struct AgentHarness {
    let store: Store
    let agent: OfflineAgent
    let pool: TrainingPool
    let trainer: FakeTrainer

    init(
        llm: LLMClient?, settings: AgentSettings = AgentSettings(), policy: Policy = Fixtures.policy, store: Store? = nil,
        trainer: FakeTrainer = FakeTrainer(), workers: Int = 2
    ) throws {
        let store = try store ?? Store.inMemory()
        try KaizenRetrieverSync.sync(store)
        self.store = store
        self.trainer = trainer
        self.agent = OfflineAgent(
            store: store, space: Fixtures.space, policy: policy, production: Fixtures.production,
            prompts: try Fixtures.prompts(), llm: llm, retriever: KaizenRetrieverSync.retriever(store), settings: settings, seed: 7)
        self.pool = TrainingPool(store: store, trainer: trainer, gate: BudgetGate(budgets: policy.budgets, store: store), workers: workers, capacity: 4)
    }
}

enum LLMClientFactory {
    /// A client for a port nobody listens on: every request fails to connect, at once.
    static func unreachable(port: Int) -> LLMClient {
        LLMClient(endpoint: LLMEndpoint(
            baseURL: URL(string: "http://127.0.0.1:\(port)/v1")!, model: "gemma-3-270m", requestTimeout: .seconds(5), maxRetries: 0))
    }
}

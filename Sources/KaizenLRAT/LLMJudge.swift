import KaizenCore
import KaizenLLM
import Logging
import Mustache
import Synchronization

/// A reasoning judge that asks a language model, with the prompt `Prompts/lrat-judge.mustache`.
/// The reply is constrained to `{"verdict": "relevant" | "not_relevant" | "unclear"}`, an enum
/// that llama.cpp's grammar enforces, so even a small model answers in range.
///
/// A call that fails (network, budget, a reply that is not the schema) must not lose the pair:
/// the rule judge decides that one instead, and `failures` counts it.
public final class LLMJudge: ReasoningJudge, Sendable {
    public static let schema: JSONValue = .object([
        "type": .string("object"),
        "properties": .object(["verdict": .object(["type": .string("string"), "enum": .array(["relevant", "not_relevant", "unclear"])])]),
        "required": .array(["verdict"]),
    ])

    let client: LLMClient
    let template: MustacheTemplate
    let titles: @Sendable (String) -> String?
    let fallback: RuleJudge
    let logger: Logger
    private let counts = Mutex((asked: 0, failures: 0))

    /// - Parameters:
    ///   - template: the text of `lrat-judge.mustache`.
    ///   - titles: a document id's title, for the prompt (trajectories carry ids only).
    public init(
        client: LLMClient, template: String, titles: @escaping @Sendable (String) -> String? = { _ in nil },
        fallback: RuleJudge = RuleJudge(), logger: Logger = Logger(label: "kaizen.lrat.judge")
    ) throws(LRATError) {
        do {
            self.template = try MustacheTemplate(string: template)
        } catch {
            throw .badPrompt("lrat-judge.mustache: \(error)")
        }
        self.client = client
        self.titles = titles
        self.fallback = fallback
        self.logger = logger
    }

    /// Judgments requested, and how many of them the rule judge had to answer instead.
    public var tally: (asked: Int, failures: Int) { counts.withLock { $0 } }

    public func judge(query: String, document: String, reasoning: String) async throws -> JudgeVerdict {
        counts.withLock { $0.asked += 1 }
        let prompt = template.render([
            "query": query, "document": document, "title": titles(document) ?? document, "reasoning": String(reasoning.prefix(2000)),
        ])
        do {
            let reply = try await client.chat(
                [ChatMessage(.user, prompt)], format: .jsonSchema(name: "verdict", schema: Self.schema),
                options: SamplingOptions(maxTokens: 24, temperature: 0), purpose: "lrat.judge")
            if let verdict = reply.json?["verdict"]?.stringValue.flatMap(Self.verdict) { return verdict }
            throw LLMError.schemaMismatch(raw: reply.text, problems: ["verdict is missing or not one of the three"])
        } catch {
            counts.withLock { $0.failures += 1 }
            logger.warning("the LLM judge failed; the rule judge decides this pair", metadata: ["document": "\(document)", "error": "\(error)"])
            return fallback.verdict(for: reasoning)
        }
    }

    static func verdict(_ text: String) -> JudgeVerdict? {
        switch text {
        case "relevant": .relevant
        case "not_relevant": .notRelevant
        case "unclear": .unclear
        default: nil
        }
    }
}

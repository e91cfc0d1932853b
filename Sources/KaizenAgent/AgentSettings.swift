/// Who proposes candidates in a round.
public enum ProposerKind: String, Sendable, CaseIterable {
    /// The LLM, with the evolutionary proposer's state in its prompt; the evolutionary
    /// proposer fills in when the LLM cannot be reached.
    case hybrid
    case llm
    case evolutionary
    case random

    public var usesLLM: Bool { self == .hybrid || self == .llm }
}

/// How the offline agent prompts and proposes.
public struct AgentSettings: Sendable {
    public enum Mode: String, Sendable { case chat, completion }

    public var proposer: ProposerKind = .hybrid
    /// chat: system + user turns; completion: one few-shot text for base models.
    public var mode: Mode = .chat
    /// Worked examples per prompt, 0...6.
    public var examples: Int = 3
    /// Journal entries shown per prompt, best first.
    public var topK: Int = 10
    /// Knowledge-base hits fetched, and how many of them are opened.
    public var evidenceResults: Int = 5
    public var evidenceOpened: Int = 2
    /// Whether the agent writes post-reading reasoning (one LLM call per round).
    public var reasoning: Bool = true
    /// Whether each proposal's schema requires a field chosen by the agent (rotating,
    /// least-tried first). Keeps a small model from repeating one favourite change; a strong
    /// model may be left free with `false`.
    public var focus: Bool = true
    public var temperature: Double = 0.9
    public var maxTokens: Int = 600
    /// Varies the sampling seed per proposal; nil leaves it to the server.
    public var seed: Int? = 1
    /// The architecture persona's code mode; nil proposes config deltas only.
    public var code: CodeTask?

    public init() {}

    /// Settings with `examples` clamped to 0...6 and counts kept positive.
    public func validated() -> AgentSettings {
        var s = self
        s.examples = min(6, max(0, s.examples))
        s.topK = max(1, s.topK)
        s.evidenceResults = max(0, s.evidenceResults)
        s.evidenceOpened = min(s.evidenceResults, max(0, s.evidenceOpened))
        if var code = s.code {
            code.examples = min(6, max(1, code.examples))
            s.code = code
        }
        return s
    }
}

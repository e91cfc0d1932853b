/// Decides from the agent's reasoning after a browse whether the browse was a real relevance
/// signal. A protocol so that an LLM judge can replace the rule-based default; async and
/// throwing because such a judge calls a model.
public protocol ReasoningJudge: Sendable {
    /// - Parameters:
    ///   - query: the search query the browse followed.
    ///   - document: the browsed document's id (trajectories carry ids, not texts).
    ///   - reasoning: the text of the `reason` step right after the browse.
    func judge(query: String, document: String, reasoning: String) async throws -> JudgeVerdict
}

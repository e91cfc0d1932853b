import KaizenCore

extension OfflineAgent {
    /// The `text` of a round's `task` event (kaizen.trajectory.v1): what the agent was asked.
    public static func taskText(persona: Persona, count: Int) -> String {
        "Propose \(count) change(s) to the production config as the \(persona.rawValue) persona."
    }

    /// The `text` of a `proposal` event: the hypothesis and the delta it proposes.
    public static func proposalText(hypothesis: String, delta: JSONValue?) -> String {
        [hypothesis, delta?.canonicalText ?? ""].filter { !$0.isEmpty }.joined(separator: "\n")
    }
}

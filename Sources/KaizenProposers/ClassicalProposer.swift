import KaizenCore
import KaizenSearchSpace

/// A proposer that needs no LLM: the baselines every benchmark compares the agent against,
/// and the source of the "what a classical search would try" hint in prompts.
public protocol ClassicalProposer: Sendable {
    /// "random", "evolutionary".
    var name: String { get }
    /// The space proposals are drawn from.
    var space: SearchSpace { get }

    /// `count` deltas for `persona` (each a JSON object touching only that persona's fields,
    /// every value legal per the SearchSpace so `space.problems(inDelta:persona:)` is empty),
    /// given the production config `base` and the persona's history.
    func propose(persona: Persona, count: Int, base: JSONValue, history: [Observation], using rng: inout some RandomNumberGenerator) -> [JSONValue]

    /// A short plain-text summary of the proposer's state for an LLM prompt: best regions so far
    /// and what it would try next. A few lines, under ~1,500 characters.
    func summary(persona: Persona, base: JSONValue, history: [Observation], using rng: inout some RandomNumberGenerator) -> String
}

extension ClassicalProposer {
    /// The state summary every classical proposer gives: best regions and its next three tries.
    public func summary(persona: Persona, base: JSONValue, history: [Observation], using rng: inout some RandomNumberGenerator) -> String {
        let next = propose(persona: persona, count: 3, base: base, history: history, using: &rng)
        return ProposerSummary(name: name, space: space, persona: persona, base: base, history: history, nextTries: next).text
    }
}

extension SeenConfigs {
    /// Up to `count` deltas against `base`, each from the first of `attempts` draws not seen
    /// before; `draw` gets the attempt number. Fewer come back when draws keep repeating.
    mutating func distinct(
        count: Int, attempts: Int, space: SearchSpace, base: JSONValue, draw: (Int) -> FieldValues
    ) -> [JSONValue] {
        var out: [JSONValue] = []
        for _ in 0..<count {
            for attempt in 0..<Swift.max(1, attempts) {
                let values = draw(attempt)
                if insert(values) {
                    out.append(space.delta(setting: values, against: base))
                    break
                }
            }
        }
        return out
    }
}

import KaizenCore
import KaizenSearchSpace

/// Random search: every field of the persona drawn independently (`SearchField.randomValue`).
/// The baseline any smarter proposer has to beat at an equal budget.
public struct RandomProposer: ClassicalProposer {
    public var space: SearchSpace
    /// Draws per proposal before giving up on finding one not seen before.
    public var maxAttempts: Int

    public init(space: SearchSpace, maxAttempts: Int = 32) {
        self.space = space
        self.maxAttempts = maxAttempts
    }

    public var name: String { "random" }

    /// Deltas that differ from `base` and from every observation and earlier proposal; fewer
    /// than `count` only when a tiny space runs out of new points within `maxAttempts`.
    public func propose(persona: Persona, count: Int, base: JSONValue, history: [Observation], using rng: inout some RandomNumberGenerator) -> [JSONValue] {
        let fields = space.fields[persona] ?? []
        guard count > 0, !fields.isEmpty else { return [] }
        var seen = SeenConfigs(space: space, persona: persona, base: base, history: history)
        return seen.distinct(count: count, attempts: maxAttempts, space: space, base: base) { _ in sample(fields, using: &rng) }
    }

    func sample(_ fields: [SearchField], using rng: inout some RandomNumberGenerator) -> FieldValues {
        var values: FieldValues = [:]
        for field in fields { values[field.path] = field.randomValue(using: &rng) }
        return values
    }
}

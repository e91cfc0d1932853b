import KaizenCore
import KaizenSearchSpace

/// A steady-state genetic algorithm over the persona's fields: parents are the best scored
/// observations, children come from uniform crossover and a small mutation. It exploits
/// what worked, which random search cannot, and still explores through mutation.
public struct EvolutionaryProposer: ClassicalProposer {
    public var space: SearchSpace
    /// How many of the best scored observations form the parent pool.
    public var populationSize: Int
    /// The chance each field mutates; at least one and at most two fields do per child.
    public var mutationRate: Double
    /// Standard deviation of a numeric mutation step, in normalized (or log) space.
    public var mutationStep: Double
    /// The chance a child mixes two parents rather than copying one.
    public var crossoverRate: Double
    /// Observations per tournament; larger means greedier.
    public var tournamentSize: Int
    /// Below this many scored observations there is nothing to exploit: it samples at random.
    public var minimumScored: Int
    /// Tries per proposal before giving up on finding one not seen before; the second half
    /// of them are random samples, to escape a converged population.
    public var maxAttempts: Int

    public init(
        space: SearchSpace, populationSize: Int = 16, mutationRate: Double = 0.15, mutationStep: Double = 0.15,
        crossoverRate: Double = 0.7, tournamentSize: Int = 4, minimumScored: Int = 4, maxAttempts: Int = 32
    ) {
        self.space = space
        self.populationSize = populationSize
        self.mutationRate = mutationRate
        self.mutationStep = mutationStep
        self.crossoverRate = crossoverRate
        self.tournamentSize = tournamentSize
        self.minimumScored = minimumScored
        self.maxAttempts = maxAttempts
    }

    public var name: String { "evolutionary" }

    /// Deltas that differ from `base` and from every observation and earlier proposal; fewer
    /// than `count` only when a tiny space runs out of new points within `maxAttempts`.
    public func propose(persona: Persona, count: Int, base: JSONValue, history: [Observation], using rng: inout some RandomNumberGenerator) -> [JSONValue] {
        let fields = space.fields[persona] ?? []
        guard count > 0, !fields.isEmpty else { return [] }
        let random = RandomProposer(space: space)
        let population = parents(fields: fields, base: base, history: history, using: &rng)
        let attempts = Swift.max(1, maxAttempts)
        var seen = SeenConfigs(space: space, persona: persona, base: base, history: history)
        return seen.distinct(count: count, attempts: attempts, space: space, base: base) { attempt in
            population.count < Swift.max(1, minimumScored) || attempt >= attempts / 2 + 1
                ? random.sample(fields, using: &rng)
                : child(of: population, fields: fields, using: &rng)
        }
    }

    /// The best `populationSize` scored observations, best first (earlier wins ties), each as
    /// complete legal field values of `base` with its delta applied.
    func parents(fields: [SearchField], base: JSONValue, history: [Observation], using rng: inout some RandomNumberGenerator) -> [(values: FieldValues, score: Double)] {
        let scored = history.enumerated().compactMap { index, observation -> (Int, Observation, Double)? in
            guard let score = observation.score, score.isFinite else { return nil }
            return (index, observation, score)
        }
        let best = scored.sorted { $0.2 != $1.2 ? $0.2 > $1.2 : $0.0 < $1.0 }.prefix(Swift.max(1, populationSize))
        return best.map { _, observation, score in
            let config = base.merging(patch: observation.delta)
            var values: FieldValues = [:]
            for field in fields { values[field.path] = field.legalized(config.value(at: field.path), using: &rng) }
            return (values, score)
        }
    }

    func child(of population: [(values: FieldValues, score: Double)], fields: [SearchField], using rng: inout some RandomNumberGenerator) -> FieldValues {
        var values = tournament(population, using: &rng)
        if Double.random(in: 0..<1, using: &rng) < crossoverRate {
            let other = tournament(population, using: &rng)
            for field in fields where Bool.random(using: &rng) { values[field.path] = other[field.path] }
        }
        var chosen = fields.filter { _ in Double.random(in: 0..<1, using: &rng) < mutationRate }.shuffled(using: &rng)
        if chosen.isEmpty { chosen = [fields.randomElement(using: &rng)!] }
        for field in chosen.prefix(2) {
            values[field.path] = field.mutated(values[field.path]!, step: mutationStep, using: &rng)
        }
        return values
    }

    private func tournament(_ population: [(values: FieldValues, score: Double)], using rng: inout some RandomNumberGenerator) -> FieldValues {
        var best = Int.random(in: population.indices, using: &rng)
        for _ in 1..<Swift.max(1, tournamentSize) {
            let contender = Int.random(in: population.indices, using: &rng)
            if population[contender].score > population[best].score { best = contender }
        }
        return population[best].values
    }
}

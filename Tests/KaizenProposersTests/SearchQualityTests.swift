import KaizenCore
import KaizenProposers
import KaizenSearchSpace
import Testing

/// On a synthetic objective (minus the distance to a hidden optimum) the evolutionary
/// proposer must beat random search at an equal budget, on average over seeds.
@Suite struct SearchQualityTests {
    let space = Fixtures.space
    let base = Fixtures.production

    /// The best distance to `optimum` found in `rounds` batches of `batch` proposals.
    func bestDistance(_ proposer: some ClassicalProposer, persona: Persona, optimum: JSONValue, seed: UInt64, rounds: Int = 12, batch: Int = 8) -> Double {
        let distance = SearchDistance(space: space)
        var rng = SeededGenerator(seed: seed)
        var history: [Observation] = []
        for _ in 0..<rounds {
            for delta in proposer.propose(persona: persona, count: batch, base: base, history: history, using: &rng) {
                history.append(Observation(delta: delta, score: -distance.distance(optimum, base: base, delta: delta, persona: persona)))
            }
        }
        #expect(history.count == rounds * batch)
        return -(history.compactMap(\.score).max() ?? -1)
    }

    @Test(arguments: Persona.allCases)
    func evolutionBeatsRandomSearchAtAnEqualBudget(persona: Persona) {
        let seeds: [UInt64] = Array(1...10)
        var random = 0.0
        var evolutionary = 0.0
        for seed in seeds {
            var hidden = SeededGenerator(seed: 1_000 + seed)
            let optimum = base.merging(patch: RandomProposer(space: space).propose(persona: persona, count: 1, base: base, history: [], using: &hidden)[0])
            random += bestDistance(RandomProposer(space: space), persona: persona, optimum: optimum, seed: seed)
            evolutionary += bestDistance(EvolutionaryProposer(space: space), persona: persona, optimum: optimum, seed: seed)
        }
        random /= Double(seeds.count)
        evolutionary /= Double(seeds.count)
        print("\(persona): mean best distance random \(random), evolutionary \(evolutionary)")
        #expect(evolutionary < 0.7 * random, "random \(random), evolutionary \(evolutionary)")
    }
}

import KaizenCore
import KaizenProposers
import KaizenSearchSpace
import Testing

@Suite struct DeduplicationTests {
    let base = Fixtures.production

    /// A space of 2 × 2 × 3 = 12 configs makes repeats likely unless they are avoided.
    let tiny = SearchSpace(fields: [
        .architecture: [
            SearchField(path: "architecture.residual", kind: .bool),
            SearchField(path: "architecture.gated", kind: .bool),
            SearchField(path: "architecture.interaction", kind: .choice([.string("dot"), .string("concat"), .string("both")])),
        ],
    ])

    func key(_ delta: JSONValue) -> String {
        let config = base.merging(patch: delta)
        return ["residual", "gated", "interaction"].map { config.value(at: "architecture.\($0)")!.canonicalText }.joined(separator: ",")
    }

    @Test func noRepeatsWithinABatchOrAgainstHistory() {
        let proposers: [any ClassicalProposer] = [RandomProposer(space: tiny, maxAttempts: 200), EvolutionaryProposer(space: tiny, minimumScored: 2, maxAttempts: 200)]
        for proposer in proposers {
            var rng = SeededGenerator(seed: 5)
            let history = [
                Observation(delta: Fixtures.json(#"{"architecture": {"residual": true}}"#), score: 0.9),
                Observation(delta: Fixtures.json(#"{"architecture": {"gated": true}}"#), score: 0.8),
                Observation(delta: Fixtures.json(#"{"architecture": {"interaction": "both"}}"#), score: nil),
                Observation(delta: Fixtures.json(#"{"architecture": {"residual": true, "gated": true}}"#), score: 0.7),
            ]
            let batch = proposer.propose(persona: .architecture, count: 7, base: base, history: history, using: &rng)
            // 12 configs, minus production and the 4 observed: exactly 7 are new.
            #expect(batch.count == 7, "\(proposer.name)")
            let seen = Set(history.map { key($0.delta) } + [key(.object([:]))])
            let keys = batch.map(key)
            #expect(Set(keys).count == keys.count, "\(proposer.name) repeated within a batch: \(keys)")
            #expect(seen.isDisjoint(with: keys), "\(proposer.name) repeated history: \(keys)")
            for delta in batch { #expect(tiny.problems(inDelta: delta, persona: .architecture).isEmpty) }
            // Nothing is left: it returns fewer rather than a repeat.
            let more = proposer.propose(persona: .architecture, count: 3, base: base, history: history + batch.map { Observation(delta: $0, score: 0.5) }, using: &rng)
            #expect(more.isEmpty, "\(proposer.name): \(more.map(\.canonicalText))")
        }
    }

    @Test func evolutionaryBatchesOnTheRealSpaceAreDistinct() {
        var rng = SeededGenerator(seed: 9)
        let space = Fixtures.space
        let history = (0..<12).map { i in
            Observation(delta: Fixtures.json(#"{"optimizer": {"epochs": \#(1 + i % 10), "momentum": \#(Double(i) / 20)}}"#), score: Double(i))
        }
        let batch = EvolutionaryProposer(space: space).propose(persona: .optimizer, count: 30, base: base, history: history, using: &rng)
        let configs = batch.map { space.values(base.merging(patch: $0)) }
        #expect(Set(configs).count == 30)
        #expect(Set(configs).isDisjoint(with: history.map { space.values(base.merging(patch: $0.delta)) }))
    }
}

extension SearchSpace {
    /// The optimizer slice of a config, as canonical text.
    func values(_ config: JSONValue) -> String {
        (fields[.optimizer] ?? []).map { config.value(at: $0.path)?.canonicalText ?? "-" }.joined(separator: ",")
    }
}

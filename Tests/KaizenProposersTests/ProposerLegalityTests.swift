import KaizenCore
import KaizenProposers
import KaizenSearchSpace
import Testing

@Suite struct ProposerLegalityTests {
    let space = Fixtures.space
    let base = Fixtures.production

    var proposers: [any ClassicalProposer] { [RandomProposer(space: space), EvolutionaryProposer(space: space)] }

    /// Many rounds with a growing, partly failed history: every delta must pass validation.
    @Test(arguments: Persona.allCases)
    func everyProposalIsALegalDeltaOfThePersona(persona: Persona) {
        let distance = SearchDistance(space: space)
        for proposer in proposers {
            var rng = SeededGenerator(seed: 7)
            var history: [Observation] = []
            for round in 0..<25 {
                let batch = proposer.propose(persona: persona, count: 8, base: base, history: history, using: &rng)
                #expect(batch.count == 8)
                for delta in batch {
                    #expect(delta.objectValue?.keys.sorted() == [persona.rawValue], "\(proposer.name): \(delta.canonicalText)")
                    let problems = space.problems(inDelta: delta, persona: persona)
                    #expect(problems.isEmpty, "\(proposer.name) \(persona): \(problems) in \(delta.canonicalText)")
                    #expect(space.problems(inConfig: base.merging(patch: delta)).isEmpty)
                    let failed = round % 5 == 4
                    history.append(Observation(delta: delta, score: failed ? nil : -distance.distance(base, base: base, delta: delta, persona: persona)))
                }
            }
        }
    }

    @Test func historyWithIllegalValuesStillYieldsLegalChildren() {
        var rng = SeededGenerator(seed: 3)
        let bad = [
            #"{"architecture": {"tower": [1000, 3, 64, 64, 64], "dropout": 0.9, "activation": "tanh"}}"#,
            #"{"architecture": {"embedding_dim": 500.5, "residual": "yes"}}"#,
            #"{"architecture": {"embedding_dim": 12, "gated": true}}"#,
            #"{"architecture": {"tower": [], "interaction": "both"}}"#,
            #"[1, 2]"#,
        ]
        let history = bad.enumerated().map { Observation(delta: Fixtures.json($1), score: Double($0)) }
        let deltas = EvolutionaryProposer(space: space).propose(persona: .architecture, count: 40, base: base, history: history, using: &rng)
        #expect(deltas.count == 40)
        for delta in deltas { #expect(space.problems(inDelta: delta, persona: .architecture).isEmpty, "\(delta.canonicalText)") }
    }

    @Test func sampledFloatsAreShort() {
        var rng = SeededGenerator(seed: 11)
        for delta in RandomProposer(space: space).propose(persona: .optimizer, count: 50, base: base, history: [], using: &rng) {
            for path in delta.leafPaths() {
                guard let x = delta.value(at: path)?.doubleValue else { continue }
                let mantissa = JSONValue.number(x).canonicalText.split(separator: "e")[0]
                let digits = mantissa.filter(\.isNumber).drop { $0 == "0" }
                #expect(digits.count <= 4, "\(path) = \(x)")
            }
        }
    }

    @Test func theSameSeedGivesTheSameProposals() {
        for proposer in proposers {
            var a = SeededGenerator(seed: 42)
            var b = SeededGenerator(seed: 42)
            let history = [Observation(delta: Fixtures.json(#"{"optimizer": {"name": "adam"}}"#), score: 1)]
            #expect(proposer.propose(persona: .optimizer, count: 5, base: base, history: history, using: &a)
                == proposer.propose(persona: .optimizer, count: 5, base: base, history: history, using: &b))
        }
    }

    @Test func aPersonaWithoutFieldsOrAZeroCountGetsNothing() {
        var rng = SeededGenerator(seed: 1)
        let empty = SearchSpace(fields: [:])
        #expect(RandomProposer(space: empty).propose(persona: .reward, count: 3, base: base, history: [], using: &rng).isEmpty)
        #expect(EvolutionaryProposer(space: empty).propose(persona: .reward, count: 3, base: base, history: [], using: &rng).isEmpty)
        #expect(RandomProposer(space: space).propose(persona: .reward, count: 0, base: base, history: [], using: &rng).isEmpty)
    }
}

import KaizenCore
import KaizenProposers
import KaizenSearchSpace
import Testing

@Suite struct SummaryTests {
    let space = Fixtures.space
    let base = Fixtures.production

    var proposers: [any ClassicalProposer] { [RandomProposer(space: space), EvolutionaryProposer(space: space)] }

    @Test func withoutHistoryItSaysSo() {
        for proposer in proposers {
            var rng = SeededGenerator(seed: 1)
            let text = proposer.summary(persona: .optimizer, base: base, history: [], using: &rng)
            #expect(text.contains("no history"), "\(text)")
            #expect(text.contains(proposer.name))
            #expect(text.contains("Next tries"))
            #expect(!text.contains("Best region"))
            #expect(text.count < 1_500)
        }
    }

    @Test func itNamesTheBestRegionAndTheNextTries() {
        // Scores rise with the learning rate; the top quarter (3 of 12) is adam/adamw at 0.01–0.03.
        let rows: [(String, Double, Double?)] = [
            ("sgd", 0.0001, 0.1), ("sgd", 0.0002, 0.2), ("rmsprop", 0.0005, 0.3), ("sgd", 0.001, 0.4),
            ("adagrad", 0.002, 0.5), ("sgd", 0.003, 0.6), ("rmsprop", 0.004, 0.65), ("sgd", 0.005, 0.7),
            ("sgd", 0.007, 0.75), ("adam", 0.01, 0.8), ("adamw", 0.02, 0.9), ("adam", 0.03, 0.95),
            ("adam", 0.3, nil),
        ]
        let history = rows.map { name, lr, score in
            Observation(delta: Fixtures.json(#"{"optimizer": {"name": "\#(name)", "learning_rate": \#(lr)}}"#), score: score)
        }
        for proposer in proposers {
            var rng = SeededGenerator(seed: 2)
            let text = proposer.summary(persona: .optimizer, base: base, history: history, using: &rng)
            #expect(text.contains("13 observations (12 scored, 1 failed); best score 0.95"), "\(text)")
            #expect(text.contains("Best region (top 3 of 12 scored)"), "\(text)")
            #expect(text.contains("learning_rate 0.01..0.03"), "\(text)")
            #expect(text.contains(#"name "adam"×2 "adamw"×1"#), "\(text)")
            #expect(text.contains("momentum 0.9"), "\(text)")
            #expect(text.contains("1. ") && text.contains("3. "), "\(text)")
            #expect(text.count < 1_500)
        }
    }

    @Test func allFailedHistoryHasNoBestRegion() {
        var rng = SeededGenerator(seed: 3)
        let history = [Observation(delta: Fixtures.json(#"{"reward": {"watch": 0.5}}"#), score: nil)]
        let text = EvolutionaryProposer(space: space).summary(persona: .reward, base: base, history: history, using: &rng)
        #expect(text.contains("none scored"), "\(text)")
        #expect(!text.contains("Best region"))
    }

    @Test func architectureSummaryStaysShort() {
        var rng = SeededGenerator(seed: 4)
        let proposer = RandomProposer(space: space)
        var history: [Observation] = []
        for (i, delta) in proposer.propose(persona: .architecture, count: 40, base: base, history: [], using: &rng).enumerated() {
            history.append(Observation(delta: delta, score: Double(i % 7)))
        }
        let text = EvolutionaryProposer(space: space).summary(persona: .architecture, base: base, history: history, using: &rng)
        #expect(text.contains("tower "))
        #expect(text.count < 1_500, "\(text.count) characters")
    }
}

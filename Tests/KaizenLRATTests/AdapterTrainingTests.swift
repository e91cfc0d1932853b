import Foundation
import KaizenCore
import KaizenLRAT
import Testing

@Suite struct AdapterTrainingTests {
    static func unit(_ v: [Double]) -> [Double] {
        let n = (v.reduce(0) { $0 + $1 * $1 }).squareRoot()
        return v.map { $0 / n }
    }

    static func batch() -> [WeightedInfoNCE.Example] {
        [
            .init(query: unit([1, 0.2, 0, 0.1]), positive: unit([0.9, 0.1, 0.3, 0]), negatives: [unit([0, 1, 0, 0]), unit([0.2, 0, 1, 0.1])], weight: 1.4),
            .init(query: unit([0, 1, 0.3, 0]), positive: unit([0.1, 0.8, 0.2, 0.3]), negatives: [unit([1, 0, 0, 0.2])], weight: 0.6),
            .init(query: unit([0.3, 0, 0, 1]), positive: unit([0.2, 0.1, 0, 0.9]), negatives: [], weight: 1),
        ]
    }

    @Test func theIdentityAdapterIsTheZeroShotEncoder() {
        let adapter = LinearAdapter(dimension: 4)
        let e = Self.unit([0.3, -0.2, 0.5, 0.1])
        #expect(zip(adapter.apply(e), e).allSatisfy { abs($0 - $1) < 1e-15 })
    }

    @Test func theLossMatchesItsDefinition() {
        let b = Self.batch()
        let tau = 0.05
        let (loss, _, _) = WeightedInfoNCE(temperature: tau).lossAndGradient(b, adapter: LinearAdapter(dimension: 4))
        func dot(_ x: [Double], _ y: [Double]) -> Double { zip(x, y).reduce(0) { $0 + $1.0 * $1.1 } }
        var expected = 0.0
        for (i, e) in b.enumerated() {
            let candidates = [e.positive] + e.negatives + b.indices.filter { $0 != i }.map { b[$0].positive }
            let scores = candidates.map { dot(e.query, $0) / tau }
            expected += e.weight * (log(scores.map(exp).reduce(0, +)) - scores[0])
        }
        #expect(abs(loss - expected / 3) < 1e-12)
    }

    @Test func gradientsMatchFiniteDifferences() {
        let b = Self.batch()
        let objective = WeightedInfoNCE(temperature: 0.1)
        var adapter = LinearAdapter(dimension: 4)
        // Move away from the identity so every term of the gradient is exercised.
        for k in adapter.weight.indices { adapter.weight[k] += 0.05 * sin(Double(k) * 1.7) }
        for k in adapter.bias.indices { adapter.bias[k] = 0.03 * cos(Double(k)) }
        let (_, gW, gB) = objective.lossAndGradient(b, adapter: adapter)
        let h = 1e-6
        var worst = 0.0
        for k in adapter.weight.indices {
            var plus = adapter, minus = adapter
            plus.weight[k] += h
            minus.weight[k] -= h
            let numeric = (objective.lossAndGradient(b, adapter: plus).loss - objective.lossAndGradient(b, adapter: minus).loss) / (2 * h)
            worst = max(worst, abs(numeric - gW[k]))
        }
        for k in adapter.bias.indices {
            var plus = adapter, minus = adapter
            plus.bias[k] += h
            minus.bias[k] -= h
            let numeric = (objective.lossAndGradient(b, adapter: plus).loss - objective.lossAndGradient(b, adapter: minus).loss) / (2 * h)
            worst = max(worst, abs(numeric - gB[k]))
        }
        #expect(worst < 1e-6, "largest gradient error \(worst)")
    }

    @Test func trainingLowersTheLossAndRanksPositivesFirst() {
        // Queries are rotated copies of their positives; the identity ranks some negatives higher.
        var rng = SeededGenerator(seed: 3)
        func random() -> [Double] { Self.unit((0..<6).map { _ in Double(rng.next() % 2000) / 1000 - 1 }) }
        var examples: [WeightedInfoNCE.Example] = []
        for _ in 0..<48 {
            let p = random()
            let q = Self.unit([p[1], p[2], p[0], p[4], p[5], p[3]])
            examples.append(.init(query: q, positive: p, negatives: [random(), random()], weight: 1))
        }
        var losses: [Double] = []
        var trainer = AdapterTrainer()
        trainer.epochs = 40
        trainer.batchSize = 16
        trainer.learningRate = 0.02
        trainer.temperature = 0.1
        let adapter = trainer.train(examples, dimension: 6) { _, loss in losses.append(loss) }
        #expect(losses.count == 40)
        #expect(losses.last! < losses.first! * 0.5, "\(losses.first!) -> \(losses.last!)")
        func dot(_ x: [Double], _ y: [Double]) -> Double { zip(x, y).reduce(0) { $0 + $1.0 * $1.1 } }
        let top1 = examples.filter { e in
            let s = dot(adapter.apply(e.query), adapter.apply(e.positive))
            return e.negatives.allSatisfy { dot(adapter.apply(e.query), adapter.apply($0)) < s }
        }.count
        #expect(top1 >= 44, "\(top1) of 48")
    }
}

import Foundation
import KaizenCore

/// Trains a `LinearAdapter` with Adam on weighted InfoNCE over mined pairs.
public struct AdapterTrainer: Sendable {
    public var epochs = 10
    public var batchSize = 32
    public var learningRate = 3e-4
    public var temperature = 0.02
    /// At most this many unbrowsed negatives per pair.
    public var negativesPerPair = 4
    public var seed: UInt64 = 7

    public init() {}

    /// Trains from the identity; `log` gets each epoch's mean loss.
    public func train(_ examples: [WeightedInfoNCE.Example], dimension: Int, log: (Int, Double) -> Void = { _, _ in }) -> LinearAdapter {
        var adapter = LinearAdapter(dimension: dimension)
        guard !examples.isEmpty else { return adapter }
        let objective = WeightedInfoNCE(temperature: temperature)
        var mW = [Double](repeating: 0, count: dimension * dimension), vW = mW
        var mB = [Double](repeating: 0, count: dimension), vB = mB
        let (beta1, beta2, eps) = (0.9, 0.999, 1e-8)
        var step = 0
        var rng = SeededGenerator(seed: seed)
        var order = Array(examples.indices)
        for epoch in 1...epochs {
            for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            var losses: [Double] = []
            for begin in stride(from: 0, to: order.count, by: batchSize) {
                let batch = order[begin..<min(order.count, begin + batchSize)].map { index -> WeightedInfoNCE.Example in
                    var e = examples[index]
                    e.negatives = Array(e.negatives.prefix(negativesPerPair))
                    return e
                }
                let (loss, gW, gB) = objective.lossAndGradient(batch, adapter: adapter)
                losses.append(loss)
                step += 1
                let c1 = 1 - pow(beta1, Double(step)), c2 = 1 - pow(beta2, Double(step))
                for k in gW.indices {
                    mW[k] = beta1 * mW[k] + (1 - beta1) * gW[k]
                    vW[k] = beta2 * vW[k] + (1 - beta2) * gW[k] * gW[k]
                    adapter.weight[k] -= learningRate * (mW[k] / c1) / ((vW[k] / c2).squareRoot() + eps)
                }
                for k in gB.indices {
                    mB[k] = beta1 * mB[k] + (1 - beta1) * gB[k]
                    vB[k] = beta2 * vB[k] + (1 - beta2) * gB[k] * gB[k]
                    adapter.bias[k] -= learningRate * (mB[k] / c1) / ((vB[k] / c2).squareRoot() + eps)
                }
            }
            log(epoch, losses.reduce(0, +) / Double(max(1, losses.count)))
        }
        return adapter
    }
}

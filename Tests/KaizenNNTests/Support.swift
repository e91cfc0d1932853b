@testable import KaizenNN

/// A seeded stream for test data (independent of the library's generator).
struct TestRandom {
    var state: UInt64
    init(_ seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }
    mutating func int(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func gaussian() -> Double {
        let u1 = max(uniform(), 1e-300), u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}

/// A learnable ranking problem: users and items have hidden vectors, the dense features show
/// them with noise, and the label is whether their dot product is positive.
struct SyntheticProblem {
    let users: Int
    let items: Int
    let featureCount: Int
    var userIDs: [Int32] = []
    var itemIDs: [Int32] = []
    var userDense: [Float] = []
    var itemDense: [Float] = []
    var labels: [Float] = []
    var count: Int { labels.count }

    init(users: Int = 60, items: Int = 80, dimension: Int = 4, examples: Int, seed: UInt64) {
        self.users = users
        self.items = items
        featureCount = dimension
        var rng = TestRandom(seed)
        let p = (0..<(users * dimension)).map { _ in rng.gaussian() }
        let q = (0..<(items * dimension)).map { _ in rng.gaussian() }
        for _ in 0..<examples {
            let u = rng.int(users), i = rng.int(items)
            var dot = 0.0
            for d in 0..<dimension {
                dot += p[u * dimension + d] * q[i * dimension + d]
                userDense.append(Float(p[u * dimension + d] + 0.3 * rng.gaussian()))
                itemDense.append(Float(q[i * dimension + d] + 0.3 * rng.gaussian()))
            }
            userIDs.append(Int32(u))
            itemIDs.append(Int32(i))
            labels.append(dot > 0 ? 1 : 0)
        }
    }

    func batch(_ range: Range<Int>) -> Batch {
        let f = featureCount
        return Batch(
            users: Array(userIDs[range]), items: Array(itemIDs[range]),
            userDense: Array(userDense[(range.lowerBound * f)..<(range.upperBound * f)]),
            itemDense: Array(itemDense[(range.lowerBound * f)..<(range.upperBound * f)]))
    }

    func network(_ architecture: ArchitectureSpec, seed: UInt64 = 1) -> RankingNetwork {
        RankingNetwork(architecture: architecture, users: users, items: items, userFeatureCount: featureCount, itemFeatureCount: featureCount, seed: seed)
    }

    /// Mean BCE over all examples, in inference mode.
    func loss(of network: RankingNetwork) -> Float {
        let logits = network.forward(batch(0..<count), training: false)
        return Loss.binaryCrossEntropy(logits: logits, targets: labels, weights: nil).loss
    }

    /// One epoch of minibatch training; returns the mean training loss.
    @discardableResult
    func trainEpoch(_ network: RankingNetwork, _ optimizer: Optimizer, batchSize: Int) -> Float {
        var total: Float = 0
        var batches = 0
        var start = 0
        while start < count {
            let range = start..<min(start + batchSize, count)
            network.zeroGradients()
            let logits = network.forward(batch(range), training: true)
            let (loss, gradient) = Loss.binaryCrossEntropy(logits: logits, targets: Array(labels[range]), weights: nil)
            network.backward(gradient)
            optimizer.step()
            total += loss
            batches += 1
            start = range.upperBound
        }
        return total / Float(batches)
    }

    static func stepsPerEpoch(examples: Int, batchSize: Int) -> Int { (examples + batchSize - 1) / batchSize }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

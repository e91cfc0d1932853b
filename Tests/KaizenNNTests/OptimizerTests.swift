import Testing

@testable import KaizenNN

@Suite struct OptimizerTests {
    static let spec = ArchitectureSpec(embeddingDim: 4, towerWidths: [16, 8], activation: .relu)

    @Test(arguments: [
        (OptimizerKind.sgd, Float(0.05)), (.adagrad, 0.05), (.rmsprop, 0.003), (.adam, 0.01), (.adamw, 0.01),
    ])
    func everyOptimizerLearns(kind: OptimizerKind, learningRate: Float) {
        let problem = SyntheticProblem(examples: 1024, seed: 21)
        let network = problem.network(Self.spec, seed: 2)
        let spec = OptimizerSpec(kind: kind, learningRate: learningRate, weightDecay: 1e-4, batchSize: 64, epochs: 4)
        let optimizer = Optimizer(spec: spec, network: network, totalSteps: 4 * 16, seed: 1)
        let before = problem.loss(of: network)
        for _ in 0..<4 { problem.trainEpoch(network, optimizer, batchSize: 64) }
        let after = problem.loss(of: network)
        #expect(after < 0.8 * before, "\(kind): loss \(before) -> \(after)")
        #expect(optimizer.stepCount == 64)
    }

    /// With a zero gradient, Adam's L2 decay becomes the whole (normalized) gradient and moves
    /// every weight by about lr toward zero, while AdamW shrinks it by the factor (1 - lr * wd).
    @Test func adamWDecayIsDecoupledFromTheGradient() {
        let problem = SyntheticProblem(examples: 8, seed: 1)
        let lr: Float = 0.01, wd: Float = 0.1
        var results: [OptimizerKind: [Float]] = [:]
        var initial: [Float] = []
        for kind in [OptimizerKind.adam, .adamw] {
            let network = problem.network(Self.spec, seed: 9)
            let weight = network.parameters.first { $0.name == "user.layer0.linear.weight" }!
            initial = Array(UnsafeBufferPointer(start: weight.value, count: weight.count))
            network.zeroGradients()
            let optimizer = Optimizer(spec: OptimizerSpec(kind: kind, learningRate: lr, weightDecay: wd), network: network, totalSteps: 1, seed: 1)
            optimizer.step()
            results[kind] = Array(UnsafeBufferPointer(start: weight.value, count: weight.count))
        }
        for k in initial.indices where abs(initial[k]) > 1e-3 {
            #expect(results[.adamw]![k] == initial[k] * (1 - lr * wd))
            let sign: Float = initial[k] > 0 ? 1 : -1
            #expect(abs(results[.adam]![k] - (initial[k] - lr * sign)) < 1e-4)
        }
    }

    @Test func schedulesGiveTheDocumentedRates() {
        func rates(_ schedule: Schedule, at steps: [Int]) -> [Float] {
            steps.map { schedule.multiplier(step: $0, totalSteps: 100) }
        }
        #expect(rates(.constant, at: [0, 50, 99]) == [1, 1, 1])
        let cosine = rates(.cosine, at: [0, 25, 50, 100])
        #expect(abs(cosine[0] - 1) < 1e-6 && abs(cosine[1] - 0.853_553_4) < 1e-6 && abs(cosine[2] - 0.5) < 1e-6 && abs(cosine[3]) < 1e-6)
        #expect(rates(.step, at: [0, 49, 50, 74, 75, 99]) == [1, 1, 0.1, 0.1, 0.01, 0.01])
        // Warm-up over max(1, 100 / 20) = 5 steps, then cosine over the remaining 95.
        let warm = rates(.warmupCosine, at: [0, 1, 4, 5, 100])
        #expect(warm[0] == 0.2 && warm[1] == 0.4 && warm[2] == 1 && warm[3] == 1 && abs(warm[4]) < 1e-6)
        let tail = rates(.warmupCosine, at: Array(5...100))
        #expect(zip(tail, tail.dropFirst()).allSatisfy { $0 >= $1 })

        // The optimizer applies the schedule as it steps.
        let network = SyntheticProblem(examples: 4, seed: 1).network(Self.spec)
        let optimizer = Optimizer(spec: OptimizerSpec(learningRate: 0.1, schedule: .cosine), network: network, totalSteps: 10, seed: 1)
        #expect(optimizer.currentLearningRate == 0.1)
        for _ in 0..<5 { network.zeroGradients(); optimizer.step() }
        #expect(abs(optimizer.currentLearningRate - 0.05) < 1e-6)
    }

    static func globalNorm(_ network: RankingNetwork) -> Double {
        var sum = 0.0
        for p in network.parameters {
            for k in 0..<p.count { sum += Double(p.gradient[k]) * Double(p.gradient[k]) }
        }
        return sum.squareRoot()
    }

    @Test func clippingBoundsTheGlobalNorm() {
        let problem = SyntheticProblem(examples: 32, seed: 6)
        let network = problem.network(Self.spec)
        network.zeroGradients()
        _ = network.forward(problem.batch(0..<32), training: true)
        network.backward([Float](repeating: 100, count: 32))
        let raw = Self.globalNorm(network)
        #expect(raw > 1)
        let optimizer = Optimizer(spec: OptimizerSpec(gradientClip: 0.5), network: network, totalSteps: 1, seed: 1)
        optimizer.prepareGradients()
        #expect(abs(Double(optimizer.lastGradientNorm) - raw) <= 1e-4 * raw)
        #expect(abs(Self.globalNorm(network) - 0.5) < 1e-4)
        // Below the bound nothing changes.
        let loose = Optimizer(spec: OptimizerSpec(gradientClip: 10), network: network, totalSteps: 1, seed: 1)
        loose.prepareGradients()
        #expect(abs(Self.globalNorm(network) - 0.5) < 1e-4)
    }

    @Test func gradientNoiseIsDeterministicPerSeedAndAnneals() {
        let problem = SyntheticProblem(examples: 4, seed: 2)
        let wide = ArchitectureSpec(embeddingDim: 8, towerWidths: [64, 64])
        let eta: Float = 0.3
        func noisedGradients(seed: UInt64, atStep step: Int) -> [Float] {
            let network = problem.network(wide)
            network.zeroGradients()
            let optimizer = Optimizer(spec: OptimizerSpec(gradientNoise: eta), network: network, totalSteps: 10_000, seed: seed)
            optimizer.stepCount = step
            optimizer.prepareGradients()
            return network.parameters.filter { !$0.isSparse }.flatMap { Array(UnsafeBufferPointer(start: $0.gradient, count: $0.count)) }
        }
        let first = noisedGradients(seed: 1, atStep: 0)
        #expect(first == noisedGradients(seed: 1, atStep: 0))
        #expect(first != noisedGradients(seed: 2, atStep: 0))
        func std(_ values: [Float]) -> Double {
            let mean = values.reduce(0.0) { $0 + Double($1) } / Double(values.count)
            return (values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(values.count)).squareRoot()
        }
        // Variance eta / (1 + t)^0.55, estimated from ~10k draws (relative error ~1%).
        for step in [0, 10, 1000] {
            let expected = (Double(eta) / pow(1 + Double(step), 0.55)).squareRoot()
            let measured = std(noisedGradients(seed: 3, atStep: step))
            #expect(abs(measured - expected) < 0.05 * expected, "step \(step): std \(measured), expected \(expected)")
        }
        let optimizer = Optimizer(spec: OptimizerSpec(gradientNoise: eta), network: problem.network(wide), totalSteps: 1, seed: 1)
        #expect(optimizer.noiseStandardDeviation(atStep: 100) < optimizer.noiseStandardDeviation(atStep: 10))
        let silent = Optimizer(spec: OptimizerSpec(), network: problem.network(wide), totalSteps: 1, seed: 1)
        #expect(silent.noiseStandardDeviation(atStep: 0) == 0)
    }

    @Test func embeddingsUpdateOnlyTouchedRows() {
        let problem = SyntheticProblem(examples: 8, seed: 12)
        let network = problem.network(Self.spec)
        let table = network.parameters[0]
        #expect(table.isSparse)
        let before = Array(UnsafeBufferPointer(start: table.value, count: table.count))
        let optimizer = Optimizer(spec: OptimizerSpec(kind: .adam, learningRate: 0.01, weightDecay: 0.1), network: network, totalSteps: 1, seed: 1)
        network.zeroGradients()
        let batch = problem.batch(0..<8)
        _ = network.forward(batch, training: true)
        network.backward([Float](repeating: 0.5, count: 8))
        optimizer.step()
        let used = Set(batch.users.map(Int.init))
        for row in 0..<table.rows {
            let changed = (0..<table.columns).contains { table.value[row * table.columns + $0] != before[row * table.columns + $0] }
            #expect(changed == used.contains(row), "row \(row)")
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

import Testing

@testable import KaizenNN

@Suite struct NetworkTests {
    @Test func sameSeedGivesIdenticalWeightsAndLogits() {
        let spec = ArchitectureSpec(embeddingDim: 8, towerWidths: [16, 8], activation: .gelu, hourglass: true, gated: true, layerNorm: true, dropout: 0.1, interaction: .both)
        let problem = SyntheticProblem(examples: 64, seed: 3)
        let a = problem.network(spec, seed: 42)
        let b = problem.network(spec, seed: 42)
        let c = problem.network(spec, seed: 43)
        for (pa, pb) in zip(a.parameters, b.parameters) {
            #expect(Array(UnsafeBufferPointer(start: pa.value, count: pa.count)) == Array(UnsafeBufferPointer(start: pb.value, count: pb.count)))
        }
        let batch = problem.batch(0..<64)
        #expect(a.forward(batch, training: false) == b.forward(batch, training: false))
        #expect(a.forward(batch, training: false) != c.forward(batch, training: false))
        // Training (dropout, gradient noise) is deterministic too.
        let optimizerSpec = OptimizerSpec(kind: .adamw, learningRate: 0.01, weightDecay: 0.01, gradientClip: 1, gradientNoise: 0.01)
        let oa = Optimizer(spec: optimizerSpec, network: a, totalSteps: 10, seed: 7)
        let ob = Optimizer(spec: optimizerSpec, network: b, totalSteps: 10, seed: 7)
        // Batches of 32 take the two-thread path (Parallel.minimumBatch).
        problem.trainEpoch(a, oa, batchSize: 32)
        problem.trainEpoch(b, ob, batchSize: 32)
        #expect(a.forward(batch, training: false) == b.forward(batch, training: false))
    }

    @Test func towersGiveTheSameResultsOnOneThreadOrTwo() {
        let spec = ArchitectureSpec(embeddingDim: 8, towerWidths: [16, 16], activation: .silu, residual: true, layerNorm: true, interaction: .both)
        let problem = SyntheticProblem(examples: 96, seed: 13)
        let network = problem.network(spec)
        let batch = problem.batch(0..<96)
        #expect(batch.count >= Parallel.minimumBatch)
        let together = network.forward(batch, training: false)
        // One example at a time runs serially.
        for index in stride(from: 0, to: 96, by: 7) {
            let single = network.forward(problem.batch(index..<(index + 1)), training: false)[0]
            #expect(abs(single - together[index]) <= 1e-5 * max(1, abs(single)), "example \(index)")
        }
        // Gradients: one batch of 96 (parallel) against the sum over 3 batches of 32 ... and
        // 96 batches of one (serial).
        func gradients(_ chunk: Int) -> [[Float]] {
            network.zeroGradients()
            var start = 0
            while start < 96 {
                let range = start..<min(start + chunk, 96)
                _ = network.forward(problem.batch(range), training: true)
                network.backward(range.map { Float($0 % 5) * 0.1 - 0.2 })
                start = range.upperBound
            }
            return network.parameters.map { Array(UnsafeBufferPointer(start: $0.gradient, count: $0.count)) }
        }
        let parallel = gradients(96)
        let serial = gradients(1)
        for (p, s) in zip(parallel, serial) {
            for k in p.indices { #expect(abs(p[k] - s[k]) <= 1e-4 * max(1, abs(s[k]))) }
        }
    }

    @Test func anEmptyBatchIsANoOp() {
        let network = SyntheticProblem(examples: 4, seed: 1).network(ArchitectureSpec(embeddingDim: 4, towerWidths: [8]))
        let empty = Batch(users: [], items: [])
        #expect(network.forward(empty, training: true).isEmpty)
        network.backward([])
    }

    @Test func dropoutOnlyActsInTraining() {
        let spec = ArchitectureSpec(embeddingDim: 4, towerWidths: [16], dropout: 0.5)
        let problem = SyntheticProblem(examples: 32, seed: 4)
        let network = problem.network(spec)
        let batch = problem.batch(0..<32)
        let evaluation = network.forward(batch, training: false)
        #expect(network.forward(batch, training: false) == evaluation)
        #expect(network.forward(batch, training: true) != evaluation)
    }

    @Test func parameterCountAndFLOPsFollowTheLayout() {
        // Default architecture: E = 16, towers [64, 32], ReLU, dot.
        let network = RankingNetwork(architecture: ArchitectureSpec(), users: 100, items: 50, userFeatureCount: 4, itemFeatureCount: 6, seed: 1)
        func tower(_ dense: Int) -> Int { (16 + dense) * 64 + 64 + 64 * 32 + 32 + 32 * 32 + 32 }
        #expect(network.parameterCount == 100 * 16 + 50 * 16 + tower(4) + tower(6) + 1)
        func towerFLOPs(_ dense: Int) -> Int { 2 * ((16 + dense) * 64 + 64 * 32 + 32 * 32) }
        #expect(network.flopsPerExample == towerFLOPs(4) + towerFLOPs(6) + 2 * 32)

        // GLU layers double the hidden Linear; the concat head adds 3O -> O -> 1.
        let glu = RankingNetwork(architecture: ArchitectureSpec(embeddingDim: 4, towerWidths: [8], activation: .swiglu, interaction: .concat), users: 3, items: 3, userFeatureCount: 0, itemFeatureCount: 0, seed: 1)
        let gluTower = 4 * 16 + 16 + 8 * 8 + 8
        let head = 24 * 16 + 16 + 8 + 1
        #expect(glu.parameterCount == 2 * 3 * 4 + 2 * gluTower + head)
        #expect(glu.flopsPerExample == 2 * 2 * (4 * 16 + 8 * 8) + 2 * (24 * 16 + 8))
    }

    @Test func gradientsAccumulateUntilZeroed() {
        let problem = SyntheticProblem(examples: 16, seed: 8)
        let network = problem.network(ArchitectureSpec(embeddingDim: 4, towerWidths: [8]))
        let batch = problem.batch(0..<16)
        let upstream = [Float](repeating: 0.1, count: 16)
        network.zeroGradients()
        _ = network.forward(batch, training: true)
        network.backward(upstream)
        let once = network.parameters.map { Array(UnsafeBufferPointer(start: $0.gradient, count: $0.count)) }
        _ = network.forward(batch, training: true)
        network.backward(upstream)
        for (parameter, first) in zip(network.parameters, once) {
            for k in 0..<parameter.count { #expect(abs(parameter.gradient[k] - 2 * first[k]) <= 1e-6 * max(1, abs(first[k]))) }
        }
        network.zeroGradients()
        for parameter in network.parameters {
            #expect(UnsafeBufferPointer(start: parameter.gradient, count: parameter.count).allSatisfy { $0 == 0 })
            #expect(parameter.touchedRows.isEmpty)
        }
    }
}

import Testing

@testable import KaizenNN

@Suite struct ConvergenceTests {
    /// Labels from a hidden dot-product model, seen through noisy dense features: a few
    /// epochs of Adam reach a held-out AUC well above 0.8 (chance is 0.5).
    @Test(arguments: [Interaction.dot, .concat])
    func trainingReachesAUCAbovePointEight(interaction: Interaction) {
        let problem = SyntheticProblem(users: 200, items: 200, dimension: 4, examples: 6000, seed: 31)
        let trainCount = 5000
        var train = problem
        train.userIDs = Array(problem.userIDs[0..<trainCount])
        train.itemIDs = Array(problem.itemIDs[0..<trainCount])
        train.userDense = Array(problem.userDense[0..<(trainCount * 4)])
        train.itemDense = Array(problem.itemDense[0..<(trainCount * 4)])
        train.labels = Array(problem.labels[0..<trainCount])

        let network = problem.network(ArchitectureSpec(embeddingDim: 8, towerWidths: [32, 16], activation: .gelu, interaction: interaction), seed: 5)
        let epochs = 5
        let spec = OptimizerSpec(kind: .adam, learningRate: 0.01, batchSize: 128, epochs: epochs, schedule: .cosine)
        let optimizer = Optimizer(spec: spec, network: network, totalSteps: epochs * SyntheticProblem.stepsPerEpoch(examples: trainCount, batchSize: 128), seed: 5)
        for _ in 0..<epochs { train.trainEpoch(network, optimizer, batchSize: 128) }

        let scores = network.forward(problem.batch(trainCount..<problem.count), training: false)
        let labels = problem.labels[trainCount...].map { $0 > 0.5 }
        let auc = Metrics.auc(scores: scores, labels: labels)
        #expect(auc > 0.8, "held-out AUC \(auc)")
    }
}

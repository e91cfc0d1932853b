import Foundation
import KaizenCore
import KaizenNN
import KaizenWorld
import Logging
import Synchronization

/// Trains the Swift-native ranking model on the built-in world's logs and reports proxy
/// metrics on the held-out (later) days: `val_logloss` of the reward target, click `auc`,
/// `ndcg@10` of watch fraction within each user's day, and `ltv_kendall_tau`, the rank
/// correlation of scores with long-term value (comparable across reward definitions).
public struct BuiltinTrainer: Trainer {
    public let world: World
    public let logger: Logger
    /// Candidates scored per request, for the inference-cost figure.
    public let candidatesPerRequest: Int
    /// Called after each epoch with (epoch, epochs, train loss), e.g. for a progress bar.
    public let progress: (@Sendable (Int, Int, Double) -> Void)?

    public init(world: World, logger: Logger = Logger(label: "kaizen.trainer"), candidatesPerRequest: Int = 100, progress: (@Sendable (Int, Int, Double) -> Void)? = nil) {
        self.world = world
        self.logger = logger
        self.candidatesPerRequest = candidatesPerRequest
        self.progress = progress
    }

    public func train(_ job: TrainingJob) async throws(TrainingFailure) -> TrainingResult {
        try await trainModel(job).result
    }

    /// Trains and returns the model too, as a `Ranker` the world can serve.
    ///
    /// The work runs on a thread of its own: seconds of synchronous math on Swift's
    /// cooperative pool (one thread per core) would starve every other task of the process,
    /// such as LLM requests and sandboxed jobs running at the same time.
    public func trainModel(_ job: TrainingJob) async throws(TrainingFailure) -> (result: TrainingResult, ranker: TrainedRanker) {
        let flag = CancellationFlag()
        let outcome: Result<(result: TrainingResult, ranker: TrainedRanker), TrainingFailure> = await withTaskCancellationHandler {
            await runOnOwnThread(name: "kaizen-train-\(job.candidateID)") {
                Result { () throws(TrainingFailure) in try self.trainSynchronously(job, cancelled: flag) }
            }
        } onCancel: {
            flag.cancel()
        }
        return try outcome.get()
    }

    func trainSynchronously(_ job: TrainingJob, cancelled: CancellationFlag) throws(TrainingFailure) -> (result: TrainingResult, ranker: TrainedRanker) {
        let config = try ModelConfig(json: job.config)
        let start = ContinuousClock.now
        let logs = world.logs
        let network = RankingNetwork(
            architecture: config.architecture, users: world.config.users, items: world.config.items,
            userFeatureCount: logs.userFeatureCount, itemFeatureCount: logs.itemFeatureCount, seed: job.seed)
        let batches = BatchSource(logs: logs)
        let trainLabels = config.reward.labels(for: logs.train)
        let validationLabels = config.reward.labels(for: logs.validation)
        let batchSize = config.optimizer.batchSize
        let stepsPerEpoch = (logs.train.count + batchSize - 1) / batchSize
        let optimizer = Optimizer(spec: config.optimizer, network: network, totalSteps: stepsPerEpoch * config.optimizer.epochs, seed: job.seed)
        var order = Array(0..<logs.train.count)
        var rng = SplitMix64(seed: job.seed)
        var curve: [CurvePoint] = []
        var firstLoss: Double?
        var trainingTime = Duration.zero

        for epoch in 1...config.optimizer.epochs {
            if cancelled.isCancelled { throw .cancelled }
            for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            var lossSum = 0.0
            var seen = 0
            let epochStart = ContinuousClock.now
            for begin in stride(from: 0, to: order.count, by: batchSize) {
                let indices = order[begin..<min(order.count, begin + batchSize)]
                let batch = batches.batch(from: logs.train, indices: indices)
                let logits = network.forward(batch, training: true)
                let targets = indices.map { trainLabels[$0] }
                let (loss, gradient) = Loss.binaryCrossEntropy(logits: logits, targets: targets, weights: nil)
                guard loss.isFinite else { throw .nonFiniteLoss(epoch: epoch) }
                network.zeroGradients()
                network.backward(gradient)
                optimizer.step()
                lossSum += Double(loss) * Double(indices.count)
                seen += indices.count
            }
            trainingTime += ContinuousClock.now - epochStart
            let trainLoss = lossSum / Double(max(1, seen))
            let scores = Self.predict(network, batches: batches, log: logs.validation, batchSize: 4096)
            let validationLoss = Metrics.logLoss(probabilities: scores.map(Self.sigmoid), targets: validationLabels)
            guard validationLoss.isFinite else { throw .nonFiniteLoss(epoch: epoch) }
            if let firstLoss, trainLoss > 10 * firstLoss { throw .diverged("train loss rose from \(firstLoss) to \(trainLoss)") }
            firstLoss = firstLoss ?? trainLoss
            curve.append(CurvePoint(epoch: epoch, trainLoss: trainLoss, validationLoss: validationLoss))
            progress?(epoch, config.optimizer.epochs, trainLoss)
            logger.debug("epoch done", metadata: ["epoch": "\(epoch)", "train_loss": "\(trainLoss)", "val_logloss": "\(validationLoss)"])
        }

        let validation = logs.validation
        let scores = Self.predict(network, batches: batches, log: validation, batchSize: 4096)
        let metrics: [String: Double] = [
            "val_logloss": curve.last?.validationLoss ?? .nan,
            "auc": Metrics.auc(scores: scores, labels: validation.clicks),
            "ndcg@10": Metrics.ndcg(at: 10, scores: scores, gains: validation.watchGains, groups: validation.slateGroups),
            "ltv_kendall_tau": Metrics.kendallTau(scores, validation.longTermValue),
        ]
        if let bad = metrics.first(where: { !$0.value.isFinite }) { throw .nonFiniteMetric(bad.key) }
        var result = TrainingResult(
            metrics: metrics, curve: curve, wallSeconds: (ContinuousClock.now - start).seconds,
            parameterCount: network.parameterCount,
            inferenceFLOPsPerRequest: Double(network.flopsPerExample) * Double(candidatesPerRequest))
        result.trainExamplesPerSecond = Double(logs.train.count * config.optimizer.epochs) / max(1e-9, trainingTime.seconds)
        return (result, TrainedRanker(network: network, batches: batches))
    }

    static func predict(_ network: RankingNetwork, batches: BatchSource, log: ImpressionLog, batchSize: Int) -> [Float] {
        var scores: [Float] = []
        scores.reserveCapacity(log.count)
        for begin in stride(from: 0, to: log.count, by: batchSize) {
            let batch = batches.batch(from: log, indices: begin..<min(log.count, begin + batchSize))
            scores.append(contentsOf: network.forward(batch, training: false))
        }
        return scores
    }

    @inline(__always) static func sigmoid(_ x: Float) -> Float { 1 / (1 + exp(-x)) }
}

/// Set by the caller's cancellation handler, read by the training thread between epochs.
final class CancellationFlag: Sendable {
    private let state = Mutex(false)
    var isCancelled: Bool { state.withLock { $0 } }
    func cancel() { state.withLock { $0 = true } }
}

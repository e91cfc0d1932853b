import KaizenCore
import KaizenNN

/// The built-in ranking model's config, read from a candidate's JSON (see
/// `Policies/production.json` and `Policies/search-space.yaml`).
public struct ModelConfig: Sendable, Equatable {
    public var architecture: ArchitectureSpec
    public var optimizer: OptimizerSpec
    public var reward: RewardSpec

    public init(architecture: ArchitectureSpec, optimizer: OptimizerSpec, reward: RewardSpec) {
        self.architecture = architecture
        self.optimizer = optimizer
        self.reward = reward
    }
}

/// The training target: weights on the logged signals, a clickbait penalty, and a transform.
public struct RewardSpec: Sendable, Equatable {
    public enum Transform: String, Sendable, CaseIterable { case clip, sigmoid, binarize }
    public var click: Float
    public var watch: Float
    public var satisfaction: Float
    public var returnNextDay: Float
    public var clickbaitPenalty: Float
    public var transform: Transform

    public init(click: Float = 1, watch: Float = 0, satisfaction: Float = 0, returnNextDay: Float = 0, clickbaitPenalty: Float = 0, transform: Transform = .clip) {
        self.click = click
        self.watch = watch
        self.satisfaction = satisfaction
        self.returnNextDay = returnNextDay
        self.clickbaitPenalty = clickbaitPenalty
        self.transform = transform
    }
}

extension ModelConfig {
    /// Reads the config; a missing or ill-typed field is an `invalidConfig` naming it.
    public init(json: JSONValue) throws(TrainingFailure) {
        func field(_ path: String) throws(TrainingFailure) -> JSONValue {
            guard let value = json.value(at: path) else { throw .invalidConfig("\(path) is missing") }
            return value
        }
        func number(_ path: String) throws(TrainingFailure) -> Float {
            guard let x = try field(path).doubleValue, x.isFinite else { throw .invalidConfig("\(path) must be a number") }
            return Float(x)
        }
        func int(_ path: String) throws(TrainingFailure) -> Int {
            guard let n = try field(path).intValue else { throw .invalidConfig("\(path) must be an integer") }
            return n
        }
        func bool(_ path: String) throws(TrainingFailure) -> Bool {
            guard let b = try field(path).boolValue else { throw .invalidConfig("\(path) must be true or false") }
            return b
        }
        func choice<T: RawRepresentable>(_ path: String, _: T.Type) throws(TrainingFailure) -> T where T.RawValue == String {
            guard let text = try field(path).stringValue, let value = T(rawValue: text) else {
                throw .invalidConfig("\(path) has an unknown value \((try? field(path).canonicalText) ?? "")")
            }
            return value
        }
        guard let tower = try field("architecture.tower").arrayValue?.compactMap(\.intValue), !tower.isEmpty else {
            throw .invalidConfig("architecture.tower must be a non-empty list of integers")
        }
        architecture = ArchitectureSpec(
            embeddingDim: try int("architecture.embedding_dim"), towerWidths: tower,
            activation: try choice("architecture.activation", Activation.self), residual: try bool("architecture.residual"),
            hourglass: try bool("architecture.hourglass"), gated: try bool("architecture.gated"),
            layerNorm: try bool("architecture.layer_norm"), dropout: try number("architecture.dropout"),
            interaction: try choice("architecture.interaction", Interaction.self))
        let clip = try number("optimizer.gradient_clip")
        optimizer = OptimizerSpec(
            kind: try choice("optimizer.name", OptimizerKind.self), learningRate: try number("optimizer.learning_rate"),
            momentum: try number("optimizer.momentum"), weightDecay: try number("optimizer.weight_decay"),
            batchSize: try int("optimizer.batch_size"), epochs: try int("optimizer.epochs"),
            schedule: try choice("optimizer.schedule", Schedule.self), gradientClip: clip > 0 ? clip : nil,
            gradientNoise: try number("optimizer.gradient_noise"))
        reward = RewardSpec(
            click: try number("reward.click"), watch: try number("reward.watch"), satisfaction: try number("reward.satisfaction"),
            returnNextDay: try number("reward.return"), clickbaitPenalty: try number("reward.clickbait_penalty"),
            transform: try choice("reward.label_transform", RewardSpec.Transform.self))
        guard optimizer.batchSize > 0, optimizer.epochs > 0, architecture.embeddingDim > 0, tower.allSatisfy({ $0 > 0 }) else {
            throw .invalidConfig("sizes must be positive")
        }
        guard reward.click + reward.watch + reward.satisfaction + reward.returnNextDay > 0 else {
            throw .invalidConfig("reward weights are all zero: there is nothing to learn")
        }
    }
}

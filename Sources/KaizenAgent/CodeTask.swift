import KaizenCore

/// The architecture persona's code mode: the task the generated `Net` classes solve, the
/// reference model, the seed models, and how many worked examples each prompt shows.
public struct CodeTask: Sendable, Hashable {
    public struct Model: Sendable, Hashable {
        public var name: String
        public var source: String

        public init(name: String, source: String) {
            self.name = name
            self.source = source
        }
    }

    /// The dataset name the trainer understands (`training.dataset`), e.g. `digits`.
    public var dataset: String
    /// One sentence on the task, for the prompt.
    public var description: String
    /// (channels, height, width) of one input.
    public var inputShape: [Int]
    public var classes: Int
    /// The metric the trainer reports; higher is better.
    public var metric: String = "accuracy"
    /// Supporting models per prompt (the study's n; 3 was best).
    public var examples: Int = 3
    /// The model every prompt shows as the reference; also the first seed.
    public var reference: Model
    /// Hand-written models trained first, so the journal has examples to draw from.
    public var seeds: [Model]
    public var maxTokens: Int = 1500

    public init(dataset: String, description: String, inputShape: [Int], classes: Int, reference: Model, seeds: [Model]) {
        self.dataset = dataset
        self.description = description
        self.inputShape = inputShape
        self.classes = classes
        self.reference = reference
        self.seeds = seeds
    }

    /// The proposer name on seed candidates.
    public static let seedProposer = "seed"
}

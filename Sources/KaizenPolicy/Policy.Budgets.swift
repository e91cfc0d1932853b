extension Policy {
    /// Ceilings that keep an unattended loop from spending without bound.
    public struct Budgets: Sendable, Equatable {
        /// LLM tokens (prompt + completion) per UTC day, all personas together.
        public var llmTokensPerDay: Int
        /// LLM tokens in one `kaizen run`; at most `llmTokensPerDay`.
        public var llmTokensPerRun: Int
        /// US dollars of LLM calls per UTC day.
        public var usdPerDay: Double
        /// US dollars of LLM calls in one `kaizen run`; at most `usdPerDay`.
        public var usdPerRun: Double
        /// LLM tokens in one offline-agent round (one persona's proposals); nil: no per-round ceiling.
        public var llmTokensPerRound: Int?
        /// Prices per model, in file order; a model not listed may not be called.
        public var prices: [TokenPrice]
        /// Trainer jobs started per UTC day.
        public var trainingJobsPerDay: Int
        /// Trainer jobs started in one offline-agent round; nil: no per-round ceiling.
        public var trainingJobsPerRound: Int?
        /// Live experiments running at once.
        public var maxConcurrentExperiments: Int
        /// Traffic fraction in [0, 1] summed over all running experiments.
        public var maxExperimentTrafficFraction: Double

        public init(
            llmTokensPerDay: Int, llmTokensPerRun: Int, usdPerDay: Double, usdPerRun: Double,
            prices: [TokenPrice], trainingJobsPerDay: Int, maxConcurrentExperiments: Int,
            maxExperimentTrafficFraction: Double
        ) {
            self.llmTokensPerDay = llmTokensPerDay
            self.llmTokensPerRun = llmTokensPerRun
            self.usdPerDay = usdPerDay
            self.usdPerRun = usdPerRun
            self.prices = prices
            self.trainingJobsPerDay = trainingJobsPerDay
            self.maxConcurrentExperiments = maxConcurrentExperiments
            self.maxExperimentTrafficFraction = maxExperimentTrafficFraction
        }

        /// The price of `model`, or nil when it is not listed (and so may not be called).
        public func price(for model: String) -> TokenPrice? {
            prices.first { $0.model == model }
        }

        /// The cost in US dollars of one call, or nil for an unlisted model: an unknown
        /// cost must stop the call, not count as free.
        public func cost(model: String, promptTokens: Int, completionTokens: Int) -> Double? {
            price(for: model)?.cost(promptTokens: promptTokens, completionTokens: completionTokens)
        }
    }
}

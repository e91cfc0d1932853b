extension Policy.Budgets {
    /// What one model charges, in US dollars per 1,000 tokens (0 for a local model).
    public struct TokenPrice: Sendable, Equatable {
        /// The model name as configured for the LLM.
        public var model: String
        /// US dollars per 1,000 prompt (input) tokens.
        public var promptPer1K: Double
        /// US dollars per 1,000 completion (output) tokens.
        public var completionPer1K: Double

        public init(model: String, promptPer1K: Double, completionPer1K: Double) {
            self.model = model
            self.promptPer1K = promptPer1K
            self.completionPer1K = completionPer1K
        }

        /// US dollars for a call with these token counts.
        public func cost(promptTokens: Int, completionTokens: Int) -> Double {
            (Double(promptTokens) * promptPer1K + Double(completionTokens) * completionPer1K) / 1000
        }
    }
}

extension Policy.Guardrails {
    /// The largest tolerated drop of one metric, treatment versus control.
    public struct Limit: Sendable, Equatable {
        /// A daily metric reported by the live environment.
        public var metric: String
        /// Fraction in [0, 1]: 0.005 tolerates a 0.5% drop, 0 tolerates none.
        public var maxRelativeDrop: Double

        public init(metric: String, maxRelativeDrop: Double) {
            self.metric = metric
            self.maxRelativeDrop = maxRelativeDrop
        }
    }
}

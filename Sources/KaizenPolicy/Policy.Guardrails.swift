extension Policy {
    /// Online limits checked while an experiment runs: a breached limit aborts it even
    /// when the north-star metric looks good, because some harm is not worth any gain.
    public struct Guardrails: Sendable, Equatable {
        /// Limits per metric, in file order; metric names are unique.
        public var limits: [Limit]
        /// Days an experiment runs before a guardrail may abort it (noisy first days).
        public var minDaysBeforeAbort: Int

        public init(limits: [Limit], minDaysBeforeAbort: Int) {
            self.limits = limits
            self.minDaysBeforeAbort = minDaysBeforeAbort
        }

        /// The limit on `metric`, if it is guarded.
        public func limit(for metric: String) -> Limit? {
            limits.first { $0.metric == metric }
        }
    }
}

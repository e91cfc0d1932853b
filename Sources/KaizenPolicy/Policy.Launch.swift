extension Policy {
    /// When a live experiment's result is good enough to replace production, judged on the
    /// delayed north-star metric only (proxy metrics win offline and can lose online).
    public struct Launch: Sendable, Equatable {
        /// How significance is decided.
        public var test: Test
        /// Significance level, 0 < alpha < 0.5.
        public var alpha: Double
        /// Days before an experiment may launch, so delayed metrics have arrived.
        public var minDays: Int
        /// Days after which an inconclusive experiment stops, not launched; >= minDays.
        public var maxDays: Int
        /// Smallest relative north-star improvement worth launching (0.002 = +0.2%).
        public var minEffect: Double
        /// The north-star metric's name as reported by the live environment.
        public var northStar: String

        public init(test: Test, alpha: Double, minDays: Int, maxDays: Int, minEffect: Double, northStar: String) {
            self.test = test
            self.alpha = alpha
            self.minDays = minDays
            self.maxDays = maxDays
            self.minEffect = minEffect
            self.northStar = northStar
        }
    }
}

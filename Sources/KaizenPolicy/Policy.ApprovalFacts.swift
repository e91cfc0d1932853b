extension Policy {
    /// What is known about a proposed change when deciding whether a person must approve it.
    ///
    /// Use `.nan` for a number not known yet: a condition on an unknown number counts as
    /// met, so doubt goes to a person rather than past one.
    public struct ApprovalFacts: Sendable, Equatable {
        /// The persona that proposed the change: optimizer, architecture or reward.
        public var persona: String
        /// Fraction of live traffic the experiment would receive, in [0, 1].
        public var trafficFraction: Double
        /// Relative offline (proxy-metric) gain over production; 0.01 = +1%.
        public var offlineGain: Double
        /// Relative change in inference cost; 0.2 = 20% more expensive, negative = cheaper.
        public var inferenceCostChange: Double

        public init(persona: String, trafficFraction: Double, offlineGain: Double, inferenceCostChange: Double) {
            self.persona = persona
            self.trafficFraction = trafficFraction
            self.offlineGain = offlineGain
            self.inferenceCostChange = inferenceCostChange
        }
    }
}

extension Policy.ApprovalRule {
    /// The `when` of a rule. Unset conditions (nil) do not restrict the rule.
    public struct Conditions: Sendable, Equatable {
        /// The change was proposed by one of these personas.
        public var persona: [String]?
        /// The experiment's traffic fraction is above this.
        public var trafficAbove: Double?
        /// The relative offline gain is below this.
        public var offlineGainBelow: Double?
        /// The relative inference cost increase is above this.
        public var inferenceCostIncreaseAbove: Double?

        public init(
            persona: [String]? = nil, trafficAbove: Double? = nil, offlineGainBelow: Double? = nil,
            inferenceCostIncreaseAbove: Double? = nil
        ) {
            self.persona = persona
            self.trafficAbove = trafficAbove
            self.offlineGainBelow = offlineGainBelow
            self.inferenceCostIncreaseAbove = inferenceCostIncreaseAbove
        }

        /// All set conditions hold. An unknown (NaN) fact meets its condition: failing
        /// closed sends the change to a person instead of letting it through unreviewed.
        public func hold(for facts: Policy.ApprovalFacts) -> Bool {
            if let persona, !persona.contains(facts.persona) { return false }
            if let trafficAbove, !(facts.trafficFraction.isNaN || facts.trafficFraction > trafficAbove) { return false }
            if let offlineGainBelow, !(facts.offlineGain.isNaN || facts.offlineGain < offlineGainBelow) { return false }
            if let inferenceCostIncreaseAbove,
               !(facts.inferenceCostChange.isNaN || facts.inferenceCostChange > inferenceCostIncreaseAbove) {
                return false
            }
            return true
        }
    }
}

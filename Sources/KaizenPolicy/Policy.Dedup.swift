extension Policy {
    /// Near-duplicate thresholds: training a candidate that is nearly one already tried
    /// wastes a job and teaches the journal nothing.
    public struct Dedup: Sendable, Equatable {
        /// Per persona, the largest distance in [0, 1] (0 = identical) at which a new
        /// candidate still counts as a near-duplicate of an earlier one.
        public var nearDuplicateDistance: [String: Double]

        public init(nearDuplicateDistance: [String: Double]) {
            self.nearDuplicateDistance = nearDuplicateDistance
        }

        /// The threshold for `persona`, or nil for a persona the policy does not know.
        public func threshold(for persona: String) -> Double? {
            nearDuplicateDistance[persona]
        }

        /// Whether a candidate at `distance` from an earlier one of the same persona is a
        /// near-duplicate. Exact duplicates (distance 0) always are; an unknown persona
        /// only counts exact duplicates.
        public func isNearDuplicate(distance: Double, persona: String) -> Bool {
            distance <= (threshold(for: persona) ?? 0)
        }
    }
}

extension Policy.Launch {
    /// The statistical test behind a launch decision.
    public enum Test: String, Sendable, Equatable, CaseIterable {
        /// An always-valid sequential test: may be checked every day without inflating
        /// false positives, so good changes launch as soon as the evidence is there.
        case sequential
        /// Welch's t-test: valid only when read once, at a fixed horizon (the first look after
        /// `min_days` with a closed north-star cohort).
        case welch
    }
}

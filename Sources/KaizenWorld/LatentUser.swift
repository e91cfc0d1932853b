/// A user's hidden traits (ground truth: tests and benchmarks only).
public struct LatentUser: Sendable, Equatable {
    /// Affinity per topic in [0, 1]; three favourite topics stand out.
    public let tastes: [Float]
    /// Base chance of coming back on a given day.
    public let activity: Double
    /// How strongly clickbait appeal raises this user's clicks.
    public let clickbaitSusceptibility: Double
    /// Tolerance for disappointment in [0, 1]: low tolerance makes bad watches hurt more.
    public let tolerance: Double
}

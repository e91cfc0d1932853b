/// An item's hidden traits (ground truth: tests and benchmarks only). Topic, length and age
/// are also observable as item features; quality and clickbait are not.
public struct LatentItem: Sendable, Equatable {
    public let topic: Int
    public let quality: Double
    public let lengthSeconds: Double
    /// Clickbait appeal in [0, 1]: about 15% of items are clickbait (0.5 or more).
    public let clickbait: Double
    public let ageDays: Double
}

/// What a model may learn from: impressions split by time, and dense user and item features
/// computed from the train period only (so validation metrics do not peek at the future).
///
/// User features (`topics + 6` columns): for each topic the user's smoothed share of clicks
/// on it; then log-activity (logged impressions, scaled to [0, 1]), smoothed CTR, mean watch
/// fraction of clicks, next-day return rate, mean surveyed satisfaction of clicks, and the
/// share of the user's clicks that went to items other users abandon early.
///
/// Item features (`topics + 6` columns): topic one-hot; then log length (scaled to [0, 1]),
/// log popularity (train impressions, scaled to [0, 1]), smoothed train CTR, smoothed mean
/// watch fraction of clicks, smoothed mean surveyed satisfaction of clicks, and log age.
public struct WorldLogs: Sendable {
    /// The earlier days.
    public let train: ImpressionLog
    /// The later days: split by day, never at random.
    public let validation: ImpressionLog
    /// users × userFeatureCount, row-major.
    public let userFeatures: [Float]
    public let userFeatureCount: Int
    /// items × itemFeatureCount, row-major.
    public let itemFeatures: [Float]
    public let itemFeatureCount: Int
    /// Days of each part, in log days (0 = first logged day).
    public let trainDays: Range<Int>
    public let validationDays: Range<Int>

    public init(
        train: ImpressionLog, validation: ImpressionLog, userFeatures: [Float], userFeatureCount: Int,
        itemFeatures: [Float], itemFeatureCount: Int, trainDays: Range<Int>, validationDays: Range<Int>
    ) {
        self.train = train
        self.validation = validation
        self.userFeatures = userFeatures
        self.userFeatureCount = userFeatureCount
        self.itemFeatures = itemFeatures
        self.itemFeatureCount = itemFeatureCount
        self.trainDays = trainDays
        self.validationDays = validationDays
    }
}

/// A seeded simulation of a video-recommendation service: a hidden population of users and
/// items, logs served by a production-like policy to learn from, live A/B traffic (see
/// `LiveExperiment`) and a noise-free oracle for benchmarks.
///
/// Everything is generated eagerly in `init` and is a pure function of `config`: the same
/// seed gives bit-identical logs, features and oracle values on every machine. The latent
/// model is documented on `Dynamics`.
public final class World: Sendable {
    public let config: WorldConfig
    /// Impressions served by the logging policy, split by day, with train-period features.
    public let logs: WorldLogs

    let latent: LatentPopulation
    /// Each user's recent satisfaction at the start of the live period (day `logDays`).
    let recentAtDeploy: [Double]
    /// Who is active on the first live day.
    let activeAtDeploy: [Bool]
    /// Smoothed train-period CTR per item (what `PopularityRanker` sorts by).
    let trainItemCTR: [Float]

    public init(config: WorldConfig = WorldConfig()) {
        precondition(config.users > 0 && config.items > 0 && config.topics > 0 && config.slateSize > 0 && config.logDays > 0,
                     "world sizes must be positive")
        precondition(config.impressions >= 0, "impressions must not be negative")
        self.config = config
        let latent = LatentPopulation(config: config)
        let generation = LogGeneration(config: config, latent: latent)
        let features = FeatureBuilder.build(train: generation.train, latent: latent)
        let topics = latent.topics
        let itemCount = FeatureBuilder.itemFeatureCount(topics: topics)
        let ctrColumn = FeatureBuilder.itemCTRColumn(topics: topics)
        self.latent = latent
        self.recentAtDeploy = generation.recentAtDeploy
        self.activeAtDeploy = generation.activeAtDeploy
        self.trainItemCTR = (0..<latent.items).map { features.item[$0 * itemCount + ctrColumn] }
        let trainDays = config.logDays - config.validationDays
        self.logs = WorldLogs(
            train: generation.train, validation: generation.validation,
            userFeatures: features.user, userFeatureCount: FeatureBuilder.userFeatureCount(topics: topics),
            itemFeatures: features.item, itemFeatureCount: itemCount,
            trainDays: 0..<trainDays, validationDays: trainDays..<config.logDays)
    }

    /// The items the candidate generator retrieves for `user`; each request ranks a daily
    /// subset of them. Observable (not latent truth): a real service knows its retrieval.
    public func candidatePool(user: Int) -> [Int] {
        let p = latent.poolSize
        return latent.pools[(user * p)..<((user + 1) * p)].map { Int($0) }
    }

    /// The first day of live traffic, in log days (live day 0 = log day `logDays`).
    public var liveStartDay: Int { config.logDays }
}

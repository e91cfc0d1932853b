/// The sizes and seed of a built-in world. Everything the world generates is a pure function
/// of this value, so two worlds built from equal configs are identical on every machine.
public struct WorldConfig: Sendable, Equatable, Hashable {
    /// Seeds every random draw of the world (latent population, logs, candidate pools).
    public var seed: UInt64 = 42
    public var users = 20_000
    public var items = 5_000
    /// Logged impressions in total (train + validation), exactly.
    public var impressions = 500_000
    public var topics = 20
    /// Items shown per request; also the number of positions in the logs.
    public var slateSize = 10
    /// Share of the logged days (the latest ones) held out for validation.
    public var validationFraction = 0.2
    /// Share of impressions that get a satisfaction survey.
    public var surveyRate = 0.05
    /// Days covered by the logs; the live period starts the day after.
    public var logDays = 30
    /// Items retrieved for each user (the candidate generator's output that rankers reorder).
    public var candidatePoolSize = 100
    /// Candidates per request, drawn each day from the user's pool; the ranker picks the slate.
    public var candidatesPerRequest = 40

    public init(
        seed: UInt64 = 42, users: Int = 20_000, items: Int = 5_000, impressions: Int = 500_000,
        topics: Int = 20, slateSize: Int = 10, validationFraction: Double = 0.2, surveyRate: Double = 0.05,
        logDays: Int = 30, candidatePoolSize: Int = 100, candidatesPerRequest: Int = 40
    ) {
        self.seed = seed
        self.users = users
        self.items = items
        self.impressions = impressions
        self.topics = topics
        self.slateSize = slateSize
        self.validationFraction = validationFraction
        self.surveyRate = surveyRate
        self.logDays = logDays
        self.candidatePoolSize = candidatePoolSize
        self.candidatesPerRequest = candidatesPerRequest
    }

    /// Sizes actually used: the pool cannot exceed the catalogue, a request cannot exceed the
    /// pool, and a slate cannot exceed a request.
    var effectivePoolSize: Int { max(1, min(candidatePoolSize, items)) }
    var effectiveCandidates: Int { max(1, min(candidatesPerRequest, effectivePoolSize)) }
    var effectiveSlateSize: Int { max(1, min(slateSize, effectiveCandidates, Int(Int8.max))) }
    /// Number of latest log days held out for validation (at least one train day is kept).
    var validationDays: Int {
        guard validationFraction > 0 else { return 0 }
        return min(max(1, Int((Double(logDays) * validationFraction).rounded())), logDays - 1)
    }
}

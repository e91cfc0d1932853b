/// Logged impressions as parallel arrays (struct-of-arrays of small scalars), so that half a
/// million rows stay a few megabytes and a trainer can batch them without decoding.
public struct ImpressionLog: Sendable {
    public let users: [Int32]
    public let items: [Int32]
    /// Simulated day of the impression, 0 = first logged day.
    public let days: [Int32]
    /// Slot in the slate, 0 = top.
    public let positions: [Int8]
    public let clicks: [Bool]
    /// Seconds watched (0 without a click).
    public let watchSeconds: [Float]
    /// Share of the video watched (0 without a click).
    public let watchFraction: [Float]
    /// Survey answer in [0, 1] (five-point scale); NaN when not surveyed (about `surveyRate`
    /// of impressions). A surveyed impression that was not clicked answers 0.
    public let satisfaction: [Float]
    /// Whether the user came back the next day.
    public let returnedNextDay: [Bool]
    /// Noise-free expected long-term satisfied engagement (seconds) of this impression: the
    /// label for the loss-free Kendall-tau proxy on held-out logs. Derived from latent truth;
    /// use it only as an evaluation label, never as a training feature.
    public let longTermValue: [Float]

    public var count: Int { users.count }

    public init(
        users: [Int32], items: [Int32], days: [Int32], positions: [Int8], clicks: [Bool], watchSeconds: [Float],
        watchFraction: [Float], satisfaction: [Float], returnedNextDay: [Bool], longTermValue: [Float]
    ) {
        let n = users.count
        precondition([items.count, days.count, positions.count, clicks.count, watchSeconds.count, watchFraction.count,
                      satisfaction.count, returnedNextDay.count, longTermValue.count].allSatisfy { $0 == n },
                     "ImpressionLog columns must have equal lengths")
        self.users = users
        self.items = items
        self.days = days
        self.positions = positions
        self.clicks = clicks
        self.watchSeconds = watchSeconds
        self.watchFraction = watchFraction
        self.satisfaction = satisfaction
        self.returnedNextDay = returnedNextDay
        self.longTermValue = longTermValue
    }

    /// Rows `range` as a log of their own (copies the columns).
    public func slice(_ range: Range<Int>) -> ImpressionLog {
        ImpressionLog(
            users: Array(users[range]), items: Array(items[range]), days: Array(days[range]),
            positions: Array(positions[range]), clicks: Array(clicks[range]), watchSeconds: Array(watchSeconds[range]),
            watchFraction: Array(watchFraction[range]), satisfaction: Array(satisfaction[range]),
            returnedNextDay: Array(returnedNextDay[range]), longTermValue: Array(longTermValue[range]))
    }
}

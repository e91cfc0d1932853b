/// One arm's metrics for one simulated day, as an experimentation dashboard would show them.
public struct ArmMetrics: Sendable, Equatable {
    /// Live day, 0 = the experiment's first day.
    public var day: Int
    /// Users assigned to the arm.
    public var users: Int
    public var impressions: Int
    public var clicks: Int
    /// clicks / impressions (0 without impressions).
    public var ctr: Double
    /// Watch seconds per assigned user (absent users count as 0, so retention shows up here).
    public var watchSecondsPerUser: Double
    /// Mean survey answer over surveyed clicked impressions; NaN when none was surveyed.
    public var satisfaction: Double
    /// Users who came that day.
    public var activeUsers: Int
    /// Surveyed clicked impressions behind `satisfaction`.
    public var surveys: Int

    public init(day: Int, users: Int, impressions: Int, clicks: Int, ctr: Double, watchSecondsPerUser: Double,
                satisfaction: Double, activeUsers: Int, surveys: Int = 0) {
        self.day = day
        self.users = users
        self.impressions = impressions
        self.clicks = clicks
        self.ctr = ctr
        self.watchSecondsPerUser = watchSecondsPerUser
        self.satisfaction = satisfaction
        self.activeUsers = activeUsers
        self.surveys = surveys
    }
}

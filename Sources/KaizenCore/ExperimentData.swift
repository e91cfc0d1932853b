/// One live day's aggregate metrics per arm, as a dashboard shows them (`ctr`, `satisfaction`,
/// `active_users`, `watch_seconds_per_user`, ...). A metric may be missing on a day
/// (e.g. no survey answered); NaN is never stored.
public struct DayMetrics: Sendable, Equatable {
    /// 0 = the experiment's first day.
    public var day: Int
    public var control: [String: Double]
    public var treatment: [String: Double]

    public init(day: Int, control: [String: Double], treatment: [String: Double]) {
        self.day = day
        self.control = control
        self.treatment = treatment
    }
}

/// The delayed north star of one entry cohort (users first served on `cohortDay`): one value
/// per user and arm, summed over the metric's window. These are the test's observations.
public struct CohortObservations: Sendable, Equatable {
    public var cohortDay: Int
    public var control: [Double]
    public var treatment: [Double]

    public init(cohortDay: Int, control: [Double], treatment: [Double]) {
        self.cohortDay = cohortDay
        self.control = control
        self.treatment = treatment
    }
}

/// One value per user and arm: what a test needs to account for the spread between users.
public struct ArmObservations: Sendable, Equatable {
    public var control: [Double]
    public var treatment: [Double]

    public init(control: [Double], treatment: [Double]) {
        self.control = control
        self.treatment = treatment
    }
}

/// The delayed north star of one entry cohort: users first seen in the experiment on
/// `cohortDay`, each with their satisfied watch seconds summed over the window of days that
/// follows (absent days count 0). Cohort membership does not depend on the arm (nobody has
/// been served by the experiment before entering), so arms compare fairly. Reported only once
/// the whole window has passed.
public struct NorthStarCohort: Sendable, Equatable {
    public var cohortDay: Int
    public var control: [Double]
    public var treatment: [Double]

    public init(cohortDay: Int, control: [Double], treatment: [Double]) {
        self.cohortDay = cohortDay
        self.control = control
        self.treatment = treatment
    }
}

import KaizenCore

/// The delayed north star of one entry cohort: users first seen in the experiment on
/// `cohortDay`, each with their satisfied watch seconds summed over the window of days that
/// follows (absent days count 0). Cohort membership does not depend on the arm (nobody has
/// been served by the experiment before entering), so arms compare fairly. Reported only once
/// the whole window has passed. The same value the online agent's tests read.
public typealias NorthStarCohort = CohortObservations

/// The mutable state of one arm of a live experiment: its users' recent satisfaction and
/// presence, their cached pool scores and the day-by-day record.
struct ExperimentArm {
    let ranker: any Ranker
    /// Assigned users, ascending.
    let members: [Int]
    var recent: [Double]
    var active: [Bool]
    /// Live day each member was first served, or -1.
    var firstDay: [Int32]
    /// members × poolSize scores, filled on a member's first visit.
    var scores: [Float]
    var scored: [Bool]
    /// Per live day, each member's satisfied watch seconds.
    var satisfiedWatch: [[Float]] = []
    /// Per member: days active, and the sum and count of survey answers so far.
    var activeDays: [Int32]
    var surveySum: [Double]
    var surveyCount: [Int32]
    var metrics: [ArmMetrics] = []

    init(ranker: any Ranker, members: [Int], world: World) {
        self.ranker = ranker
        self.members = members
        recent = members.map { world.recentAtDeploy[$0] }
        active = members.map { world.activeAtDeploy[$0] }
        firstDay = [Int32](repeating: -1, count: members.count)
        scores = []
        scored = [Bool](repeating: false, count: members.count)
        activeDays = [Int32](repeating: 0, count: members.count)
        surveySum = [Double](repeating: 0, count: members.count)
        surveyCount = [Int32](repeating: 0, count: members.count)
    }
}

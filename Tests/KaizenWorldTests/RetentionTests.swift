import Testing
import KaizenWorld

/// A user's chance to come back depends on recent satisfaction: clickbait drives users away.
@Suite struct RetentionTests {
    let world = TestWorlds.small

    @Test func usersServedClickbaitReturnLess() {
        let e = LiveExperiment(world: world, control: OracleSatisfactionRanker(world: world), treatment: ClickbaitRanker(world: world), trafficFraction: 0.25, seed: 13)
        e.advance(days: 14)
        let (control, treatment) = e.dailyMetrics()
        // Day 0 is before anyone was served: the arms start alike.
        let start = abs(Double(control[0].activeUsers) / Double(control[0].users) - Double(treatment[0].activeUsers) / Double(treatment[0].users))
        #expect(start < 0.06)
        let late = { (m: [ArmMetrics]) in Double(m[7...].map(\.activeUsers).reduce(0, +)) / Double(m[7...].map(\.users).reduce(0, +)) }
        #expect(late(treatment) < late(control) - 0.1, "active share clickbait \(late(treatment)) vs satisfaction \(late(control))")
        #expect(treatment[13].satisfaction < control[13].satisfaction)
    }

    @Test func loggedReturnsFollowSatisfactionOfTheSession() {
        // In the logs, sessions whose clicks were satisfying are followed by more returns.
        let log = world.logs.train
        var good = [0.0, 0.0], bad = [0.0, 0.0]
        for r in 0..<log.count where log.clicks[r] && log.positions[r] == 0 {
            let clickbait = world.latentItem(Int(log.items[r])).clickbait >= 0.5
            if clickbait { bad[0] += 1; if log.returnedNextDay[r] { bad[1] += 1 } } else { good[0] += 1; if log.returnedNextDay[r] { good[1] += 1 } }
        }
        #expect(bad[1] / bad[0] < good[1] / good[0], "return after clickbait \(bad[1] / bad[0]) vs other \(good[1] / good[0])")
    }
}

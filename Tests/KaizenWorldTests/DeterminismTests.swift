import Testing
import KaizenWorld

@Suite struct DeterminismTests {
    static func fingerprint(_ log: ImpressionLog) -> [UInt64] {
        var h: [UInt64] = [0, 0, 0, 0]
        for r in 0..<log.count {
            h[0] = h[0] &* 31 &+ UInt64(UInt32(bitPattern: log.users[r])) &+ UInt64(UInt32(bitPattern: log.items[r])) << 20
                &+ UInt64(UInt32(bitPattern: log.days[r])) << 40 &+ UInt64(UInt8(bitPattern: log.positions[r])) << 50
            h[1] = h[1] &* 31 &+ (log.clicks[r] ? 1 : 0) &+ (log.returnedNextDay[r] ? 2 : 0) &+ UInt64(log.watchSeconds[r].bitPattern) << 2
            h[2] = h[2] &* 31 &+ UInt64(log.watchFraction[r].bitPattern) &+ UInt64(log.satisfaction[r].bitPattern) << 32
            h[3] = h[3] &* 31 &+ UInt64(log.longTermValue[r].bitPattern)
        }
        return h
    }

    @Test func sameSeedGivesIdenticalWorlds() {
        let a = TestWorlds.tiny
        let b = World(config: TestWorlds.tinyConfig)
        #expect(Self.fingerprint(a.logs.train) == Self.fingerprint(b.logs.train))
        #expect(Self.fingerprint(a.logs.validation) == Self.fingerprint(b.logs.validation))
        #expect(a.logs.userFeatures.map(\.bitPattern) == b.logs.userFeatures.map(\.bitPattern))
        #expect(a.logs.itemFeatures.map(\.bitPattern) == b.logs.itemFeatures.map(\.bitPattern))
        #expect(a.candidatePool(user: 7) == b.candidatePool(user: 7))
        let va = a.oracleValue(of: OracleSatisfactionRanker(world: a), days: 7)
        let vb = b.oracleValue(of: OracleSatisfactionRanker(world: b), days: 7)
        #expect(va.bitPattern == vb.bitPattern)
        let pa = a.oracleValue(of: PopularityRanker(world: a), days: 7)
        let pb = b.oracleValue(of: PopularityRanker(world: b), days: 7)
        #expect(pa.bitPattern == pb.bitPattern)
    }

    @Test func differentSeedsGiveDifferentWorlds() {
        var config = TestWorlds.tinyConfig
        config.seed = 43
        let a = TestWorlds.tiny
        let b = World(config: config)
        #expect(a.logs.train.count + a.logs.validation.count == b.logs.train.count + b.logs.validation.count)
        #expect(Self.fingerprint(a.logs.train) != Self.fingerprint(b.logs.train))
        #expect(a.logs.userFeatures != b.logs.userFeatures)
        #expect(a.latentItem(0) != b.latentItem(0))
        #expect(a.oracleValue(of: OracleSatisfactionRanker(world: a), days: 7) != b.oracleValue(of: OracleSatisfactionRanker(world: b), days: 7))
    }

    @Test func liveExperimentsAreReproducible() {
        let world = TestWorlds.tiny
        func run(_ seed: UInt64) -> ([ArmMetrics], [NorthStarCohort]) {
            let e = LiveExperiment(world: world, control: PopularityRanker(world: world), treatment: OracleSatisfactionRanker(world: world), trafficFraction: 0.3, seed: seed)
            e.advance(days: 15)
            return (e.dailyMetrics().treatment, e.northStarCohorts())
        }
        let (m1, c1) = run(5), (m2, c2) = run(5), (m3, _) = run(6)
        #expect(m1.map(\.clicks) == m2.map(\.clicks))
        #expect(m1.map(\.watchSecondsPerUser) == m2.map(\.watchSecondsPerUser))
        #expect(c1 == c2)
        #expect(m1.map(\.clicks) != m3.map(\.clicks))
    }
}

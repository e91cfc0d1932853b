import Foundation

/// Simulates the logging period: every user lives through `warmupDays` unlogged days and the
/// `logDays` logged ones, served by the production-like logging policy, and a fixed daily
/// quota of sessions is logged. Also returns where the population stands when the live
/// period begins.
struct LogGeneration {
    /// Unlogged days first, so recent satisfaction and activity reach their steady state.
    static let warmupDays = 10

    let train: ImpressionLog
    let validation: ImpressionLog
    let recentAtDeploy: [Double]
    let activeAtDeploy: [Bool]

    /// The logging policy: buzz (popularity) + noisy taste + some clickbait affinity + daily
    /// noise, with one slot per slate given to exploration. Logged sessions explore in a
    /// round-robin over a shuffled catalogue, so every item is shown once the log holds at
    /// least as many slates as there are items.
    @inline(__always) static func loggingScore(buzz: Double, noisyTaste: Double, clickbait: Double, noise: Double) -> Double {
        1.0 * buzz + 2.2 * noisyTaste + 0.6 * clickbait + 0.6 * noise
    }

    init(config: WorldConfig, latent: LatentPopulation) {
        let seed = config.seed
        let users = latent.users, items = latent.items, topics = latent.topics
        let logDays = max(1, config.logDays)
        let k = config.effectiveSlateSize
        let poolSize = latent.poolSize
        let surveyRate = config.surveyRate

        var noisyTaste = [Double](repeating: 0, count: users * topics)
        for u in 0..<users {
            var rng = SplitMix64(seed, .loggingTaste, UInt64(u))
            for t in 0..<topics { noisyTaste[u * topics + t] = latent.taste[u * topics + t] + 0.25 * rng.normal() }
        }
        var explorationOrder = Array(0..<items)
        do {
            var rng = SplitMix64(seed, .exploration)
            for j in stride(from: items - 1, to: 0, by: -1) { explorationOrder.swapAt(j, rng.below(j + 1)) }
        }
        var roundRobin = 0
        let quotaBase = config.impressions / logDays, quotaExtra = config.impressions % logDays

        var recent = [Double](repeating: 0, count: users)
        var active = (0..<users).map { u in
            StreamHash.unit(StreamHash.hash(seed, RandomStream.activity.rawValue, UInt64(u), UInt64(bitPattern: Int64(-Self.warmupDays)), 0)) < latent.activity[u]
        }
        var experience = [Double](repeating: 0, count: users)

        let capacity = config.impressions
        var cUsers = [Int32](), cItems = [Int32](), cDays = [Int32](), cPositions = [Int8](), cClicks = [Bool]()
        var cWatchSeconds = [Float](), cWatchFraction = [Float](), cSatisfaction = [Float](), cReturned = [Bool](), cLTV = [Float]()
        cUsers.reserveCapacity(capacity); cItems.reserveCapacity(capacity); cDays.reserveCapacity(capacity)
        cPositions.reserveCapacity(capacity); cClicks.reserveCapacity(capacity); cWatchSeconds.reserveCapacity(capacity)
        cWatchFraction.reserveCapacity(capacity); cSatisfaction.reserveCapacity(capacity); cReturned.reserveCapacity(capacity)
        cLTV.reserveCapacity(capacity)

        var builder = SlateBuilder(poolSize: poolSize, candidates: config.effectiveCandidates, slateSize: k)
        var slate = [Int](repeating: 0, count: k)
        var activeList: [Int] = []
        activeList.reserveCapacity(users)

        for day in -Self.warmupDays..<logDays {
            let dayKey = UInt64(bitPattern: Int64(day))
            activeList.removeAll(keepingCapacity: true)
            for u in 0..<users where active[u] { activeList.append(u) }
            var quota = day >= 0 ? quotaBase + (day < quotaExtra ? 1 : 0) : 0
            var shuffle = SplitMix64(seed, .shuffle, dayKey)
            if activeList.isEmpty && quota > 0 && users > 0 {
                let u = shuffle.below(users)
                active[u] = true
                activeList.append(u)
            }
            for j in stride(from: activeList.count - 1, to: 0, by: -1) { activeList.swapAt(j, shuffle.below(j + 1)) }
            for u in activeList { experience[u] = 0 }
            let dayStartRow = cUsers.count

            var pass = 0
            repeat {
                for u in activeList {
                    if pass > 0 && quota == 0 { break }
                    let logged = quota > 0
                    var rng = SplitMix64(seed, .session, UInt64(u), dayKey, UInt64(pass))
                    builder.drawCandidates(seed: seed, user: u, day: day, session: pass)
                    let poolBase = u * poolSize
                    builder.pickTop { slot in
                        let i = Int(latent.pools[poolBase + slot])
                        return Self.loggingScore(buzz: latent.buzz[i], noisyTaste: noisyTaste[u * topics + Int(latent.itemTopic[i])],
                                                 clickbait: latent.clickbait[i], noise: rng.normal())
                    }
                    for (p, slot) in builder.slate.enumerated() { slate[p] = Int(latent.pools[poolBase + slot]) }
                    // Exploration slot.
                    let position = rng.below(k)
                    let explored: Int
                    if logged {
                        explored = explorationOrder[roundRobin % items]
                        roundRobin += 1
                    } else {
                        explored = rng.below(items)
                    }
                    let drop = slate.firstIndex(of: explored) ?? (k - 1)
                    slate.remove(at: drop)
                    slate.insert(explored, at: position)

                    var clicked = false
                    let toLog = logged ? min(quota, k) : 0
                    for p in 0..<k {
                        let i = slate[p]
                        let outcome = latent.simulate(u, i, position: p, surveyRate: surveyRate, rng: &rng)
                        if outcome.click {
                            clicked = true
                            experience[u] += Dynamics.experience(satisfaction: outcome.realizedSatisfaction, tolerance: latent.tolerance[u])
                        }
                        if p < toLog {
                            cUsers.append(Int32(u)); cItems.append(Int32(i)); cDays.append(Int32(day)); cPositions.append(Int8(p))
                            cClicks.append(outcome.click); cWatchSeconds.append(Float(outcome.watchSeconds))
                            cWatchFraction.append(Float(outcome.watchFraction)); cSatisfaction.append(Float(outcome.survey))
                            cReturned.append(false); cLTV.append(Float(latent.longTermValue(u, i, position: p)))
                        }
                    }
                    if !clicked { experience[u] -= Dynamics.noClickPenalty }
                    quota -= toLog
                }
                pass += 1
            } while quota > 0 && !activeList.isEmpty

            // End of day: recent satisfaction, then who comes back tomorrow.
            for u in 0..<users {
                recent[u] = Dynamics.updatedRecent(recent[u], active: active[u], experience: active[u] ? experience[u] : 0)
                let p = Dynamics.returnProbability(baseLogit: latent.baseLogit[u], recent: recent[u])
                active[u] = StreamHash.unit(StreamHash.hash(seed, RandomStream.activity.rawValue, UInt64(u), UInt64(bitPattern: Int64(day + 1)), 0)) < p
            }
            for row in dayStartRow..<cUsers.count { cReturned[row] = active[Int(cUsers[row])] }
        }

        let trainDayCount = logDays - config.validationDays
        let split = cDays.firstIndex { $0 >= Int32(trainDayCount) } ?? cDays.count
        let all = ImpressionLog(users: cUsers, items: cItems, days: cDays, positions: cPositions, clicks: cClicks,
                                watchSeconds: cWatchSeconds, watchFraction: cWatchFraction, satisfaction: cSatisfaction,
                                returnedNextDay: cReturned, longTermValue: cLTV)
        train = all.slice(0..<split)
        validation = all.slice(split..<all.count)
        recentAtDeploy = recent
        activeAtDeploy = active
    }
}

import Foundation

extension World {
    /// Noise-free expected north star of serving with `ranker` from the first live day: the
    /// mean over users of `days`-day retained satisfied watch seconds (watch seconds times
    /// satisfaction, summed over the days the user comes back), over all users (or the first
    /// `population`).
    ///
    /// It propagates each user's return probability and recent satisfaction in expectation
    /// (a mean-field recursion of `Dynamics`), so it has no sampling noise at all and is
    /// deterministic. BENCHMARKS AND TESTS ONLY: it reads latent truth, so no agent-facing
    /// API (proposal, training, online decisions) may call it.
    public func oracleValue(of ranker: any Ranker, days: Int = 14, population: Int? = nil) -> Double {
        let users = min(population ?? latent.users, latent.users)
        guard users > 0, days > 0 else { return 0 }
        var perUser = [Double](repeating: 0, count: users)
        let chunks = min(users, max(1, ProcessInfo.processInfo.activeProcessorCount) * 4)
        perUser.withUnsafeMutableBufferPointer { buffer in
            let out = UnsafeSendable(buffer)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let begin = chunk * users / chunks, end = (chunk + 1) * users / chunks
                var builder = SlateBuilder(poolSize: latent.poolSize, candidates: config.effectiveCandidates, slateSize: config.effectiveSlateSize)
                for u in begin..<end { out.value[u] = expectedNorthStar(user: u, ranker: ranker, days: days, builder: &builder) }
            }
        }
        var total = 0.0
        for v in perUser { total += v }
        return total / Double(users)
    }

    /// One user's expected north star (see `oracleValue`).
    func expectedNorthStar(user u: Int, ranker: any Ranker, days: Int, builder: inout SlateBuilder) -> Double {
        let poolSize = latent.poolSize
        let pool = candidatePool(user: u)
        let scores = ranker.scores(user: u, items: pool)
        precondition(scores.count == pool.count, "a ranker must return one score per item")
        var click = [Double](repeating: 0, count: poolSize)
        var satisfiedWatch = [Double](repeating: 0, count: poolSize)
        var experience = [Double](repeating: 0, count: poolSize)
        for (slot, i) in pool.enumerated() {
            click[slot] = latent.clickProbability(u, i)
            let sat = latent.meanSatisfaction(u, i)
            satisfiedWatch[slot] = latent.meanWatchFraction(u, i) * latent.lengthSeconds[i] * sat
            experience[slot] = Dynamics.experience(satisfaction: sat, tolerance: latent.tolerance[u])
        }
        let base = latent.baseLogit[u]
        var recent = recentAtDeploy[u]
        var present = Dynamics.returnProbability(baseLogit: base, recent: recent)
        var total = 0.0
        for d in 0..<days {
            builder.drawCandidates(seed: config.seed, user: u, day: config.logDays + d)
            builder.pickTop { Double(scores[$0]) }
            var watch = 0.0, dayExperience = 0.0, noClick = 1.0
            for (p, slot) in builder.slate.enumerated() {
                let c = Dynamics.examination(position: p) * click[slot]
                watch += c * satisfiedWatch[slot]
                dayExperience += c * experience[slot]
                noClick *= 1 - c
            }
            dayExperience -= Dynamics.noClickPenalty * noClick
            total += present * watch
            recent = present * Dynamics.updatedRecent(recent, active: true, experience: dayExperience)
                + (1 - present) * Dynamics.updatedRecent(recent, active: false, experience: 0)
            present = Dynamics.returnProbability(baseLogit: base, recent: recent)
        }
        return total
    }
}

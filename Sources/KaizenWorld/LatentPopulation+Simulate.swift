extension LatentPopulation {
    /// Draws the outcome of showing item `i` to user `u` at `position`.
    @inline(__always) func simulate(_ u: Int, _ i: Int, position: Int, surveyRate: Double, rng: inout SplitMix64) -> ImpressionOutcome {
        var out = ImpressionOutcome()
        let m = match(u, i)
        let q = quality[i], c = clickbait[i]
        let p = Dynamics.examination(position: position)
            * Dynamics.sigmoid(Dynamics.clickLogit(match: m, quality: q, clickbait: c, susceptibility: susceptibility[u], freshness: freshness[i]))
        out.click = rng.uniform() < p
        let surveyed = rng.uniform() < surveyRate
        if out.click {
            let wf = Dynamics.sigmoid(Dynamics.watchLogit(match: m, quality: q, clickbait: c, lengthTerm: lengthTerm[i]) + 0.7 * rng.normal())
            out.watchFraction = wf
            out.watchSeconds = wf * lengthSeconds[i]
            out.realizedSatisfaction = Dynamics.sigmoid(Dynamics.satisfactionLogit(match: m, quality: q, clickbait: c) + 0.6 * rng.normal())
            if surveyed {
                let stars = (out.realizedSatisfaction * 4 + 0.3 * rng.normal()).rounded()
                out.survey = min(4, max(0, stars)) / 4
            }
        } else if surveyed {
            out.survey = 0
        }
        return out
    }
}

/// Ground truth, for tests, benchmarks and the oracle rankers only. No agent-facing API may
/// call these: they read the latent state that a real service could never observe.
extension World {
    public func latentUser(_ user: Int) -> LatentUser {
        let t = latent.topics
        return LatentUser(
            tastes: latent.taste[(user * t)..<((user + 1) * t)].map { Float($0) },
            activity: latent.activity[user], clickbaitSusceptibility: latent.susceptibility[user],
            tolerance: latent.tolerance[user])
    }

    public func latentItem(_ item: Int) -> LatentItem {
        LatentItem(
            topic: Int(latent.itemTopic[item]), quality: latent.quality[item], lengthSeconds: latent.lengthSeconds[item],
            clickbait: latent.clickbait[item], ageDays: latent.ageDays[item])
    }

    /// True click probability of `item` for `user` at `position` (0 = top).
    public func trueClickProbability(user: Int, item: Int, position: Int = 0) -> Double {
        Dynamics.examination(position: position) * latent.clickProbability(user, item)
    }

    /// True expected satisfied watch seconds of showing `item` to `user` at the top slot.
    public func trueSatisfiedWatchSeconds(user: Int, item: Int) -> Double {
        latent.expectedSatisfiedWatch(user, item)
    }

    /// True mean satisfaction of a watch of `item` by `user`, in [0, 1].
    public func trueSatisfaction(user: Int, item: Int) -> Double {
        latent.meanSatisfaction(user, item)
    }
}

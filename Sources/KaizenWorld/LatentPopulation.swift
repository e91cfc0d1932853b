import Foundation

/// The hidden truth of a world: users' tastes and temperaments, items' qualities and
/// clickbait, and each user's candidate pool. Struct-of-arrays to stay compact and fast.
/// Only the simulation, the oracle and the oracle rankers read it.
struct LatentPopulation: Sendable {
    let users: Int
    let items: Int
    let topics: Int
    /// users × topics, row-major.
    let taste: [Double]
    let activity: [Double]
    let baseLogit: [Double]
    let susceptibility: [Double]
    let tolerance: [Double]

    let itemTopic: [Int32]
    let quality: [Double]
    let clickbait: [Double]
    let lengthSeconds: [Double]
    /// `-0.5 ln(L / 300)`, the length term of the watch model.
    let lengthTerm: [Double]
    let ageDays: [Double]
    /// `exp(-age / 30)`: fresh items get a small click boost.
    let freshness: [Double]
    /// Latent buzz (quality, clickbait, luck): drives the logging policy and retrieval.
    let buzz: [Double]

    /// users × poolSize item ids: what the candidate generator retrieves for each user.
    let pools: [Int32]
    let poolSize: Int

    init(config: WorldConfig) {
        let seed = config.seed
        let users = config.users, items = config.items, topics = max(1, config.topics)
        self.users = users
        self.items = items
        self.topics = topics

        // Topic popularity: Zipf-like, so a few topics are mainstream and others niche.
        var topicWeight = (0..<topics).map { 1 / pow(Double($0) + 2, 0.8) }
        let weightSum = topicWeight.reduce(0, +)
        topicWeight = topicWeight.map { $0 / weightSum }
        let topicCDF = Self.cdf(topicWeight)

        // Items.
        var itemTopic = [Int32](repeating: 0, count: items)
        var quality = [Double](repeating: 0, count: items)
        var clickbait = [Double](repeating: 0, count: items)
        var lengthSeconds = [Double](repeating: 0, count: items)
        var lengthTerm = [Double](repeating: 0, count: items)
        var ageDays = [Double](repeating: 0, count: items)
        var freshness = [Double](repeating: 0, count: items)
        var buzz = [Double](repeating: 0, count: items)
        for i in 0..<items {
            var rng = SplitMix64(seed, .items, UInt64(i))
            // Half uniform, half by popularity, so every topic has items.
            let topic = rng.uniform() < 0.5 ? rng.below(topics) : Self.sample(topicCDF, rng.uniform())
            itemTopic[i] = Int32(topic)
            var q = (rng.uniform() + rng.uniform()) / 2
            let isClickbait = rng.uniform() < 0.15
            let c = isClickbait ? 0.5 + 0.5 * rng.uniform() : 0.15 * rng.uniform()
            if isClickbait { q *= 0.6 }
            quality[i] = q
            clickbait[i] = c
            let length = min(3600, max(30, exp(log(240.0) + 0.8 * rng.normal())))
            lengthSeconds[i] = length
            lengthTerm[i] = -0.5 * log(length / 300)
            let age = -90 * log(1 - rng.uniform())
            ageDays[i] = age
            freshness[i] = exp(-age / 30)
            buzz[i] = 0.5 * q + 0.6 * c + 0.3 * rng.normal()
        }
        self.itemTopic = itemTopic
        self.quality = quality
        self.clickbait = clickbait
        self.lengthSeconds = lengthSeconds
        self.lengthTerm = lengthTerm
        self.ageDays = ageDays
        self.freshness = freshness
        self.buzz = buzz

        // Users: three favourite topics (drawn by topic popularity) and faint interest elsewhere.
        var taste = [Double](repeating: 0, count: users * topics)
        var activity = [Double](repeating: 0, count: users)
        var baseLogit = [Double](repeating: 0, count: users)
        var susceptibility = [Double](repeating: 0, count: users)
        var tolerance = [Double](repeating: 0, count: users)
        for u in 0..<users {
            var rng = SplitMix64(seed, .users, UInt64(u))
            let row = u * topics
            for t in 0..<topics { taste[row + t] = 0.2 * rng.uniform() }
            let favourites = [1.0, 0.55 + 0.3 * rng.uniform(), 0.35 + 0.3 * rng.uniform()]
            var chosen: [Int] = []
            for level in favourites where chosen.count < topics {
                var t = Self.sample(topicCDF, rng.uniform())
                var guardCount = 0
                while chosen.contains(t) && guardCount < 64 { t = Self.sample(topicCDF, rng.uniform()); guardCount += 1 }
                if chosen.contains(t) { t = (0..<topics).first { !chosen.contains($0) } ?? t }
                chosen.append(t)
                taste[row + t] = level
            }
            let a = 0.1 + 0.8 * rng.uniform()
            activity[u] = a
            baseLogit[u] = Dynamics.logit(a)
            susceptibility[u] = 0.3 + 1.4 * rng.uniform()
            tolerance[u] = rng.uniform()
        }
        self.taste = taste
        self.activity = activity
        self.baseLogit = baseLogit
        self.susceptibility = susceptibility
        self.tolerance = tolerance

        // Candidate pools: half by (true) taste, a fifth by buzz, the rest uniform: a decent
        // but imperfect retrieval stage that rankers reorder.
        let poolSize = config.effectivePoolSize
        self.poolSize = poolSize
        var itemsByTopic = [[Int32]](repeating: [], count: topics)
        for i in 0..<items { itemsByTopic[Int(itemTopic[i])].append(Int32(i)) }
        let buzzCDF = Self.cdf(buzz.map { exp(2 * $0) })
        var pools = [Int32](repeating: 0, count: users * poolSize)
        var stamp = [Int32](repeating: -1, count: items)
        var tasteCDF = [Double](repeating: 0, count: topics)
        for u in 0..<users {
            var rng = SplitMix64(seed, .pools, UInt64(u))
            var total = 0.0
            for t in 0..<topics {
                let w = taste[u * topics + t]
                total += w * w * w
                tasteCDF[t] = total
            }
            var filled = 0
            var attempts = 0
            while filled < poolSize {
                attempts += 1
                let r = rng.uniform()
                var item: Int
                if attempts > poolSize * 20 {
                    item = rng.below(items)
                } else if r < 0.5 {
                    let t = Self.sample(tasteCDF, rng.uniform() * total)
                    let list = itemsByTopic[t]
                    item = list.isEmpty ? rng.below(items) : Int(list[rng.below(list.count)])
                } else if r < 0.7 {
                    item = Self.sample(buzzCDF, rng.uniform() * buzzCDF[items - 1])
                } else {
                    item = rng.below(items)
                }
                if stamp[item] == Int32(u) {
                    if attempts > poolSize * 40 {
                        // Tiny catalogues: take the next unused item deterministically.
                        var j = item
                        while stamp[j] == Int32(u) { j = (j + 1) % items }
                        item = j
                    } else { continue }
                }
                stamp[item] = Int32(u)
                pools[u * poolSize + filled] = Int32(item)
                filled += 1
            }
        }
        self.pools = pools
    }

    /// Running sums of `weights`, for inverse-CDF sampling.
    static func cdf(_ weights: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: weights.count)
        var total = 0.0
        for (k, w) in weights.enumerated() { total += w; out[k] = total }
        return out
    }

    /// Smallest index whose running sum exceeds `x` (x in [0, cdf.last)); `x` may be given
    /// already scaled by the total, or as a unit draw against a normalized CDF.
    static func sample(_ cdf: [Double], _ x: Double) -> Int {
        var lo = 0, hi = cdf.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cdf[mid] > x { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    // MARK: Truth per (user, item)

    @inline(__always) func match(_ u: Int, _ i: Int) -> Double { taste[u * topics + Int(itemTopic[i])] }

    /// Click probability at the top slot (examination 1).
    @inline(__always) func clickProbability(_ u: Int, _ i: Int) -> Double {
        Dynamics.sigmoid(Dynamics.clickLogit(match: match(u, i), quality: quality[i], clickbait: clickbait[i], susceptibility: susceptibility[u], freshness: freshness[i]))
    }

    @inline(__always) func meanWatchFraction(_ u: Int, _ i: Int) -> Double {
        Dynamics.sigmoid(Dynamics.watchLogit(match: match(u, i), quality: quality[i], clickbait: clickbait[i], lengthTerm: lengthTerm[i]))
    }

    @inline(__always) func meanSatisfaction(_ u: Int, _ i: Int) -> Double {
        Dynamics.sigmoid(Dynamics.satisfactionLogit(match: match(u, i), quality: quality[i], clickbait: clickbait[i]))
    }

    /// Expected satisfied watch seconds of showing `i` to `u` at the top slot.
    @inline(__always) func expectedSatisfiedWatch(_ u: Int, _ i: Int) -> Double {
        clickProbability(u, i) * meanWatchFraction(u, i) * lengthSeconds[i] * meanSatisfaction(u, i)
    }

    /// Noise-free long-term value of an impression: expected satisfied watch seconds now,
    /// plus the expected experience times what a unit of recent satisfaction is worth later.
    func longTermValue(_ u: Int, _ i: Int, position: Int) -> Double {
        let click = Dynamics.examination(position: position) * clickProbability(u, i)
        let sat = meanSatisfaction(u, i)
        let now = meanWatchFraction(u, i) * lengthSeconds[i] * sat
        let a = activity[u]
        let later = Dynamics.retentionValueSeconds * 4 * a * (1 - a) * Dynamics.experience(satisfaction: sat, tolerance: tolerance[u])
        return click * (now + later)
    }
}

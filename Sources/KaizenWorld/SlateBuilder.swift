/// Reusable scratch space for building slates: draws the day's candidates from a user's pool
/// and picks the top of them by score, without allocating per request.
struct SlateBuilder {
    let poolSize: Int
    let candidates: Int
    let slateSize: Int
    private var slots: [Int]
    /// Pool slots of today's candidates (valid after `drawCandidates`).
    private(set) var chosen: [Int]
    /// Pool slots of the slate, best first (valid after `pickTop`).
    private(set) var slate: [Int]
    private var bestScores: [Double]

    init(poolSize: Int, candidates: Int, slateSize: Int) {
        self.poolSize = poolSize
        self.candidates = candidates
        self.slateSize = slateSize
        slots = Array(0..<poolSize)
        chosen = [Int](repeating: 0, count: candidates)
        slate = []
        slate.reserveCapacity(slateSize + 1)
        bestScores = []
        bestScores.reserveCapacity(slateSize + 1)
    }

    /// Today's candidates: a partial Fisher–Yates shuffle of the pool seeded by (user, day),
    /// so every ranker sees the same candidates for the same user and day.
    mutating func drawCandidates(seed: UInt64, user: Int, day: Int, session: Int = 0) {
        var rng = SplitMix64(seed, .candidates, UInt64(user), UInt64(bitPattern: Int64(day)), UInt64(session))
        for k in 0..<poolSize { slots[k] = k }
        for k in 0..<candidates {
            let j = k + rng.below(poolSize - k)
            slots.swapAt(k, j)
            chosen[k] = slots[k]
        }
    }

    /// The `slateSize` candidates with the highest `score(slot)`, best first; ties keep
    /// candidate order and NaN ranks last.
    mutating func pickTop(_ score: (Int) -> Double) {
        slate.removeAll(keepingCapacity: true)
        bestScores.removeAll(keepingCapacity: true)
        for slot in chosen {
            var s = score(slot)
            if s.isNaN { s = -.infinity }
            let n = slate.count
            if n == slateSize && !(s > bestScores[n - 1]) { continue }
            var k = n
            while k > 0 && s > bestScores[k - 1] { k -= 1 }
            if n == slateSize {
                slate.removeLast()
                bestScores.removeLast()
            }
            slate.insert(slot, at: k)
            bestScores.insert(s, at: k)
        }
    }
}

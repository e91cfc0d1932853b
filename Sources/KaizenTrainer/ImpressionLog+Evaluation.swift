import KaizenWorld

extension ImpressionLog {
    /// One group per user and day: the slates NDCG@10 ranks within.
    var slateGroups: [Int] { (0..<count).map { Int(users[$0]) &* 4096 &+ Int(days[$0]) } }

    /// Graded relevance for NDCG: a clicked impression's watch fraction, else 0.
    var watchGains: [Float] { (0..<count).map { clicks[$0] ? watchFraction[$0] : 0 } }
}

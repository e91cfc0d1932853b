/// One search and everything up to the next search in its trajectory. Browses are attributed
/// to the latest search only, since that ranking is what the agent was choosing from.
struct SearchWindow: Sendable, Hashable {
    var trajectory: String
    var query: String
    var step: Int
    /// Result document ids by rank, each once.
    var results: [String]
    /// Result documents browsed in this window (kept or later dropped by the judge alike).
    var browsed: Set<String> = []
    var positives: [BrowsedPositive] = []
    private var resultSet: Set<String>

    init(trajectory: String, query: String, step: Int, results: [String]) {
        self.trajectory = trajectory
        self.query = query
        self.step = step
        var seen = Set<String>()
        self.results = results.filter { seen.insert($0).inserted }
        self.resultSet = seen
    }

    func returned(_ doc: String) -> Bool { resultSet.contains(doc) }

    /// Results never browsed in this window, by rank: the agent saw them and passed them over.
    var unbrowsed: [String] { results.filter { !browsed.contains($0) } }
}

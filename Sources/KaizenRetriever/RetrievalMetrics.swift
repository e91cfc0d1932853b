import Foundation

/// Ranking metrics of one query, or their means over many.
public struct RetrievalMetrics: Sendable, Equatable {
    public var ndcg10 = 0.0
    public var recall10 = 0.0
    public var recall100 = 0.0
    public var mrr10 = 0.0

    public init(ndcg10: Double = 0, recall10: Double = 0, recall100: Double = 0, mrr10: Double = 0) {
        self.ndcg10 = ndcg10
        self.recall10 = recall10
        self.recall100 = recall100
        self.mrr10 = mrr10
    }

    /// One query: `ranking` best first, `grades` the judged gains, `relevantAtLeast` the
    /// grade from which a document counts for recall and MRR. nDCG uses the grades as gains
    /// with the log2(rank + 1) discount, against the ideal ordering of all judged documents.
    public init(ranking: [String], grades: [String: Double], relevantAtLeast: Double = 1) {
        let relevant = Set(grades.filter { $0.value >= relevantAtLeast }.keys)
        func recall(_ k: Int) -> Double {
            relevant.isEmpty ? 0 : Double(Set(ranking.prefix(k)).intersection(relevant).count) / Double(relevant.count)
        }
        var dcg = 0.0
        for (i, doc) in ranking.prefix(10).enumerated() { dcg += max(0, grades[doc] ?? 0) / log2(Double(i) + 2) }
        let ideal = grades.values.filter { $0 > 0 }.sorted(by: >).prefix(10).enumerated().reduce(0.0) { $0 + $1.element / log2(Double($1.offset) + 2) }
        ndcg10 = ideal > 0 ? dcg / ideal : 0
        recall10 = recall(10)
        recall100 = recall(100)
        mrr10 = ranking.prefix(10).firstIndex(where: relevant.contains).map { 1 / Double($0 + 1) } ?? 0
    }

    /// The mean of each metric.
    public static func mean(_ all: [RetrievalMetrics]) -> RetrievalMetrics {
        guard !all.isEmpty else { return RetrievalMetrics() }
        let n = Double(all.count)
        return RetrievalMetrics(
            ndcg10: all.map(\.ndcg10).reduce(0, +) / n, recall10: all.map(\.recall10).reduce(0, +) / n,
            recall100: all.map(\.recall100).reduce(0, +) / n, mrr10: all.map(\.mrr10).reduce(0, +) / n)
    }
}

/// Runs a retriever over judged queries.
public enum RetrievalEvaluation {
    /// Mean metrics over the queries that have at least one relevant judgment, and how many
    /// those were.
    public static func run(
        _ retriever: any Retriever, queries: [EvalQuery], qrels: Qrels, relevantAtLeast: Double = 1
    ) async throws -> (metrics: RetrievalMetrics, queries: Int) {
        var all: [RetrievalMetrics] = []
        for query in queries {
            guard let grades = qrels.grades[query.id], !qrels.relevant(query.id, minimum: relevantAtLeast).isEmpty else { continue }
            let ranking = try await retriever.search(query.text, limit: 100).map(\.id)
            all.append(RetrievalMetrics(ranking: ranking, grades: grades, relevantAtLeast: relevantAtLeast))
        }
        return (RetrievalMetrics.mean(all), all.count)
    }
}

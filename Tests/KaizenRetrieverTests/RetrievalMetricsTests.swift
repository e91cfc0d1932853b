import Foundation
import KaizenCore
import KaizenRetriever
import KaizenStore
import Testing

@Suite struct RetrievalMetricsTests {
    @Test func metricsMatchHandComputedValues() {
        // Judged: a gain 3, b gain 1 (below the relevance threshold 2), c gain 2, d gain 3 (never retrieved).
        let grades: [String: Double] = ["a": 3, "b": 1, "c": 2, "d": 3]
        let m = RetrievalMetrics(ranking: ["x", "a", "b", "c"], grades: grades, relevantAtLeast: 2)
        // DCG = 3/log2(3) + 1/log2(4) + 2/log2(5); ideal = 3/1 + 3/log2(3) + 2/2 + 1/log2(5).
        let dcg = 3 / log2(3.0) + 1 / 2 + 2 / log2(5.0)
        let ideal = 3 + 3 / log2(3.0) + 2 / 2 + 1 / log2(5.0)
        #expect(abs(m.ndcg10 - dcg / ideal) < 1e-12)
        #expect(abs(m.ndcg10 - 0.5146137) < 1e-6)
        #expect(m.recall10 == 2.0 / 3.0)
        #expect(m.recall100 == 2.0 / 3.0)
        #expect(m.mrr10 == 0.5)
        let perfect = RetrievalMetrics(ranking: ["a", "d", "c", "b"], grades: grades, relevantAtLeast: 2)
        #expect(abs(perfect.ndcg10 - 1) < 1e-12 && perfect.recall10 == 1 && perfect.mrr10 == 1)
        let none = RetrievalMetrics(ranking: ["x", "y"], grades: grades)
        #expect(none == RetrievalMetrics())
        // Beyond rank 10 only recall@100 sees it.
        let late = RetrievalMetrics(ranking: (0..<20).map { "n\($0)" } + ["a"], grades: ["a": 1])
        #expect(late.recall10 == 0 && late.recall100 == 1 && late.mrr10 == 0 && late.ndcg10 == 0)
        #expect(RetrievalMetrics.mean([perfect, none]).recall10 == 0.5)
    }

    @Test func qrelsReadBothTRECFormsAndNameABadLine() throws {
        let qrels = try Qrels(text: "1 Q0 d1 3\n1 d2 1\n# comment\n\n2 0 d9 2\n", file: "q.txt")
        #expect(qrels.grades == ["1": ["d1": 3, "d2": 1], "2": ["d9": 2]])
        #expect(qrels.relevant("1", minimum: 2) == ["d1"])
        #expect(throws: RetrievalInputError(location: "q.txt:2", reason: "grade 'high' is not a number")) { try Qrels(text: "1 d1 2\n1 d2 high\n", file: "q.txt") }
        #expect(throws: RetrievalInputError(location: "q.txt:1", reason: "expected `qid Q0 doc grade` or `qid doc grade`, found 2 fields")) { try Qrels(text: "1 d1\n", file: "q.txt") }
        #expect(try EvalQuery.parse(lines: "{\"id\": 7, \"text\": \"flat plate\"}\n", file: "q.jsonl") == [EvalQuery(id: "7", text: "flat plate")])
        #expect(throws: RetrievalInputError(location: "q.jsonl:2", reason: "\"text\" must be a non-empty string")) {
            try EvalQuery.parse(lines: "{\"id\":\"1\",\"text\":\"a\"}\n{\"id\":\"2\"}\n", file: "q.jsonl")
        }
    }

    @Test func bm25EvaluationOverAStoreSkipsUnjudgedQueries() async throws {
        let store = try Store.inMemory()
        try store.upsertDocuments([
            Document(id: "p", title: "Flat plates", text: "boundary layer on a flat plate", source: "import"),
            Document(id: "w", title: "Wings", text: "lift of a swept wing", source: "import"),
            Document(id: "s", title: "Shocks", text: "shock waves at hypersonic speed", source: "import"),
        ])
        let queries = [EvalQuery(id: "1", text: "flat plate boundary layer"), EvalQuery(id: "2", text: "swept wing lift"), EvalQuery(id: "3", text: "unjudged")]
        let qrels = Qrels(grades: ["1": ["p": 2], "2": ["s": 2, "w": 1]])
        let (metrics, count) = try await RetrievalEvaluation.run(BM25Retriever(store: store, snippets: false), queries: queries, qrels: qrels, relevantAtLeast: 1)
        #expect(count == 2)
        // Query 1 finds p first; query 2 finds w (gain 1) first and never s (gain 2).
        #expect(metrics.mrr10 == 1)
        #expect(metrics.recall10 == 0.75)
        let query2 = 1 / (2 + 1 / log2(3.0))
        #expect(abs(metrics.ndcg10 - (1 + query2) / 2) < 1e-12)
    }
}

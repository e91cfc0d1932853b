import Foundation
import KaizenCore
import KaizenLRAT
import KaizenStore

/// LRAT end to end: mine the trajectories, train the adapter with weighted InfoNCE on the
/// encoder's embeddings, and learn the hybrid's BM25 weight on held-out mined pairs.
public struct LRATTraining: Sendable {
    public var mining = MiningSettings()
    public var trainer = AdapterTrainer()
    /// Share of mined queries held out to choose the BM25 weight (none when the weight is
    /// fixed: then every pair trains the adapter).
    public var holdout = 0.2
    public var judge: any ReasoningJudge = RuleJudge()
    /// Use this BM25 weight instead of learning one (mined positives come from BM25's own
    /// results, which biases the learned weight toward BM25).
    public var fixedBM25Weight: Double?

    public init() {}

    public struct Outcome: Sendable {
        public var model: RetrieverModelRecord
        public var mining: MiningReport
        public var losses: [Double]
        /// Held-out MRR@10 of the mined positives for each BM25 weight tried.
        public var weightSearch: [(weight: Double, mrr: Double)]
        public var examples: Int
    }

    public func run(
        name: String, store: Store, encoder: any TextEncoder, events: [TrajectoryEvent], log: @escaping (String) -> Void = { _ in }
    ) async throws -> Outcome {
        let (pairs, report) = try await Miner(settings: mining, judge: judge).mine(events)
        try EmbeddingIndexer.index(store: store, encoder: encoder)
        let documents = Dictionary(try store.embeddings(encoder: encoder.name).map { ($0.id, $0.vector.map(Double.init)) }, uniquingKeysWith: { a, _ in a })
        let queries = Array(Set(pairs.map(\.query))).sorted()
        let queryVectors = Dictionary(uniqueKeysWithValues: zip(queries, encoder.encode(queries).map { $0.map(Double.init) }))
        // Hold out whole queries, chosen by a stable hash, for the weight search.
        let share = fixedBM25Weight == nil ? holdout : 0
        let held = Set(queries.filter { Double(Self.hash($0) % 1000) / 1000 < share })
        var train: [WeightedInfoNCE.Example] = []
        for pair in pairs where !held.contains(pair.query) {
            guard let q = queryVectors[pair.query], let p = documents[pair.positive] else { continue }
            train.append(.init(query: q, positive: p, negatives: pair.negatives.compactMap { documents[$0] }, weight: pair.weight))
        }
        log("training on \(train.count) pairs (\(held.count) of \(queries.count) queries held out)")
        var losses: [Double] = []
        let adapter = trainer.train(train, dimension: encoder.dimension) { epoch, loss in
            losses.append(loss)
            log(String(format: "epoch %d: loss %.4f", epoch, loss))
        }
        let bm25 = BM25Retriever(store: store, snippets: false)
        let dense = try DenseRetriever(store: store, encoder: encoder, adapter: adapter)
        var search: [(Double, Double)] = []
        let heldPairs = pairs.filter { held.contains($0.query) }
        var lists: [String: (lexical: [(id: String, score: Double)], dense: [(id: String, score: Double)])] = [:]
        for query in Set(heldPairs.map(\.query)) {
            lists[query] = (try await bm25.search(query, limit: HybridRetriever.depth).map { ($0.id, $0.score) },
                            try await dense.search(query, limit: HybridRetriever.depth).map { ($0.id, $0.score) })
        }
        for step in 0...10 {
            let w = Double(step) / 10
            var mrr = 0.0
            for pair in heldPairs {
                guard let l = lists[pair.query] else { continue }
                let ranking = HybridRetriever.fuse(lexical: l.lexical, dense: l.dense, bm25Weight: w, limit: 10).map(\.id)
                mrr += ranking.firstIndex(of: pair.positive).map { 1 / Double($0 + 1) } ?? 0
            }
            search.append((w, heldPairs.isEmpty ? 0 : mrr / Double(heldPairs.count)))
        }
        let best = fixedBM25Weight ?? search.max { ($0.1, -abs($0.0 - 0.5)) < ($1.1, -abs($1.0 - 0.5)) }?.0 ?? 0.5
        log(String(format: "BM25 weight %.1f (held-out MRR@10 of mined positives %@)", best, search.map { String(format: "%.1f:%.3f", $0.0, $0.1) }.joined(separator: " ")))
        let adapterJSON = try JSONValue.parse(String(decoding: try JSONEncoder().encode(adapter), as: UTF8.self))
        let model = RetrieverModelRecord(
            name: name, encoder: encoder.name, adapter: adapterJSON, bm25Weight: best,
            report: [
                "mining": .array(report.lines.map(JSONValue.string)), "pairs": .number(Double(pairs.count)), "train_pairs": .number(Double(train.count)),
                "losses": .array(losses.map(JSONValue.number)), "temperature": .number(trainer.temperature), "epochs": .number(Double(trainer.epochs)),
                "weight_search": .array(search.map { .object(["bm25_weight": .number($0.0), "mrr@10": .number($0.1)]) }),
            ])
        try store.saveRetrieverModel(model)
        return Outcome(model: model, mining: report, losses: losses, weightSearch: search, examples: train.count)
    }

    static func hash(_ text: String) -> UInt64 {
        var h = EmbeddingIndexer.FNV()
        h.add(text)
        return h.value
    }
}

extension RetrieverModelRecord {
    /// The stored adapter, decoded.
    public var linearAdapter: LinearAdapter? {
        guard let adapter else { return nil }
        return try? JSONDecoder().decode(LinearAdapter.self, from: Data(adapter.canonicalText.utf8))
    }
}

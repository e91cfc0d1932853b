import Foundation
import KaizenCore
import KaizenEncoder
import KaizenRetriever
import KaizenStore

/// Per-query latency of the BM25, dense and hybrid retrievers on a 100,000-document store,
/// through the real code: a WAL file store (documents in SQLite with the FTS5 index built by
/// its triggers, embeddings through `storeEmbeddings`), `EmbeddingIndexer.index` (which must
/// find every vector fresh), `DenseRetriever` loading them the normal way, and
/// `HybridRetriever` as `RetrieverChoice.make("hybrid")` builds it. Dense and hybrid
/// latencies include encoding the query with the native MiniLM encoder.
///
/// The corpus is synthetic, built from the real Cranfield collection, because encoding
/// 100,000 documents natively would take about two hours on this machine:
/// - the 1,398 Cranfield documents themselves, with their real MiniLM embeddings;
/// - the rest assembled from Cranfield sentences: a random base document's sentences (each
///   kept with probability 0.75) with 1-2 sentences of another random document inserted,
///   under the base document's title, so BM25 sees Cranfield's vocabulary and term
///   statistics at 100,000-document scale;
/// - their vectors: the real embeddings of the two source documents mixed by their shares
///   of the text, plus Gaussian noise (sigma 0.02 per component), re-normalized.
/// Queries are the real Cranfield queries (the first `--queries`, at most 225).
///
/// Options: --documents N (100000), --queries Q (200), --limit K (10), --snippets true|false
/// (true: hits carry snippets, as the agents see them), --seed S (1), --cranfield DIR,
/// --fts5-queries F (20: FTS5's own query, about a second each, is timed and checked
/// against the in-memory BM25 index on the first F queries only),
/// --keep-store DIR (build the store there and keep it, for poking at it afterwards).
/// The real Cranfield embeddings are cached in ~/.cache/kaizen/bench (about 100 s to make).
enum RetrievalLatencyBench {
    static func say(_ line: String) {
        print(line)
        fflush(nil)
    }

    static func run() async throws {
        let total = Int(Repository.option("documents", "100000")) ?? 100_000
        let queryCount = Int(Repository.option("queries", "200")) ?? 200
        let limit = Int(Repository.option("limit", "10")) ?? 10
        let snippets = Repository.option("snippets", "true") != "false"
        let seed = UInt64(Repository.option("seed", "1")) ?? 1
        let cranfield = try CranfieldData.load()
        let encoder = try MiniLMEncoder(modelFolder: EncoderLocation.folder())
        say("latency.setup    load average \(ProcessStats.load()); RSS \(ProcessStats.rss()) after loading the encoder")

        let real = cranfield.documents.map { Document(id: "cran-\($0.id)", title: $0.title, text: $0.text, source: "bench") }
        let realVectors = try cachedEmbeddings(real, encoder: encoder)

        // The synthetic corpus.
        var clock = ContinuousClock.now
        let (documents, vectors, cosine) = synthesize(real: real, vectors: realVectors, total: total, seed: seed)
        let words = documents.reduce(0) { $0 + $1.text.split(separator: " ").count } / max(1, documents.count)
        say("latency.corpus   \(documents.count) documents: \(real.count) real Cranfield documents with their real MiniLM vectors + \(documents.count - real.count) synthetic ones assembled from Cranfield sentences (mean \(words) words), vectors = real source embeddings mixed + noise, re-normalized (mean cosine to the base document's vector \(Bench.fmt(cosine, 3))); made in \(Bench.fmt((ContinuousClock.now - clock).seconds, 1)) s")

        let keep = Repository.option("keep-store", "")
        let dir = keep.isEmpty ? FileManager.default.temporaryDirectory.appending(path: "kaizen-bench-latency-\(UUID().uuidString)") : URL(fileURLWithPath: keep)
        if !keep.isEmpty { try? FileManager.default.removeItem(at: dir) }
        defer { if keep.isEmpty { try? FileManager.default.removeItem(at: dir) } }
        let path = dir.appending(path: "store.sqlite")
        var store: Store? = try Store.open(at: path)
        clock = ContinuousClock.now
        for start in stride(from: 0, to: documents.count, by: 5_000) {
            try store!.upsertDocuments(Array(documents[start..<min(documents.count, start + 5_000)]))
        }
        let insertSeconds = (ContinuousClock.now - clock).seconds
        clock = ContinuousClock.now
        for start in stride(from: 0, to: documents.count, by: 5_000) {
            let slice = start..<min(documents.count, start + 5_000)
            try store!.storeEmbeddings(encoder: encoder.name, slice.map { (documents[$0].id, EmbeddingIndexer.fingerprint(documents[$0]), vectors[$0]) })
        }
        let embedSeconds = (ContinuousClock.now - clock).seconds
        store = nil  // closed: what follows opens it as `kaizen` would
        let bytes = ((try? FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: [.fileSizeKey])) ?? [])
            .reduce(0) { $0 + ((try? $1.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0) }
        say("latency.build    documents + FTS5 index \(Bench.fmt(insertSeconds, 1)) s (\(Bench.fmt(Double(documents.count) / insertSeconds, 0)) docs/s, batches of 5,000); embeddings stored \(Bench.fmt(embedSeconds, 1)) s; store files \(Bench.fmt(Double(bytes) / 1_048_576, 0)) MiB")

        // Open as `RetrieverChoice.make("hybrid")` does: bring embeddings up to date (all are
        // fresh, so nothing is encoded), load the dense index, fuse at weight 0.5.
        let rssBefore = ProcessStats.residentMiB()
        clock = ContinuousClock.now
        let opened = try Store.open(at: path)
        let (encoded, reused) = try EmbeddingIndexer.index(store: opened, encoder: FailingEncoder(name: encoder.name, dimension: encoder.dimension))
        let checkSeconds = (ContinuousClock.now - clock).seconds
        clock = ContinuousClock.now
        let dense = try DenseRetriever(store: opened, encoder: encoder)
        let loadSeconds = (ContinuousClock.now - clock).seconds
        clock = ContinuousClock.now
        let lexical = try LexicalSearch.index(for: opened)
        say("latency.lexical  in-memory BM25 index (LexicalIndex, from FTS5's fts5vocab instance rows) built in \(Bench.fmt((ContinuousClock.now - clock).seconds, 2)) s: \(lexical.termCount) terms, \(lexical.postingCount) postings; RSS \(ProcessStats.rss())")
        let bm25 = BM25Retriever(store: opened, snippets: snippets)
        let hybrid = HybridRetriever(bm25: bm25, dense: dense, bm25Weight: 0.5)
        say("latency.open     EmbeddingIndexer.index check \(Bench.fmt(checkSeconds, 2)) s (\(encoded) encoded, \(reused) fresh); DenseRetriever load \(Bench.fmt(loadSeconds, 2)) s (\(dense.index.count) x \(dense.index.dimension) floats, \(Bench.fmt(Double(dense.index.count * dense.index.dimension * 4) / 1_048_576, 0)) MiB); RSS \(rssBefore.map { Bench.fmt($0, 0) } ?? "?") -> \(ProcessStats.rss())")

        let available = cranfield.queries.filter { !$0.isEmpty }
        let queries = Array(available.prefix(queryCount))
        if queryCount > available.count { say("latency.queries  only \(available.count) Cranfield queries exist; using them all") }
        // Warm-up: the first queries once through each retriever, untimed.
        for q in queries.prefix(5) {
            _ = try await bm25.search(q, limit: limit)
            _ = try await hybrid.search(q, limit: limit)
        }
        say("latency.queries  \(queries.count) real Cranfield queries, top \(limit), snippets \(snippets ? "on (as the agents see hits)" : "off"); each retriever a separate pass; 5 warm-up queries untimed")

        func measure(_ name: String, _ note: String, _ body: (String) async throws -> Int) async rethrows {
            var ms: [Double] = []
            var hits = 0
            for q in queries {
                let start = ContinuousClock.now
                hits += try await body(q)
                ms.append((ContinuousClock.now - start).seconds * 1000)
            }
            let mean = ms.reduce(0, +) / Double(ms.count)
            say("latency.\(name.padding(toLength: 9, withPad: " ", startingAt: 0)) p50 \(Bench.fmt(Bench.percentile(ms, 0.5), 2)) ms  p99 \(Bench.fmt(Bench.percentile(ms, 0.99), 2)) ms  mean \(Bench.fmt(mean, 2)) ms  max \(Bench.fmt(ms.max() ?? 0, 2)) ms  (\(Bench.fmt(Double(hits) / Double(ms.count), 1)) hits/query; \(note))")
        }
        try await measure("bm25", "BM25Retriever: in-memory index scored as FTS5's bm25() over \(documents.count) documents") { try await bm25.search($0, limit: limit).count }
        try await measure("dense", "DenseRetriever: query encoding + DenseIndex.search") { try await dense.search($0, limit: limit).count }
        try await measure("hybrid", "HybridRetriever, BM25 weight 0.5, depth \(HybridRetriever.depth) each") { try await hybrid.search($0, limit: limit).count }
        // Where a hybrid query's time goes.
        await measure("q.encode", "part: encoding the query alone") { encoder.encode([$0]).count }
        let vectorsByQuery = Dictionary(queries.map { ($0, encoder.encode([$0])[0]) }, uniquingKeysWith: { a, _ in a })
        await measure("q.scan", "part: DenseIndex.search (7-bit first pass + exact rescoring of \(DenseIndex.rescored(HybridRetriever.depth))), top \(HybridRetriever.depth), query already encoded") { dense.index.search(vectorsByQuery[$0]!, limit: HybridRetriever.depth).count }
        await measure("q.sgemv", "part: DenseIndex.searchExact (sgemv over every row), top \(HybridRetriever.depth), query already encoded") { dense.index.searchExact(vectorsByQuery[$0]!, limit: HybridRetriever.depth).count }
        // How much of the exact scan's top 10 and top 100 the quantized search keeps.
        var kept10 = 0, kept100 = 0, identical10 = 0
        for q in queries {
            let v = vectorsByQuery[q]!
            let fast = dense.index.search(v, limit: HybridRetriever.depth).map(\.id), exact = dense.index.searchExact(v, limit: HybridRetriever.depth).map(\.id)
            kept10 += Set(fast.prefix(10)).intersection(exact.prefix(10)).count
            kept100 += Set(fast).intersection(exact).count
            if Array(fast.prefix(10)) == Array(exact.prefix(10)) { identical10 += 1 }
        }
        say("latency.q.overlap quantized vs exact dense search over \(queries.count) queries: top-10 overlap \(Bench.fmt(Double(kept10) / Double(10 * queries.count), 4)), top-100 overlap \(Bench.fmt(Double(kept100) / Double(HybridRetriever.depth * queries.count), 4)), identical top-10 lists \(identical10) of \(queries.count)")
        try await measure("q.lexical", "part: LexicalSearch alone, top \(HybridRetriever.depth), no snippets") { try LexicalSearch.search(opened, $0, limit: HybridRetriever.depth).count }
        let topByQuery = try Dictionary(queries.map { ($0, try LexicalSearch.search(opened, $0, limit: limit).map(\.id)) }, uniquingKeysWith: { a, _ in a })
        try await measure("q.snippets", "part: reading \(limit) documents in one read and making their snippets") { q in
            let documents = try opened.documents(topByQuery[q]!)
            return documents.values.map { Snippet.make(text: $0.text, query: q) }.count
        }
        // FTS5 itself on a few queries: its time, and whether the in-memory index agrees.
        let checked = Array(queries.prefix(Int(Repository.option("fts5-queries", "20")) ?? 20))
        var same = 0, worst = 0.0
        var fts5ms: [Double] = []
        for q in checked {
            let start = ContinuousClock.now
            let fts5 = try opened.searchDocuments(q, limit: HybridRetriever.depth)
            fts5ms.append((ContinuousClock.now - start).seconds * 1000)
            let ours = try LexicalSearch.search(opened, q, limit: HybridRetriever.depth)
            if ours.map(\.id) == fts5.map(\.id) { same += 1 }
            for (a, b) in zip(ours, fts5) { worst = max(worst, abs(a.score - b.score) / max(abs(b.score), 1e-300)) }
        }
        say("latency.q.fts5    p50 \(Bench.fmt(Bench.percentile(fts5ms, 0.5), 2)) ms  max \(Bench.fmt(fts5ms.max() ?? 0, 2)) ms  (part: Store.searchDocuments, FTS5 MATCH ... ORDER BY bm25(), top \(HybridRetriever.depth), first \(checked.count) queries; in-memory index: same top-\(HybridRetriever.depth) ids in order for \(same) of \(checked.count), largest relative score difference \(worst))")
        say("latency.end      RSS \(ProcessStats.rss()); load average \(ProcessStats.load())")
    }

    /// Stands in for the encoder in the freshness check: every stored vector must be current,
    /// so being asked to encode anything is a bug in the benchmark (it would take hours).
    struct FailingEncoder: TextEncoder {
        var name: String
        var dimension: Int
        func encode(_ texts: [String]) -> [[Float]] {
            fatalError("\(texts.count) stored embeddings are stale; the benchmark stores a fresh one for every document")
        }
    }

    /// The real MiniLM embeddings of `documents` (of `EmbeddingIndexer.text(of:)`), cached in
    /// ~/.cache/kaizen/bench by a fingerprint of the texts.
    static func cachedEmbeddings(_ documents: [Document], encoder: MiniLMEncoder) throws -> [[Float]] {
        let texts = documents.map(EmbeddingIndexer.text(of:))
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for text in texts {
            for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            hash = (hash ^ 0xff) &* 0x0000_0100_0000_01B3
        }
        let cache = FileManager.default.homeDirectoryForCurrentUser.appending(path: ".cache/kaizen/bench")
        let file = cache.appending(path: "cranfield-\(encoder.name)-\(String(hash, radix: 16)).f32")
        let d = encoder.dimension
        if let data = try? Data(contentsOf: file), data.count == texts.count * d * 4 {
            let flat: [Float] = data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
            say("latency.vectors  real MiniLM embeddings of the \(texts.count) Cranfield documents read from \(file.path)")
            return (0..<texts.count).map { Array(flat[($0 * d)..<(($0 + 1) * d)]) }
        }
        let start = ContinuousClock.now
        let vectors = encoder.encode(texts)
        say("latency.vectors  encoded the \(texts.count) Cranfield documents natively in \(Bench.fmt((ContinuousClock.now - start).seconds, 1)) s; cached in \(file.path)")
        try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
        let flat = vectors.flatMap { $0 }
        try flat.withUnsafeBufferPointer { Data(buffer: $0) }.write(to: file, options: .atomic)
        return vectors
    }

    /// The real documents, then synthetic ones up to `total`; their vectors; the mean cosine
    /// of a synthetic vector to its base document's.
    static func synthesize(real: [Document], vectors: [[Float]], total: Int, seed: UInt64) -> ([Document], [[Float]], Double) {
        var rng = SeededGenerator(seed: seed)
        let sentences: [[String]] = real.map { document in
            document.text.components(separatedBy: ". ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.count > 3 }
        }
        func gaussian() -> Float {
            let u = Double.random(in: Double.ulpOfOne..<1, using: &rng), v = Double.random(in: 0..<1, using: &rng)
            return Float((-2 * log(u)).squareRoot() * cos(2 * .pi * v))
        }
        var documents = Array(real.prefix(total))
        var out = Array(vectors.prefix(total))
        var cosines = 0.0
        let d = vectors.first?.count ?? 0
        for i in documents.count..<max(documents.count, total) {
            let b = Int.random(in: 0..<real.count, using: &rng)
            var o = Int.random(in: 0..<real.count, using: &rng)
            if o == b { o = (o + 1) % real.count }
            var kept = sentences[b].filter { _ in Double.random(in: 0..<1, using: &rng) < 0.75 }
            if kept.isEmpty { kept = [sentences[b].first ?? real[b].text] }
            let baseChars = kept.reduce(0) { $0 + $1.count }
            var otherChars = 0
            for _ in 0..<Int.random(in: 1...2, using: &rng) {
                guard let s = sentences[o].randomElement(using: &rng) else { continue }
                kept.insert(s, at: Int.random(in: 0...kept.count, using: &rng))
                otherChars += s.count
            }
            let text = kept.joined(separator: " . ") + " ."
            documents.append(Document(id: "syn-\(i)", title: real[b].title, text: text, source: "bench"))
            let wb = Float(baseChars) / Float(baseChars + otherChars), wo = 1 - wb
            var v = (0..<d).map { wb * vectors[b][$0] + wo * vectors[o][$0] + 0.02 * gaussian() }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            v = v.map { $0 / norm }
            cosines += Double(zip(v, vectors[b]).reduce(0) { $0 + $1.0 * $1.1 })
            out.append(v)
        }
        return (documents, out, cosines / Double(max(1, documents.count - real.count)))
    }
}

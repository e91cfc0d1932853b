import Foundation
import KaizenAgent
import KaizenCore
import KaizenPolicy
import KaizenProposers
import KaizenRetriever
import KaizenSearchSpace
import KaizenStore
import KaizenWorkspace

/// The public pieces an offline round calls, timed one by one on the store a run left behind
/// (so at the journal size the run reached): which of them make a round's setup and the work
/// between two LLM requests cost what they do. Median of `times` calls each, in ms.
enum LoopBenchParts {
    static func measure(store: Store, workspace: Workspace, runStart: Date, times: Int = 5) throws -> [(name: String, ms: Double)] {
        func time(_ body: () throws -> Void) rethrows -> Double {
            var samples: [Double] = []
            for _ in 0..<times {
                let t = ContinuousClock.now
                try body()
                samples.append((ContinuousClock.now - t).seconds * 1000)
            }
            return Bench.percentile(samples, 0.5)
        }
        let policy = try workspace.loadPolicy()
        let space = try workspace.loadSearchSpace()
        let production = try store.currentProduction()?.config ?? workspace.defaultProductionConfig()
        let fingerprint = Fingerprint.ofConfig(production)
        let gate = BudgetGate(budgets: policy.budgets, store: store, runStart: runStart)
        let candidates = try store.candidates()
        var out: [(String, Double)] = []
        out.append(("store.candidates() (all \(candidates.count), configs parsed)", try time { _ = try store.candidates() }))
        out.append(("JournalSnapshot.load (one persona)", try time { _ = try JournalSnapshot.load(store: store, persona: .optimizer, productionFingerprint: fingerprint) }))
        var index = DuplicateIndex(distance: SearchDistance(space: space), policy: policy.dedup)
        out.append(("duplicate index: candidates + inserts (loadIndex)", try time {
            var fresh = DuplicateIndex(distance: SearchDistance(space: space), policy: policy.dedup)
            for c in try store.candidates() where ![.invalid, .duplicate].contains(c.state) {
                if let config = c.config, let fp = c.fingerprint { fresh.insert(id: c.id, persona: c.persona, config: config, fingerprint: fp) }
            }
            index = fresh
        }))
        let probe = production.merging(patch: ["optimizer": ["learning_rate": 0.0123]])
        out.append(("DuplicateIndex.check (one proposal, \(index.count) indexed)", time { _ = index.check(config: probe, fingerprint: Fingerprint.ofConfig(probe), persona: .optimizer) }))
        out.append(("KnowledgeBase.syncCards (every round)", try time { _ = try KnowledgeBase.syncCards(store: store) }))
        out.append(("  of which reads: candidates() + metrics(candidate:) for each (N+1 queries)", try time {
            for c in try store.candidates(limit: Int.max) where c.delta != nil { _ = try store.metrics(candidate: c.id) }
        }))
        out.append(("KnowledgeBase.sync (notes + cards, every cycle)", try time { _ = try KnowledgeBase.sync(store: store, knowledgeDirectory: workspace.knowledgeURL) }))
        let query = "optimizer learning rate schedule adam gradient noise warmup"
        out.append(("store.searchDocuments (FTS, 5 hits)", try time { _ = try store.searchDocuments(query, limit: 5) }))
        let hits = try store.searchDocuments(query, limit: 5)
        out.append(("Snippet.make x \(hits.count) (BM25Retriever.search's snippets)", try time {
            for hit in hits { _ = Snippet.make(text: try store.document(hit.id)?.text ?? "", query: query) }
        }))
        out.append(("BudgetGate.llmRefusal (each round and each slot)", try time { _ = try gate.llmRefusal(model: "gemma-3-270m", roundStart: Date()) }))
        out.append(("BudgetUsage.load (each checkpoint)", try time { _ = try BudgetUsage.load(budgets: gate.budgets, store: store, model: "gemma-3-270m", runStart: runStart) }))
        out.append(("store.insertCandidate (each proposal; a rejected one)", try time {
            var c = Candidate(persona: .optimizer, state: .invalid, proposer: "bench", baseFingerprint: fingerprint)
            c.reason = "bench"
            try store.insertCandidate(c)
        }))
        out.append(("store.insertLLMCall (each request)", try time {
            try store.insertLLMCall(LLMCallRecord(
                endpoint: "bench", model: "bench", kind: "chat", attempt: 1, status: 200, errorClass: nil, promptTokens: 1, completionTokens: 1,
                latency: .milliseconds(1), startedAt: Date.distantPast))
        }))
        out.append(("ProposalSchema.make (each slot)", time {
            _ = ProposalSchema.make(space: space, persona: .architecture, production: production, focus: "architecture.tower", evidenceIDs: ["a", "b"])
        }))
        return out
    }
}

import Foundation
import KaizenCore
import KaizenStore
import Testing

@testable import KaizenRetriever

@Suite struct ExperimentCardTests {
    func swigluCandidate() -> Candidate {
        Candidate(
            id: "cand_swiglu", persona: .architecture, state: .proposed, proposer: "llm",
            delta: .object(["architecture": .object(["activation": .string("swiglu"), "tower": .array([.number(96), .number(48)])])]),
            hypothesis: "A SwiGLU tower models multiplicative feature interactions that ReLU approximates poorly, raising ndcg without hurting long-term value",
            rationale: "Shazeer 2020 found GLU variants better at equal parameters.")
    }

    @Test func cardHoldsTheCandidateAndItsMetrics() {
        let metrics = [
            MetricValue(name: "val_logloss", value: 0.52, step: 1, source: .offline),
            MetricValue(name: "val_logloss", value: 0.48, step: 2, source: .offline),
            MetricValue(name: "auc", value: 0.7125, source: .offline),
            MetricValue(name: "north_star", value: 1.031, source: .online),
        ]
        var candidate = swigluCandidate()
        candidate.state = .scored
        candidate.reason = "trained in 12 s"
        let card = KnowledgeBase.experimentCard(candidate: candidate, metrics: metrics)
        #expect(card.id == "card:cand_swiglu")
        #expect(card.source == "journal")
        #expect(card.title == "architecture candidate cand_swiglu: " + String(candidate.hypothesis.prefix(80)) + "…")
        #expect(card.text.contains("State: scored"))
        #expect(card.text.contains(#"Delta: {"architecture":{"activation":"swiglu","tower":[96,48]}}"#))
        #expect(card.text.contains(#"architecture.activation = "swiglu""#))
        #expect(card.text.contains("Hypothesis: " + candidate.hypothesis))
        #expect(card.text.contains("Rationale: Shazeer 2020"))
        #expect(card.text.contains("Reason: trained in 12 s"))
        #expect(card.text.contains("Offline metrics: val_logloss=0.48 auc=0.7125"))
        #expect(card.text.contains("Online outcome: north_star=1.031"))

        let bare = KnowledgeBase.experimentCard(candidate: Candidate(id: "cand_b", persona: .reward, proposer: "random", delta: .object([:])), metrics: [])
        #expect(bare.title == "reward candidate cand_b")
        #expect(bare.text.contains("Offline metrics: none"))
        #expect(!bare.text.contains("Online outcome"))
    }

    @Test func cardsAreSearchableAndResyncDoesNotDuplicate() async throws {
        let dir = try makeKnowledgeFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Store.inMemory()
        let swiglu = swigluCandidate()
        try store.insertCandidate(swiglu)
        try store.insertCandidate(Candidate(
            id: "cand_penalty", persona: .reward, proposer: "llm",
            delta: .object(["reward": .object(["clickbait_penalty": .number(0.4)])]),
            hypothesis: "Penalizing short watches after clicks demotes misleading thumbnails"))
        // Rejected before it had a delta: no card.
        try store.insertCandidate(Candidate(id: "cand_nodelta", persona: .optimizer, state: .proposed, proposer: "llm", rawText: "not json"))

        let first = try KnowledgeBase.sync(store: store, knowledgeDirectory: dir)
        #expect(first.cards == 2)
        let count = try store.documentCount()
        #expect(count == first.notes + 2)

        let retriever = BM25Retriever(store: store)
        let hits = try await retriever.search("misleading thumbnails demoted", limit: 3)
        #expect(hits.first?.id == "card:cand_penalty")
        #expect(try await retriever.open("card:cand_nodelta") == nil)

        // New results reach the card on the next sync, in place.
        try store.transition(swiglu.id, to: .queued, reason: "valid")
        try store.recordMetrics([MetricValue(name: "auc", value: 0.731, source: .offline)], candidate: swiglu.id)
        let second = try KnowledgeBase.sync(store: store, knowledgeDirectory: dir)
        #expect(second.cards == 2 && second.notes == first.notes)
        #expect(try store.documentCount() == count)
        let card = try #require(try await retriever.open("card:cand_swiglu"))
        #expect(card.text.contains("State: queued"))
        #expect(card.text.contains("auc=0.731"))
        #expect(try await retriever.search("swiglu", limit: 20).filter { $0.id == "card:cand_swiglu" }.count == 1)
    }

    @Test func aSyncSinceATimeRebuildsOnlyTheCardsOfChangedCandidates() async throws {
        let store = try Store.inMemory()
        let swiglu = swigluCandidate()
        try store.insertCandidate(swiglu)
        try store.insertCandidate(Candidate(id: "cand_other", persona: .reward, proposer: "llm", delta: .object(["reward": .object(["clickbait_penalty": .number(0.2)])])))
        #expect(try KnowledgeBase.syncCards(store: store) == 2)
        let later = Date().addingTimeInterval(60)  // beyond the margin: nothing changed since
        #expect(try KnowledgeBase.syncCards(store: store, since: later) == 0)

        let before = Date()
        try store.transition(swiglu.id, to: .queued, reason: "valid")
        #expect(try KnowledgeBase.syncCards(store: store, since: before) >= 1)
        let card = try #require(try await BM25Retriever(store: store).open("card:cand_swiglu"))
        #expect(card.text.contains("State: queued"))
    }
}

import Foundation
import KaizenCore
import KaizenLLM
import KaizenRetriever

extension OfflineAgent {
    /// Keywords that steer the knowledge-base search toward each persona's techniques.
    static func keywords(_ persona: Persona) -> [String] {
        switch persona {
        case .optimizer: ["optimizer", "learning", "rate", "schedule", "adam", "gradient", "noise"]
        case .architecture: ["architecture", "tower", "activation", "glu", "hourglass", "residual", "embedding"]
        case .reward: ["reward", "satisfaction", "clickbait", "long-term", "value", "watch"]
        }
    }

    /// Search, open the best hits, and write post-reading reasoning; every step is a
    /// trajectory event. A failing retriever or LLM leaves the round without evidence.
    func gatherEvidence(persona: Persona, journal: JournalSnapshot, roundStart: Date, recorder: inout TrajectoryRecorder, report: inout RoundReport) async throws -> Evidence {
        guard let retriever, let prompts, settings.evidenceResults > 0 else { return .none }
        if recorder.store != nil {
            let syncStart = now()
            try KnowledgeBase.syncCards(store: store, since: cardsSyncedAt)
            cardsSyncedAt = syncStart
        }
        let best = journal.ranked.prefix(3).map { ["hypothesis": String($0.candidate.hypothesis.prefix(120))] }
        let query = prompts.render("evidence-query", ["persona": persona.rawValue, "keywords": Self.keywords(persona), "best": best])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let hits: [RetrievedHitView]
        do {
            hits = try await retriever.search(query, limit: settings.evidenceResults).map { RetrievedHitView(id: $0.id, title: $0.title, score: $0.score, snippet: $0.snippet) }
        } catch {
            logger.warning("knowledge search failed; proposing without evidence", metadata: ["error": "\(error)"])
            return .none
        }
        try recorder.log(.search, [
            "query": .string(query),
            "results": .array(hits.enumerated().map { ["doc": .string($1.id), "title": .string($1.title), "score": .number($1.score), "rank": .number(Double($0 + 1))] }),
        ])
        // Open the best hits whose score is at least half the top score: weak matches add noise.
        let top = hits.first?.score ?? 0
        var opened: [(id: String, title: String, text: String)] = []
        for hit in hits.prefix(settings.evidenceOpened) where hit.score >= top * 0.5 {
            guard let document = try? await retriever.open(hit.id) else { continue }
            opened.append((document.id, document.title, document.text))
            try recorder.log(.browse, ["doc": .string(document.id), "title": .string(document.title), "chars": .number(Double(document.text.count))])
        }
        var evidence = Evidence(items: hits.map { Evidence.Item(id: $0.id, title: $0.title, snippet: $0.snippet) }, reasoning: nil)
        guard settings.reasoning, let llm, !opened.isEmpty else { return evidence }
        let prompt = prompts.render("evidence-reasoning", [
            "persona": persona.rawValue,
            "documents": opened.map { ["id": $0.id, "title": $0.title, "text": String($0.text.prefix(1500))] },
            "best": journal.ranked.prefix(3).map { ["delta": $0.candidate.delta?.canonicalText ?? "{}", "result": $0.resultText(baselineMetrics: journal.baseline?.metrics)] },
        ])
        if let refusal = try gate.llmRefusal(model: llm.endpoint.model, roundStart: roundStart) {
            report.stoppedEarly = refusal
            return evidence
        }
        do {
            let reply = try await generate(prompt: prompt, format: .text, maxTokens: 160, seed: settings.seed, purpose: "agent.reasoning")
            report.promptTokens += reply.promptTokens ?? 0
            report.completionTokens += reply.completionTokens ?? 0
            let text = reply.text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty {
                evidence.reasoning = String(text.prefix(800))
                try recorder.log(.reason, ["text": .string(evidence.reasoning!), "tokens": .number(Double(reply.completionTokens ?? 0))])
            }
        } catch {
            logger.warning("post-reading reasoning failed; proposing without it", metadata: ["error": "\(error)"])
        }
        return evidence
    }

    /// One generation in the configured mode: chat turns, or plain text for base models.
    func generate(prompt: String, format: ResponseFormat, maxTokens: Int, seed: Int?, purpose: String) async throws(LLMError) -> LLMReply {
        var options = SamplingOptions(maxTokens: maxTokens, temperature: settings.temperature, seed: seed)
        switch settings.mode {
        case .chat: return try await llm!.chat([ChatMessage(.user, prompt)], format: format, options: options, purpose: purpose)
        case .completion:
            // A base model continues the few-shot pattern past its answer ("Result: ..."); stop there.
            if format != .text { options.stop = ["\nResult:", "\nProposal:", "\n\n"] }
            return try await llm!.complete(prompt, format: format, options: options, purpose: purpose)
        }
    }
}

/// A search hit as the agent keeps it.
struct RetrievedHitView {
    var id: String
    var title: String
    var score: Double
    var snippet: String
}

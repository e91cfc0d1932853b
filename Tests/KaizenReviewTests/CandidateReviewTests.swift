import Foundation
import KaizenCore
import KaizenPolicy
import KaizenReview
import KaizenStore
import ReviewFixtures
import Testing

@Suite struct CandidateReviewTests {
    @Test func theQueueIsOldestFirstWithGainRulesAndStaleness() throws {
        let f = try ReviewFixture()
        let queue = try ReviewQueue.load(store: f.store)
        #expect(queue.map(\.id) == [f.awaiting, f.stale])
        #expect(queue[0].offlineGain == 0.04)
        #expect(queue[0].rules == ["inference-cost-increase"])
        #expect(queue[0].stale == false)
        #expect(queue[1].stale == true)
        #expect(queue[0].age(at: Date(timeIntervalSince1970: 1_790_000_160)) == 60)
        #expect(ReviewQueue.ageText(3_700) == "1h 1m")
    }

    @Test func aReviewComparesWithProductionAndShowsEvidenceCurveAndRisks() throws {
        let f = try ReviewFixture()
        let guardrails = Policy.Guardrails(limits: [.init(metric: "satisfaction", maxRelativeDrop: 0.005)], minDaysBeforeAbort: 2)
        let review = try CandidateReview.load(store: f.store, id: f.awaiting, guardrails: guardrails)
        #expect(review.diff.lines == [ConfigDiff.Line(path: "optimizer.lr", old: 0.001, new: 0.0005)])
        let loss = try #require(review.metrics.first { $0.name == "val_logloss" })
        #expect(loss.candidate == 0.48)
        #expect(loss.production == 0.50)
        #expect(abs(loss.difference! + 0.02) < 1e-12)
        // Scored optimizer candidates other than the baseline: 0.48, 0.49, 0.55, 0.47 (sample sd, as Python statistics.stdev).
        #expect(loss.spreadCount == 4)
        #expect(abs(loss.spread! - 0.0359397644) < 1e-9)
        #expect(review.curves == [CandidateReview.Curve(name: "train_loss", values: [0.70, 0.55, 0.49])])
        #expect(review.evidence == [CandidateReview.EvidenceDocument(id: "note-lr", title: "Learning-rate warm-up <notes>", available: true)])
        #expect(review.similar.first?.id == f.similar)
        #expect(review.similar.first?.outcome.hasPrefix("aborted: north star -0.40%") == true)
        #expect(review.risks.contains("Inference cost: +30.00% FLOPs per request against production."))
        // Satisfaction: control 100, treatment 95 over two days: -5%, 4.5 points past the limit.
        #expect(review.risks.contains { $0.contains("Guardrail satisfaction may drop at most 0.50%") && $0.contains("moved it -5.00% (margin -4.50%, aborted)") })
        #expect(review.stale == false)
    }

    @Test func aStaleReviewSaysSo() throws {
        let f = try ReviewFixture()
        let review = try CandidateReview.load(store: f.store, id: f.stale)
        #expect(review.stale)
        #expect(review.risks.first?.hasPrefix("Stale: proposed against production 0123456789abcdef") == true)
        #expect(throws: ReviewError.notFound(id: "cand_missing")) { try CandidateReview.load(store: f.store, id: "cand_missing") }
    }

    @Test func theDiffNamesChangedAddedAndRemovedLeaves() {
        let diff = ConfigDiff(production: ["a": ["b": 1, "c": "x"], "d": true], candidate: ["a": ["b": 2], "d": true, "e": [1, 2]])
        #expect(diff.lines.map(\.path) == ["a.b", "a.c", "e"])
        #expect(diff.text == "- a.b: 1\n+ a.b: 2\n- a.c: \"x\"\n+ e: [1,2]")
        #expect(ConfigDiff(production: ["a": 1], candidate: ["a": 1]).text == "(no change)")
    }

    @Test func sparklinesSpanMinToMax() {
        #expect(Sparkline.render([1, 2, 3, 4, 5, 6, 7, 8]) == "▁▂▃▄▅▆▇█")
        #expect(Sparkline.render([2, 2]) == "▁▁")
        #expect(Sparkline.render([0, .nan, 1]) == "▁ █")
        #expect(Sparkline.render([]) == "")
    }
}

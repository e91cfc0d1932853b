import Foundation
import KaizenAgent
import KaizenCore

/// Exact de-duplication at scale: a 10 KB candidate checked against 100,000 fingerprints
/// (goal: under 50 µs; the NNGPT paper's bar is 1 ms), next to the alternative of parsing
/// the candidate and comparing it with every stored config.
enum DedupBench {
    static func run() {
        var rng = SeededGenerator(seed: 9)
        let journalSize = 100_000
        var fingerprints = Set<String>(minimumCapacity: journalSize)
        for i in 0..<journalSize { fingerprints.insert(Fingerprint.of(text: "config \(i) \(rng.next())")) }
        // A 10 KB candidate: Python-like source with whitespace an LLM might vary.
        var source = ""
        var line = 0
        while source.utf8.count < 10_000 {
            source += "    x\(line) = torch.nn.Linear(\(64 + line % 7), \(32 + line % 5))  # layer \(line)\n"
            line += 1
        }
        let reformatted = source.replacingOccurrences(of: "  ", with: " \t")
        var times: [Double] = []
        var hits = 0
        fingerprints.insert(Fingerprint.of(text: source))
        for i in 0..<2_000 {
            let text = i % 2 == 0 ? source : reformatted
            let start = ContinuousClock.now
            if fingerprints.contains(Fingerprint.of(text: text)) { hits += 1 }
            times.append((ContinuousClock.now - start).seconds * 1e6)
        }
        print("dedup.exact    \(source.utf8.count) B candidate vs \(fingerprints.count) fingerprints: median \(Bench.fmt(Bench.percentile(times, 0.5), 1)) µs, p99 \(Bench.fmt(Bench.percentile(times, 0.99), 1)) µs (goal < 50 µs); \(hits)/2000 found (reformatted copies included)")

        // The alternative: parse JSON configs and compare structurally with each stored one.
        let production = (try? JSONValue.parse(#"{"architecture":{"tower":[64,32],"embedding_dim":16},"optimizer":{"name":"sgd","learning_rate":0.05}}"#))!
        let stored: [JSONValue] = (0..<journalSize).map { production.merging(patch: .object(["optimizer": .object(["learning_rate": .number(Double($0) * 1e-6)])])) }
        let candidateText = production.merging(patch: .object(["optimizer": .object(["learning_rate": .number(0.5)])])).prettyText
        var parseTimes: [Double] = []
        for _ in 0..<20 {
            let start = ContinuousClock.now
            let parsed = try! JSONValue.parse(candidateText)
            _ = stored.contains(parsed)
            parseTimes.append((ContinuousClock.now - start).seconds * 1e6)
        }
        print("dedup.parse    parse + compare with \(journalSize) stored configs: median \(Bench.fmt(Bench.percentile(parseTimes, 0.5), 0)) µs (\(Bench.fmt(Bench.percentile(parseTimes, 0.5) / max(Bench.percentile(times, 0.5), 0.001), 0))x the fingerprint check)")
    }
}

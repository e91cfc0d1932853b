import Foundation
import KaizenEncoder
import KaizenRetriever

/// How long the native encoder takes for one short query, the dense half of every hybrid
/// search: each of the 225 Cranfield queries encoded alone, `--rounds` times (3).
enum QueryEncodingBench {
    static func run() throws {
        let rounds = Int(Repository.option("rounds", "3")) ?? 3
        let queries = try CranfieldData.load().queries
        let encoder = try MiniLMEncoder(modelFolder: EncoderLocation.folder())
        let tokens = queries.map { encoder.tokenizer.encode($0).count }
        _ = encoder.encode(queries[0])
        var times: [Double] = []
        for _ in 0..<rounds {
            for query in queries {
                let start = ContinuousClock.now
                _ = encoder.encode(query)
                times.append((ContinuousClock.now - start).seconds * 1000)
            }
        }
        times.sort()
        let p = { (q: Double) in times[min(times.count - 1, Int(q * Double(times.count)))] }
        print("query-encoding  \(queries.count) Cranfield queries x \(rounds), tokens mean \(Bench.fmt(Double(tokens.reduce(0, +)) / Double(tokens.count), 1)) (max \(tokens.max() ?? 0)); p50 \(Bench.fmt(p(0.5), 2)) ms, p99 \(Bench.fmt(p(0.99), 2)) ms; load average \(ProcessStats.load())")
    }
}

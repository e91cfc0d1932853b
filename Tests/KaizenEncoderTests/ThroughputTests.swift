import Foundation
import KaizenEncoder
import Testing

/// Documents per second on Cranfield abstracts, printed for comparison with
/// sentence-transformers (no timing assertion: the number depends on the machine and the
/// build). Opt-in with `KAIZEN_ENCODER_BENCHMARK=1` (plus the model, `KAIZEN_ENCODER_MODEL`);
/// `KAIZEN_ENCODER_BENCHMARK_DOCS` (default 1000) and `KAIZEN_CRANFIELD` (the
/// `cran.all.1400` file; default `../shared/data/cranfield/` beside the repository) adjust it.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["KAIZEN_ENCODER_BENCHMARK"] == "1"))
struct ThroughputTests {
    @Test func cranfieldDocumentsPerSecond() throws {
        let environment = ProcessInfo.processInfo.environment
        let encoder = try EncoderModel.encoder()
        let limit = Int(environment["KAIZEN_ENCODER_BENCHMARK_DOCS"] ?? "") ?? 1000
        let path = environment["KAIZEN_CRANFIELD"] ?? Cranfield.defaultPath
        let documents = try Cranfield.documents(path: path, limit: limit)
        try #require(documents.count == limit, "\(path) has \(documents.count) documents, fewer than \(limit)")
        let tokens = documents.reduce(0) { $0 + encoder.tokenizer.encode($1).count }
        let clock = ContinuousClock()
        let start = clock.now
        let vectors = encoder.encode(documents, batchSize: 32)
        let seconds = (clock.now - start) / .seconds(1)
        #expect(vectors.count == documents.count)
        #expect(vectors.allSatisfy { $0.count == encoder.dimension && abs(norm($0) - 1) < 1e-4 })
        #if DEBUG
        let build = "debug"
        #else
        let build = "release"
        #endif
        print("""
            KaizenEncoder throughput (\(build) build): \(documents.count) Cranfield documents, \(tokens) tokens, \
            batch 32: \(String(format: "%.2f", seconds)) s, \(String(format: "%.2f", Double(documents.count) / seconds)) docs/s
            """)
    }
}

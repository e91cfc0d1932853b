import Foundation
import KaizenCore
import Testing

@testable import KaizenRetriever

@Suite struct QuantizedSearchTests {
    /// A large index searches with the 7-bit first pass; the exact rescoring keeps its
    /// results the exact scan's (scores are the exact products).
    @Test func aLargeIndexFindsWhatTheExactScanFinds() {
        var rng = SeededGenerator(seed: 3)
        let rows = DenseIndex.quantizeFrom, d = 40
        func vector() -> [Float] { (0..<d).map { _ in Float.random(in: -1...1, using: &rng) } }
        let index = DenseIndex(ids: (0..<rows).map { "d\($0)" }, vectors: (0..<rows).map { _ in vector() }, dimension: d)
        var sameTop10 = 0
        for _ in 0..<20 {
            let q = vector()
            let fast = index.search(q, limit: 10), exact = index.searchExact(q, limit: 10)
            if fast.map(\.id) == exact.map(\.id) { sameTop10 += 1 }
            for (a, b) in zip(fast, exact) where a.id == b.id { #expect(abs(a.score - b.score) <= 1e-4 * max(1, abs(b.score))) }
        }
        #expect(sameTop10 == 20)
    }

    @Test func quantizedScoresFollowTheExactOnes() {
        let vectors: [[Float]] = [[1, 0, 0.5, -0.25], [0, 2, 0, 0], [-1, -1, -1, -1]]
        let q = QuantizedVectors(matrix: vectors.flatMap { $0 }, rows: 3, dimension: 4)
        let scores = q.scores([1, 1, 0, 0])
        #expect(scores[1] > scores[0] && scores[0] > scores[2])
    }
}

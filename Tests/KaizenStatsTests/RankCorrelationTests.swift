import Testing

@testable import KaizenStats

@Suite struct RankCorrelationTests {
    /// x = 1, 2, 2, 3 and y = 1, 2, 3, 3: of 6 pairs 4 are concordant, 1 tied in x only and
    /// 1 in y only, so tau-b = 4 / √(5 · 5). Average ranks 1, 2.5, 2.5, 4 and 1, 2, 3.5, 3.5
    /// give rho = 3.75 / 4.5.
    @Test func handComputedTies() throws {
        let x: [Double] = [1, 2, 2, 3], y: [Double] = [1, 2, 3, 3]
        #expect(abs(try #require(RankCorrelation.kendallTauB(x, y)) - 0.8) < 1e-15)
        #expect(abs(try #require(RankCorrelation.spearman(x, y)) - 3.75 / 4.5) < 1e-15)
    }

    @Test func sciPyValuesWithTies() throws {
        let x = [3.1, 1.2, 5.5, 5.5, 2.0, 9.9, 0.3, 5.5], y = [2.0, 1.0, 4.0, 3.0, 3.0, 8.0, 1.0, 7.5]
        #expect(abs(try #require(RankCorrelation.kendallTauB(x, y)) - 0.823687767580373) < 1e-14)
        #expect(abs(try #require(RankCorrelation.spearman(x, y)) - 0.9136498769008704) < 1e-14)
    }

    @Test func monotoneRelationsAreExtreme() throws {
        let x = (0..<50).map { Double($0) }
        #expect(try #require(RankCorrelation.kendallTauB(x, x.map { $0 * $0 * $0 })) == 1)
        #expect(try #require(RankCorrelation.spearman(x, x.map { -$0 })) == -1)
        #expect(try #require(RankCorrelation.kendallTauB(x, x.map { -$0 })) == -1)
    }

    @Test func undefinedCasesReturnNil() {
        #expect(RankCorrelation.kendallTauB([1], [2]) == nil)
        #expect(RankCorrelation.spearman([], []) == nil)
        #expect(RankCorrelation.kendallTauB([1, 1, 1], [1, 2, 3]) == nil)
        #expect(RankCorrelation.spearman([1, 2, 3], [4, 4, 4]) == nil)
        #expect(RankCorrelation.kendallTauB([1, .nan], [1, 2]) == nil)
    }

    /// The O(n log n) merge-sort count against the definition, on data with many ties.
    @Test func kendallMatchesPairCounting() throws {
        var rng = SplitMix64(seed: 99)
        for n in [2, 3, 10, 57, 300] {
            let x = (0..<n).map { _ in Double(Int(rng.uniform() * 7)) }
            let y = (0..<n).map { i in x[i] * 0.5 + Double(Int(rng.uniform() * 5)) }
            guard let tau = RankCorrelation.kendallTauB(x, y) else {
                #expect(Set(x).count == 1 || Set(y).count == 1)
                continue
            }
            var concordant = 0, discordant = 0, tiedX = 0, tiedY = 0
            for i in 0..<n {
                for j in (i + 1)..<n {
                    let dx = x[i] - x[j], dy = y[i] - y[j]
                    if dx == 0 { tiedX += 1 }
                    if dy == 0 { tiedY += 1 }
                    if dx * dy > 0 { concordant += 1 } else if dx * dy < 0 { discordant += 1 }
                }
            }
            let pairs = n * (n - 1) / 2
            let expected = Double(concordant - discordant) / (Double(pairs - tiedX) * Double(pairs - tiedY)).squareRoot()
            #expect(abs(tau - expected) < 1e-14, "n \(n)")
        }
    }
}

import Foundation
import Testing

@testable import KaizenStats

@Suite struct BinomialIntervalTests {
    @Test func wilsonKnownValues() {
        let none = BinomialInterval.wilson(successes: 0, trials: 10)
        #expect(none.estimate == 0 && none.low == 0)
        #expect(abs(none.high - 0.27753279986288926) < 1e-12)
        let half = BinomialInterval.wilson(successes: 5, trials: 10)
        #expect(half.estimate == 0.5)
        #expect(abs(half.low - 0.236593090512564) < 1e-12)
        #expect(abs(half.high - 0.7634069094874361) < 1e-12)
        let all = BinomialInterval.wilson(successes: 10, trials: 10)
        #expect(all.high == 1 && abs(all.low - (1 - 0.27753279986288926)) < 1e-12)
    }

    /// With 0 or n successes the exact bounds have closed forms: 1 - (α/2)^(1/n) and (α/2)^(1/n).
    @Test func clopperPearsonKnownValues() {
        let none = BinomialInterval.clopperPearson(successes: 0, trials: 200)
        #expect(none.low == 0)
        #expect(abs(none.high - (1 - pow(0.025, 1.0 / 200))) < 1e-14)
        #expect(abs(none.high - 0.018275340355136245) < 1e-14)
        let all = BinomialInterval.clopperPearson(successes: 10, trials: 10)
        #expect(all.high == 1 && abs(all.low - pow(0.025, 0.1)) < 1e-14)
        // SciPy: binomtest(5, 10).proportion_ci(method='exact').
        let half = BinomialInterval.clopperPearson(successes: 5, trials: 10)
        #expect(abs(half.low - 0.1870860284474045) < 1e-12)
        #expect(abs(half.high - 0.8129139715525955) < 1e-12)
        let narrow = BinomialInterval.clopperPearson(successes: 0, trials: 10, confidence: 0.5)
        #expect(abs(narrow.high - (1 - pow(0.25, 0.1))) < 1e-14)
    }

    /// The exact interval's bounds are where the binomial tails equal α/2.
    @Test func clopperPearsonBoundsAreBinomialTailRoots() {
        for (k, n) in [(1, 7), (3, 50), (40, 41), (17, 1000), (2, 1_000_000)] {
            let interval = BinomialInterval.clopperPearson(successes: k, trials: n)
            // P(X >= k | low) = I_low(k, n - k + 1) and P(X <= k | high) = 1 - I_high(k + 1, n - k).
            let upperTail = Distributions.regularizedIncompleteBeta(Double(k), Double(n - k + 1), interval.low)
            let lowerTail = 1 - Distributions.regularizedIncompleteBeta(Double(k + 1), Double(n - k), interval.high)
            #expect(abs(upperTail - 0.025) < 1e-12, "k \(k) n \(n)")
            #expect(abs(lowerTail - 0.025) < 1e-12, "k \(k) n \(n)")
            let wilson = BinomialInterval.wilson(successes: k, trials: n)
            #expect(interval.low < wilson.low + 1e-3 && interval.high > wilson.high - 1e-3, "exact is the wider one")
        }
    }

    @Test func noTrialsIsUninformative() {
        for interval in [BinomialInterval.wilson(successes: 0, trials: 0), BinomialInterval.clopperPearson(successes: 0, trials: 0)] {
            #expect(interval.estimate.isNaN && interval.low == 0 && interval.high == 1)
        }
    }
}

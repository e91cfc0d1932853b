import Foundation
import Testing

@testable import KaizenStats

/// Reference values are from SciPy 1.17 or closed forms, checked against mpmath at 40 digits.
@Suite struct DistributionsTests {
    private func relativeError(_ value: Double, _ expected: Double) -> Double {
        value == expected ? 0 : abs(value - expected) / abs(expected)
    }

    @Test func normalCDFKnownValuesIncludingTheFarTail() {
        #expect(abs(Distributions.normalCDF(1.96) - 0.9750021048517795) < 1e-15)
        #expect(abs(Distributions.normalCDF(-1.96) - 0.024997895148220435) < 1e-16)
        #expect(Distributions.normalCDF(0) == 0.5)
        // 1 - Φ(10) would be 0 in doubles; the erfc form keeps the tail.
        #expect(relativeError(Distributions.normalCDF(-10), 7.61985302416047e-24) < 1e-13)
        #expect(relativeError(Distributions.normalCDF(-37), 5.7255712225239266e-300) < 1e-12)
    }

    @Test func normalQuantileKnownValues() {
        #expect(abs(Distributions.normalQuantile(0.975) - 1.959963984540054) < 1e-12)
        #expect(abs(Distributions.normalQuantile(0.025) + 1.959963984540054) < 1e-12)
        #expect(abs(Distributions.normalQuantile(1e-10) + 6.361340902404056) < 1e-12)
        #expect(abs(Distributions.normalQuantile(1e-300) + 37.0470962993612) < 1e-12)
        #expect(Distributions.normalQuantile(0.5) == 0)
        #expect(Distributions.normalQuantile(0) == -.infinity)
        #expect(Distributions.normalQuantile(1) == .infinity)
        #expect(Distributions.normalQuantile(1.5).isNaN)
    }

    @Test func normalQuantileInvertsTheCDF() {
        // Above 0, Φ(x) = 1 - (tail) holds the tail only to 1e-16 absolute, which no longer
        // pins x down; the upper half is the lower half's mirror image anyway.
        for x in stride(from: -37.0, through: 0.5, by: 0.37) {
            let back = Distributions.normalQuantile(Distributions.normalCDF(x))
            #expect(abs(back - x) <= 1e-12 * max(1, abs(x)), "x = \(x), back = \(back)")
        }
    }

    @Test func incompleteBetaClosedForms() {
        for x in stride(from: 0.01, to: 1, by: 0.07) {
            #expect(abs(Distributions.regularizedIncompleteBeta(1, 1, x) - x) < 1e-15)
            #expect(relativeError(Distributions.regularizedIncompleteBeta(3.5, 1, x), pow(x, 3.5)) < 1e-14)
            #expect(relativeError(Distributions.regularizedIncompleteBeta(1, 2.5, x), -expm1(2.5 * log1p(-x))) < 1e-14)
            // I_x(1/2, 1/2) = (2/π) asin(√x).
            #expect(relativeError(Distributions.regularizedIncompleteBeta(0.5, 0.5, x), 2 / Double.pi * asin(x.squareRoot())) < 1e-14)
        }
        // I_0.4(2, 3) = P(Binomial(4, 0.4) >= 2) = 0.5248.
        #expect(abs(Distributions.regularizedIncompleteBeta(2, 3, 0.4) - 0.5248) < 1e-15)
    }

    @Test func incompleteBetaSciPyValues() {
        let cases: [(Double, Double, Double, Double)] = [
            (0.5, 0.5, 0.1, 0.20483276469913345),
            (10, 20, 0.2, 0.049263517304212585),
            (200, 300, 0.45, 0.9881463456202628),
            (5000, 0.5, 0.9995, 0.02533267265780569),
            (1e-3, 1e3, 1e-5, 0.9959689153397295),
        ]
        for (a, b, x, expected) in cases {
            let value = Distributions.regularizedIncompleteBeta(a, b, x)
            #expect(relativeError(value, expected) < 1e-13, "I_\(x)(\(a), \(b)) = \(value), want \(expected)")
        }
    }

    @Test func incompleteBetaSymmetryAndEdges() {
        for (a, b) in [(0.3, 7.0), (2.0, 2.0), (15.5, 0.5), (40.0, 60.0), (1000.0, 3.0)] {
            // Dyadic x, so 1 - x is exact and the two sides see the same point.
            for x in [0x1p-20, 0.0625, 0.3125, 0.5, 0.765625, 0.9990234375] {
                let sum = Distributions.regularizedIncompleteBeta(a, b, x) + Distributions.regularizedIncompleteBeta(b, a, 1 - x)
                #expect(abs(sum - 1) < 1e-14, "a \(a) b \(b) x \(x): \(sum - 1)")
            }
        }
        for a in [0.5, 3.0, 77.7] {
            #expect(abs(Distributions.regularizedIncompleteBeta(a, a, 0.5) - 0.5) < 1e-14)
        }
        #expect(Distributions.regularizedIncompleteBeta(2, 3, 0) == 0)
        #expect(Distributions.regularizedIncompleteBeta(2, 3, 1) == 1)
        #expect(Distributions.regularizedIncompleteBeta(-1, 3, 0.5).isNaN)
    }

    @Test func studentTClosedForms() {
        for t in stride(from: -30.0, through: 30.0, by: 0.77) {
            // df = 1 is Cauchy, df = 2 has an algebraic CDF.
            let cauchy = t < 0 ? atan(-1 / t) / Double.pi : 0.5 + atan(t) / Double.pi
            #expect(relativeError(Distributions.studentTCDF(t, degreesOfFreedom: 1), cauchy) < 1e-13, "t \(t)")
            let two = 0.5 + t / (2 * (2 + t * t).squareRoot())
            #expect(abs(Distributions.studentTCDF(t, degreesOfFreedom: 2) - two) < 1e-15, "t \(t)")
        }
    }

    @Test func studentTKnownValues() {
        #expect(abs(Distributions.studentTTwoSidedP(2.0, degreesOfFreedom: 7.3) - 0.08394103933410313) < 1e-15)
        #expect(abs(Distributions.studentTTwoSidedP(1e-3, degreesOfFreedom: 1000) - 0.9992023150184528) < 1e-15)
        // A tiny p-value keeps its relative accuracy: no 1 - cdf.
        #expect(relativeError(Distributions.studentTTwoSidedP(40, degreesOfFreedom: 3799.2), 2.6678591235344416e-292) < 1e-12)
        #expect(Distributions.studentTTwoSidedP(0, degreesOfFreedom: 5) == 1)
        #expect(Distributions.studentTCDF(0, degreesOfFreedom: 5) == 0.5)
        #expect(Distributions.studentTCDF(1, degreesOfFreedom: 0).isNaN)
        // Very large df: the normal limit.
        #expect(abs(Distributions.studentTCDF(1.96, degreesOfFreedom: 1e12) - Distributions.normalCDF(1.96)) < 1e-12)
    }

    @Test func studentTQuantileKnownValues() {
        // mpmath: 2.2281388519862747 (the often-quoted 2.2281388519649385 is off by 2e-11).
        #expect(abs(Distributions.studentTQuantile(0.975, degreesOfFreedom: 10) - 2.2281388519862747) < 1e-12)
        #expect(abs(Distributions.studentTQuantile(0.975, degreesOfFreedom: 1) - tan(0.475 * Double.pi)) < 1e-10)
        #expect(abs(Distributions.studentTQuantile(1e-6, degreesOfFreedom: 3.5) + 61.04512120772062) < 1e-9)
        #expect(abs(Distributions.studentTQuantile(0.995, degreesOfFreedom: 5.882352941176471) - 3.73807195599541) < 1e-10)
        #expect(abs(Distributions.studentTQuantile(0.975, degreesOfFreedom: .infinity) - 1.959963984540054) < 1e-12)
        #expect(Distributions.studentTQuantile(0.5, degreesOfFreedom: 3) == 0)
        #expect(Distributions.studentTQuantile(1, degreesOfFreedom: 3) == .infinity)
    }

    @Test(arguments: [0.7, 1, 2.5, 9.3, 57, 1800, 1e6])
    func studentTQuantileInvertsTheCDF(df: Double) {
        for p in [1e-12, 1e-6, 0.001, 0.025, 0.2, 0.5, 0.6, 0.9, 0.975, 0.9999] {
            let t = Distributions.studentTQuantile(p, degreesOfFreedom: df)
            let back = Distributions.studentTCDF(t, degreesOfFreedom: df)
            #expect(abs(back - p) <= 1e-13 * max(p, 1e-3), "df \(df) p \(p) t \(t) back \(back)")
        }
        for t in [-12.0, -2.1, -0.3, 0.01, 1.7, 4.4] {
            let back = Distributions.studentTQuantile(Distributions.studentTCDF(t, degreesOfFreedom: df), degreesOfFreedom: df)
            #expect(abs(back - t) < 1e-10 * max(1, abs(t)), "df \(df) t \(t) back \(back)")
        }
    }
}

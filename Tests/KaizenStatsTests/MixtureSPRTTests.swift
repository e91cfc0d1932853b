import Foundation
import Testing

@testable import KaizenStats

@Suite struct MixtureSPRTTests {
    /// Δ̂ = 4 and V = 2.5 (see WelchTestTests); with τ = 1:
    /// Λ = √(2.5/3.5) · exp(16 / (2 · 2.5 · 3.5)).
    @Test func handComputedExample() throws {
        let test = MixtureSPRT(alpha: 0.05, tau: 1)
        let result = try #require(test.evaluate(control: [1, 2, 3, 4, 5], treatment: [3, 5, 7, 9, 11]))
        let eValue = (2.5 / 3.5).squareRoot() * exp(16 / 17.5)
        #expect(abs(result.eValue - eValue) < 1e-13)
        #expect(abs(result.pValue - 1 / eValue) < 1e-13)
        #expect(!result.rejects)
        let halfWidth = (2.5 * 3.5 * (2 * log(20.0) + log(1.4))).squareRoot()
        #expect(abs(result.ciLow - (4 - halfWidth)) < 1e-12)
        #expect(abs(result.ciHigh - (4 + halfWidth)) < 1e-12)
        #expect(abs(result.standardError - 2.5.squareRoot()) < 1e-15)
        #expect(result.estimate == 4 && result.controlCount == 5 && result.treatmentCount == 5)
    }

    /// The same effect seen on more data, and a larger effect on the same data, are both
    /// stronger evidence.
    @Test func eValueGrowsWithEvidence() throws {
        let test = MixtureSPRT(alpha: 0.05, tau: 1)
        let pattern: [Double] = [-1, 0, 1]
        var previous = 0.0
        for copies in [2, 4, 8, 16, 32, 64, 128] {
            let control = Array(repeating: pattern, count: copies).flatMap { $0 }
            let result = try #require(test.evaluate(control: control, treatment: control.map { $0 + 0.5 }))
            #expect(result.eValue > previous, "n = \(control.count)")
            previous = result.eValue
        }
        #expect(previous > 20, "n = 384 per arm at half a standard deviation is overwhelming")

        var rng = SplitMix64(seed: 5)
        let control = rng.normals(200), noise = rng.normals(200)
        // Centre the noise on the control's mean, so the estimate is the shift itself.
        let offset = Sample.mean(control) - Sample.mean(noise)
        previous = 0
        for shift in [0.0, 0.05, 0.1, 0.2, 0.4] {
            let result = try #require(test.evaluate(control: control, treatment: noise.map { $0 + offset + shift }))
            #expect(result.eValue > previous, "shift \(shift)")
            previous = result.eValue
        }
    }

    /// The interval contains the estimate and excludes 0 exactly when the test rejects, on
    /// datasets that land on both sides.
    @Test func intervalMatchesRejection() throws {
        var rng = SplitMix64(seed: 17)
        var rejected = 0, kept = 0
        for trial in 0..<600 {
            let test = MixtureSPRT(alpha: [0.01, 0.05, 0.1][trial % 3], tau: [0.1, 0.5, 2][trial % 3])
            let sd = 0.5 + Double(trial % 4)
            let control = rng.normals(2 + trial % 97, sd: sd)
            let treatment = rng.normals(3 + trial % 61, mean: Double(trial % 7) * 0.15 * sd, sd: sd)
            let result = try #require(test.evaluate(control: control, treatment: treatment))
            #expect(result.ciLow <= result.estimate && result.estimate <= result.ciHigh)
            let excludesZero = result.ciLow > 0 || result.ciHigh < 0
            #expect(excludesZero == result.rejects, "trial \(trial): e \(result.eValue), ci [\(result.ciLow), \(result.ciHigh)]")
            #expect(result.rejects == (result.eValue >= 1 / test.alpha))
            #expect(result.pValue == min(1, 1 / result.eValue) || abs(result.pValue - 1 / result.eValue) < 1e-15)
            if result.rejects { rejected += 1 } else { kept += 1 }
        }
        #expect(rejected > 50 && kept > 50, "rejected \(rejected), kept \(kept)")
    }

    /// The interval is the set of effects θ not rejected: shifting the treatment by a θ just
    /// outside it makes the test reject "effect = θ", just inside it does not.
    @Test func intervalIsTheSetOfUnrejectedEffects() throws {
        var rng = SplitMix64(seed: 23)
        let test = MixtureSPRT(alpha: 0.05, tau: 0.3)
        let control = rng.normals(150), treatment = rng.normals(120, mean: 0.2, sd: 1.5)
        let result = try #require(test.evaluate(control: control, treatment: treatment))
        let halfWidth = result.ciHigh - result.estimate
        for (bound, outward) in [(result.ciHigh, 1.0), (result.ciLow, -1.0)] {
            let outside = try #require(test.evaluate(control: control, treatment: treatment.map { $0 - (bound + outward * 1e-6 * halfWidth) }))
            let inside = try #require(test.evaluate(control: control, treatment: treatment.map { $0 - (bound - outward * 1e-6 * halfWidth) }))
            #expect(outside.rejects)
            #expect(!inside.rejects)
        }
    }

    @Test func undefinedCasesReturnNil() {
        let test = MixtureSPRT(alpha: 0.05, tau: 1)
        #expect(test.evaluate(control: [1], treatment: [1, 2]) == nil)
        #expect(test.evaluate(control: [1, 1], treatment: [3, 3, 3]) == nil)
    }

    /// A clear effect overflows Λ: the test still rejects with p = 0 and a finite interval.
    @Test func overwhelmingEvidence() throws {
        let test = MixtureSPRT(alpha: 0.05, tau: 1)
        let control = (0..<2000).map { Double($0 % 10) * 1e-3 }
        let result = try #require(test.evaluate(control: control, treatment: control.map { $0 + 1 }))
        #expect(result.rejects && result.eValue == .infinity && result.pValue == 0)
        #expect(result.ciLow > 0.99 && result.ciHigh < 1.01)
    }

    /// Always valid: A/A experiments checked at every one of 20 looks reject at most alpha of
    /// the time (plus Monte-Carlo error). Welch's test checked the same way rejects far more
    /// often, which is why decisions along the way use the mSPRT.
    @Test func aaExperimentsPeekedAtEveryLook() {
        let sequences = 400, looks = 20, perLook = 20, alpha = 0.05
        let test = MixtureSPRT(alpha: alpha, tau: 0.5)
        var rng = SplitMix64(seed: 2024)
        var sequentialRejections = 0, welchRejections = 0
        for _ in 0..<sequences {
            let control = rng.normals(looks * perLook, mean: 3, sd: 2)
            let treatment = rng.normals(looks * perLook, mean: 3, sd: 2)
            var sequentialRejected = false, welchRejected = false
            for look in 1...looks {
                let n = look * perLook
                let c = Array(control[..<n]), t = Array(treatment[..<n])
                if !sequentialRejected, test.evaluate(control: c, treatment: t)?.rejects == true { sequentialRejected = true }
                if !welchRejected, let welch = WelchTest.run(control: c, treatment: t, alpha: alpha), welch.pValue < alpha {
                    welchRejected = true
                }
            }
            if sequentialRejected { sequentialRejections += 1 }
            if welchRejected { welchRejections += 1 }
        }
        let margin = 3 * (alpha * (1 - alpha) / Double(sequences)).squareRoot()
        let sequentialRate = Double(sequentialRejections) / Double(sequences)
        let welchRate = Double(welchRejections) / Double(sequences)
        #expect(sequentialRate <= alpha + margin, "mSPRT A/A false-positive rate \(sequentialRate)")
        print("A/A, \(looks) looks: mSPRT rejected \(sequentialRate), peeked Welch \(welchRate)")
        #expect(welchRate > alpha + margin, "peeked Welch A/A false-positive rate \(welchRate)")
    }
}

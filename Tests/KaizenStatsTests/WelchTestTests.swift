import Testing

@testable import KaizenStats

@Suite struct WelchTestTests {
    /// control 1…5: mean 3, variance 2.5; treatment 3, 5, …, 11: mean 7, variance 10.
    /// V = 2.5/5 + 10/5 = 2.5, t = 4 / √2.5, df = 2.5² / (0.5²/4 + 2²/4) = 100/17.
    @Test func handComputedExample() throws {
        let result = try #require(WelchTest.run(control: [1, 2, 3, 4, 5], treatment: [3, 5, 7, 9, 11], alpha: 0.05))
        #expect(result.estimate == 4)
        #expect(abs(result.statistic - 4 / 2.5.squareRoot()) < 1e-15)
        #expect(abs(result.degreesOfFreedom - 100.0 / 17) < 1e-14)
        // SciPy: ttest_ind(...).pvalue and .confidence_interval(0.95).
        #expect(abs(result.pValue - 0.04546461897093044) < 1e-14)
        #expect(abs(result.ciLow - 0.11225835626302505) < 1e-12)
        #expect(abs(result.ciHigh - 7.887741643736975) < 1e-12)
        #expect(result.controlMean == 3 && result.treatmentMean == 7)
        #expect(result.controlCount == 5 && result.treatmentCount == 5)
    }

    @Test func swappingArmsNegatesTheEffect() throws {
        var rng = SplitMix64(seed: 3)
        let a = rng.normals(40, mean: 1, sd: 2), b = rng.normals(25, mean: 0, sd: 1)
        let forward = try #require(WelchTest.run(control: a, treatment: b, alpha: 0.1))
        let backward = try #require(WelchTest.run(control: b, treatment: a, alpha: 0.1))
        #expect(abs(forward.statistic + backward.statistic) < 1e-14)
        #expect(abs(forward.pValue - backward.pValue) < 1e-15)
        #expect(abs(forward.ciLow + backward.ciHigh) < 1e-12)
    }

    /// The interval excludes 0 exactly when p < alpha: both come from the same t distribution.
    @Test func intervalAgreesWithPValue() throws {
        var rng = SplitMix64(seed: 11)
        var rejections = 0
        for trial in 0..<300 {
            let control = rng.normals(5 + trial % 40, sd: 1 + Double(trial % 3))
            let treatment = rng.normals(8 + trial % 17, mean: Double(trial % 5) * 0.3)
            let result = try #require(WelchTest.run(control: control, treatment: treatment, alpha: 0.05))
            let excludesZero = result.ciLow > 0 || result.ciHigh < 0
            #expect(excludesZero == (result.pValue < 0.05), "trial \(trial): p \(result.pValue), ci [\(result.ciLow), \(result.ciHigh)]")
            if excludesZero { rejections += 1 }
        }
        #expect(rejections > 30 && rejections < 270)
    }

    @Test func undefinedCasesReturnNil() {
        #expect(WelchTest.run(control: [1], treatment: [1, 2, 3], alpha: 0.05) == nil)
        #expect(WelchTest.run(control: [1, 2, 3], treatment: [], alpha: 0.05) == nil)
        #expect(WelchTest.run(control: [2, 2, 2], treatment: [5, 5], alpha: 0.05) == nil)
    }

    /// One constant arm is fine: the other arm's variance carries the test, with its n - 1 df.
    @Test func oneConstantArm() throws {
        let result = try #require(WelchTest.run(control: [2, 2, 2, 2], treatment: [1, 2, 3, 4, 5], alpha: 0.05))
        #expect(abs(result.degreesOfFreedom - 4) < 1e-12)
        #expect(abs(result.statistic - 1 / 0.5.squareRoot()) < 1e-12)
    }
}

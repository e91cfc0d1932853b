import Testing

@testable import KaizenStats

@Suite struct SampleTests {
    @Test func smallExample() {
        #expect(Sample.mean([2, 4, 4, 4, 5, 5, 7, 9]) == 5)
        #expect(abs(Sample.variance([2, 4, 4, 4, 5, 5, 7, 9]) - 32.0 / 7) < 1e-15)
    }

    /// Values far from zero (a timestamp-sized metric) must not cancel: the naive
    /// Σx² - n·mean² form gives 0 or garbage here.
    @Test func varianceIsExactFarFromZero() {
        let offset = 1e9
        let x = [4.0, 7, 13, 16].map { $0 + offset }
        #expect(Sample.mean(x) == offset + 10)
        #expect(Sample.variance(x) == 30)
    }

    @Test func degenerateInputs() {
        #expect(Sample.mean([]).isNaN)
        #expect(Sample.variance([3]).isNaN)
        #expect(Sample.variance([3, 3, 3]) == 0)
    }
}

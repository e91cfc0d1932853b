import Testing

@testable import KaizenCode

@Suite struct DatasetBalancedMeanTests {
    /// Hand-computed: n = 3 has digits (0.9, 0.7 → 0.8) and fashion (0.5 → 0.5), so 0.65,
    /// where a plain mean over the three models would give 0.7.
    @Test func averagesWithinEachDatasetBeforeAcrossThem() {
        let rows: [DatasetBalancedMean.Row] = [
            .init(examples: 3, dataset: "digits", value: 0.9), .init(examples: 3, dataset: "digits", value: 0.7),
            .init(examples: 3, dataset: "fashion", value: 0.5),
            .init(examples: 1, dataset: "digits", value: 0.4), .init(examples: 1, dataset: "digits", value: .nan),
        ]
        let means = DatasetBalancedMean.byExamples(rows)
        #expect(abs(means[3]! - 0.65) < 1e-12)
        #expect(abs(means[1]! - 0.4) < 1e-12)
        #expect(means[5] == nil)
    }
}

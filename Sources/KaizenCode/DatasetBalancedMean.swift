/// The study's dataset-balanced mean: average within each (n, dataset) first, then take the
/// unweighted mean of those averages across datasets, so a dataset with many trained models
/// does not outweigh one with few.
public enum DatasetBalancedMean {
    public struct Row: Sendable, Hashable {
        public var examples: Int
        public var dataset: String
        public var value: Double

        public init(examples: Int, dataset: String, value: Double) {
            self.examples = examples
            self.dataset = dataset
            self.value = value
        }
    }

    /// n → balanced mean (only groups with at least one finite value).
    public static func byExamples(_ rows: [Row]) -> [Int: Double] {
        var cells: [Int: [String: (sum: Double, count: Int)]] = [:]
        for row in rows where row.value.isFinite {
            let cell = cells[row.examples, default: [:]][row.dataset, default: (0, 0)]
            cells[row.examples, default: [:]][row.dataset] = (cell.sum + row.value, cell.count + 1)
        }
        return cells.mapValues { datasets in
            datasets.values.map { $0.sum / Double($0.count) }.reduce(0, +) / Double(datasets.count)
        }
    }
}

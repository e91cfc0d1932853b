/// A one-line chart of a series for terminals: eight block heights from min to max.
public enum Sparkline {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// Non-finite values are drawn as spaces; a flat series as the lowest block.
    public static func render(_ values: [Double]) -> String {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return String(repeating: " ", count: values.count) }
        let span = high - low
        return String(values.map { value -> Character in
            guard value.isFinite else { return " " }
            guard span > 0 else { return blocks[0] }
            let index = Int(((value - low) / span * Double(blocks.count - 1)).rounded())
            return blocks[min(blocks.count - 1, max(0, index))]
        })
    }
}

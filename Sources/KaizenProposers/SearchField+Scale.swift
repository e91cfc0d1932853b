import KaizenSearchSpace

extension SearchField.Kind {
    /// The scale of a numeric field (or of an int_list's entries), nil for choices and bools.
    /// int_list entries are layer widths: they use a log scale when `min > 0`, because
    /// widths grow multiplicatively (32 → 64 is as big a step as 256 → 512).
    var numericScale: NumericScale? {
        switch self {
        case .choice, .bool: nil
        case .int(let min, let max): NumericScale(lower: Double(min), upper: Double(max), logarithmic: false)
        case .float(let min, let max, let logScale): NumericScale(lower: min, upper: max, logarithmic: logScale)
        case .intList(_, _, let min, let max): NumericScale(lower: Double(min), upper: Double(max), logarithmic: true)
        }
    }
}

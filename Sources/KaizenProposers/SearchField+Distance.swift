import KaizenCore
import KaizenSearchSpace

extension SearchField {
    /// How far apart two values of this field are, in [0, 1]; nil means absent.
    ///
    /// Numbers: the difference of their positions in the range (log space for `scale: log`).
    /// Choices and bools: 0 when equal, else 1. int_list: 1 when the lengths differ (a change
    /// of depth is structural, never a near-duplicate), else the mean over entries of their
    /// scaled difference (log space when `min > 0`). Absent on one side only: 1. Values of
    /// the wrong type compare exactly.
    public func distance(_ a: JSONValue?, _ b: JSONValue?) -> Double {
        guard let a, let b else { return a == nil && b == nil ? 0 : 1 }
        if a == b { return 0 }
        switch kind {
        case .choice, .bool:
            return 1
        case .int, .float:
            guard let x = a.doubleValue, let y = b.doubleValue, let scale = kind.numericScale else { return 1 }
            return scale.distance(x, y)
        case .intList:
            guard let xs = a.arrayValue, let ys = b.arrayValue, let scale = kind.numericScale else { return 1 }
            guard xs.count == ys.count else { return 1 }
            guard !xs.isEmpty else { return 0 }
            var total = 0.0
            for (x, y) in zip(xs, ys) {
                if let x = x.doubleValue, let y = y.doubleValue { total += scale.distance(x, y) } else { total += x == y ? 0 : 1 }
            }
            return total / Double(xs.count)
        }
    }
}

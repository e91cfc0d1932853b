import Foundation

/// Maps a numeric range onto [0, 1], linearly or in log space, so distances, mutation steps
/// and samples treat `1e-4 → 1e-3` like `1e-2 → 1e-1` on a log-scale field.
struct NumericScale: Sendable {
    let lower: Double
    let upper: Double
    /// Only honoured when `lower > 0`; a log scale needs positive values.
    let logarithmic: Bool

    init(lower: Double, upper: Double, logarithmic: Bool) {
        self.lower = lower
        self.upper = upper
        self.logarithmic = logarithmic && lower > 0
    }

    var isDegenerate: Bool { upper <= lower }

    /// Where `x` lies: 0 at `lower`, 1 at `upper`; not clamped, so out-of-range values
    /// still count as far away.
    func position(of x: Double) -> Double {
        guard !isDegenerate else { return 0 }
        guard logarithmic else { return (x - lower) / (upper - lower) }
        return (log(Swift.max(x, lower)) - log(lower)) / (log(upper) - log(lower))
    }

    /// The value at position `u`, clamped to [0, 1].
    func value(at u: Double) -> Double {
        let t = Swift.min(1, Swift.max(0, u))
        guard !isDegenerate else { return lower }
        guard logarithmic else { return lower + t * (upper - lower) }
        return exp(log(lower) + t * (log(upper) - log(lower)))
    }

    /// |position(a) - position(b)| capped at 1; a degenerate range counts any difference as 1.
    func distance(_ a: Double, _ b: Double) -> Double {
        guard a != b else { return 0 }
        guard !isDegenerate else { return 1 }
        let d = Swift.abs(position(of: a) - position(of: b))
        return d.isFinite ? Swift.min(1, d) : 1
    }

    func clamp(_ x: Double) -> Double { Swift.min(upper, Swift.max(lower, x)) }
}

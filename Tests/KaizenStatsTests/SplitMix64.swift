import Foundation

/// A tiny seeded generator, so the Monte-Carlo and cross-check datasets are the same on every
/// machine and run (the system generator cannot be seeded).
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in (0, 1), never 0, so its logarithm is finite.
    mutating func uniform() -> Double {
        (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992
    }

    /// Standard normal by Box–Muller.
    mutating func normal() -> Double {
        (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform())
    }

    mutating func normals(_ count: Int, mean: Double = 0, sd: Double = 1) -> [Double] {
        (0..<count).map { _ in mean + sd * normal() }
    }

    /// Student's t with 3 degrees of freedom: heavy tails, finite variance.
    mutating func heavyTailed() -> Double {
        let chi2 = (0..<3).reduce(0.0) { sum, _ in let z = normal(); return sum + z * z }
        return normal() / (chi2 / 3).squareRoot()
    }
}

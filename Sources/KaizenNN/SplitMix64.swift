#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A tiny seeded generator (Steele, Lea & Flood 2014): same seed, same stream on every
/// machine, which is what makes initialization, dropout and gradient noise reproducible.
public struct SplitMix64: Sendable {
    var state: UInt64
    /// A Box–Muller draw kept for the next `nextGaussian()`.
    private var spare: Double?

    public init(seed: UInt64) { state = seed }

    @inline(__always)
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 53 bits.
    @inline(__always)
    mutating func nextDouble() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in [0, 1) with 24 bits.
    @inline(__always)
    mutating func nextFloat() -> Float { Float(next() >> 40) * 0x1.0p-24 }

    /// Standard normal (Box–Muller, both values used).
    mutating func nextGaussian() -> Double {
        if let value = spare {
            spare = nil
            return value
        }
        let u1 = max(nextDouble(), 0x1.0p-60)
        let u2 = nextDouble()
        let radius = (-2 * log(u1)).squareRoot()
        spare = radius * sin(2 * Double.pi * u2)
        return radius * cos(2 * Double.pi * u2)
    }
}

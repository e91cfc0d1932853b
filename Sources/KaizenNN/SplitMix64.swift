#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KaizenCore

/// KaizenCore's seeded SplitMix64 with the draws the network needs (uniform floats,
/// Gaussians): same seed, same initialization, dropout and gradient noise on every machine.
public struct SplitMix64: Sendable {
    var core: SeededGenerator
    /// A Box–Muller draw kept for the next `nextGaussian()`.
    private var spare: Double?

    public init(seed: UInt64) { core = SeededGenerator(seed: seed) }

    @inline(__always)
    public mutating func next() -> UInt64 { core.next() }

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

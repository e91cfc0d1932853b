/// Elementwise transcendental functions on eight floats at once. libm's `expf`/`erff` are
/// scalar calls and dominated GELU/SiLU layers; these are branch-free polynomial versions
/// the compiler keeps in vector registers.
enum VectorMath {
    typealias Vector = SIMD8<Float>

    /// `e^x` (Cephes `expf`: range reduction to `2^n * e^r`, |r| <= ln2/2, degree-6
    /// polynomial), relative error about 2e-7; inputs are clamped to [-87, 88].
    @inline(__always)
    static func exp(_ x: Vector) -> Vector {
        // Only concrete SIMD operations here: the generic helpers (pointwiseMin, rounding
        // conversions to integer vectors) are not inlined and run lane by lane.
        var clamped = x.replacing(with: -87, where: x .< -87)
        clamped = clamped.replacing(with: 88, where: clamped .> 88)
        // Round to nearest by adding 1.5 * 2^23: the sum's low mantissa bits hold n.
        let shifted = clamped * 1.442_695_04 + 12_582_912
        let n = shifted - 12_582_912
        let r = clamped - n * 0.693_359_375 + n * 2.121_944_4e-4
        var p = Vector(repeating: 1.987_569_15e-4)
        p = p * r + 1.398_199_95e-3
        p = p * r + 8.333_451_9e-3
        p = p * r + 4.166_579_6e-2
        p = p * r + 0.166_666_65
        p = p * r + 0.5
        p = p * (r * r) + r + 1
        let bits = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000
        let scale = unsafeBitCast((bits &+ 127) &<< 23, to: Vector.self)
        return p * scale
    }

    @inline(__always)
    static func abs(_ x: Vector) -> Vector {
        unsafeBitCast(unsafeBitCast(x, to: SIMD8<UInt32>.self) & 0x7FFF_FFFF, to: Vector.self)
    }

    /// `1 / (1 + e^-x)`.
    @inline(__always)
    static func sigmoid(_ x: Vector) -> Vector {
        1 / (1 + exp(-x))
    }

    /// The standard normal CDF `Phi(x)` and density `phi(x)`, sharing one exponential:
    /// `Phi(x) = (1 + erf(x / sqrt 2)) / 2` with Abramowitz & Stegun 7.1.26 for erf
    /// (absolute error below 1.5e-7), `phi(x) = e^(-x^2/2) / sqrt(2 pi)`.
    @inline(__always)
    static func normalCDFAndDensity(_ x: Vector) -> (cdf: Vector, density: Vector) {
        let e = exp(-0.5 * x * x)
        let z = abs(x) * 0.707_106_78
        let t = 1 / (1 + 0.327_591_1 * z)
        var poly = Vector(repeating: 1.061_405_429)
        poly = poly * t - 1.453_152_027
        poly = poly * t + 1.421_413_741
        poly = poly * t - 0.284_496_736
        poly = poly * t + 0.254_829_592
        poly = poly * t
        let halfErf = 0.5 - 0.5 * poly * e  // erf(|x| / sqrt 2) / 2
        let cdf = (0.5 + halfErf).replacing(with: 0.5 - halfErf, where: x .< 0)
        return (cdf, e * 0.398_942_28)
    }
}

import Testing

@testable import KaizenNN

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The vectorized exp and normal CDF against libm, over the range activations see.
@Suite struct VectorMathTests {
    static let inputs: [Float] = stride(from: -20, through: 20, by: 0.037).map { Float($0) } + [0, -0, 1e-8, -1e-8, 80, -80, 100, -100]

    static func lanes(_ values: ArraySlice<Float>) -> SIMD8<Float> {
        var v = SIMD8<Float>()
        for (i, x) in values.enumerated() { v[i] = x }
        return v
    }

    @Test func expMatchesLibm() {
        var worst = 0.0
        for start in stride(from: 0, to: Self.inputs.count, by: 8) {
            let chunk = Self.inputs[start..<min(start + 8, Self.inputs.count)]
            let result = VectorMath.exp(Self.lanes(chunk))
            for (i, x) in chunk.enumerated() where x > -87 && x < 88 {
                let exact = exp(Double(x))
                worst = max(worst, abs(Double(result[i]) - exact) / exact)
            }
        }
        #expect(worst < 5e-7, "worst relative error \(worst)")
        // Clamped, not infinite or NaN, beyond Float's range.
        let extreme = VectorMath.exp(SIMD8<Float>(-200, 200, -87, 88, 0, 1, -1, 0.5))
        #expect(extreme[0] >= 0 && extreme[0] < 1e-37 && extreme[1].isFinite && extreme[4] == 1)
    }

    @Test func normalCDFAndDensityMatchErf() {
        var worstCDF = 0.0, worstDensity = 0.0
        for start in stride(from: 0, to: Self.inputs.count, by: 8) {
            let chunk = Self.inputs[start..<min(start + 8, Self.inputs.count)]
            let (cdf, density) = VectorMath.normalCDFAndDensity(Self.lanes(chunk))
            for (i, x) in chunk.enumerated() {
                let exactCDF = 0.5 * (1 + erf(Double(x) / 2.0.squareRoot()))
                let exactDensity = exp(-0.5 * Double(x) * Double(x)) / (2 * Double.pi).squareRoot()
                worstCDF = max(worstCDF, abs(Double(cdf[i]) - exactCDF))
                worstDensity = max(worstDensity, abs(Double(density[i]) - exactDensity))
            }
        }
        #expect(worstCDF < 5e-7, "worst CDF error \(worstCDF)")
        #expect(worstDensity < 5e-7, "worst density error \(worstDensity)")
    }

}

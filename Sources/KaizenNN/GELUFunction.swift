/// GELU `x * Phi(x)` in its exact (erf) form, PyTorch's default, to ~1e-7.
enum GELUFunction: PointwiseFunction {
    @inline(__always) static func value(_ x: SIMD8<Float>) -> SIMD8<Float> {
        x * VectorMath.normalCDFAndDensity(x).cdf
    }
    @inline(__always) static func valueAndDerivative(_ x: SIMD8<Float>) -> (value: SIMD8<Float>, derivative: SIMD8<Float>) {
        let (cdf, density) = VectorMath.normalCDFAndDensity(x)
        return (x * cdf, cdf + x * density)
    }
}

/// SiLU (swish) `x * sigmoid(x)`.
enum SiLUFunction: PointwiseFunction {
    @inline(__always) static func value(_ x: SIMD8<Float>) -> SIMD8<Float> {
        x * VectorMath.sigmoid(x)
    }
    @inline(__always) static func valueAndDerivative(_ x: SIMD8<Float>) -> (value: SIMD8<Float>, derivative: SIMD8<Float>) {
        let s = VectorMath.sigmoid(x)
        return (x * s, s * (1 + x * (1 - s)))
    }
}

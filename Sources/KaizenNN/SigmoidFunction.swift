/// The logistic function, the gated path's gate.
enum SigmoidFunction: PointwiseFunction {
    @inline(__always) static func value(_ x: SIMD8<Float>) -> SIMD8<Float> {
        VectorMath.sigmoid(x)
    }
    @inline(__always) static func valueAndDerivative(_ x: SIMD8<Float>) -> (value: SIMD8<Float>, derivative: SIMD8<Float>) {
        let s = VectorMath.sigmoid(x)
        return (s, s * (1 - s))
    }
}

/// A pointwise function with its derivative, on eight lanes at a time, as static members so
/// the element loops are specialized per function (no switch inside the hot loop).
protocol PointwiseFunction {
    static func value(_ x: SIMD8<Float>) -> SIMD8<Float>
    static func valueAndDerivative(_ x: SIMD8<Float>) -> (value: SIMD8<Float>, derivative: SIMD8<Float>)
}

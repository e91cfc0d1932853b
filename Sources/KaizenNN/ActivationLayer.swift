/// A pointwise activation, or a gated linear unit over `[value | gate]` halves of its input.
///
/// In training, forward also stores the derivative (and for GLUs the activated gate), so
/// backward is a couple of multiplies instead of re-evaluating erf/exp.
final class ActivationLayer: Module {
    /// What the layer computes; `sigmoidGate` is the gated path's `value * sigmoid(gate)`.
    enum Kind { case relu, gelu, silu, swiglu, geglu, sigmoidGate }

    let kind: Kind
    let inputWidth: Int
    let outputWidth: Int
    private var isGated: Bool { inputWidth != outputWidth }
    private let output = FloatBuffer()
    private let activatedGate = FloatBuffer()
    private let derivative = FloatBuffer()
    private let inputGradient = FloatBuffer()
    private var input: UnsafeMutablePointer<Float>?

    init(kind: Kind, width: Int) {
        self.kind = kind
        outputWidth = width
        switch kind {
        case .relu, .gelu, .silu: inputWidth = width
        case .swiglu, .geglu, .sigmoidGate: inputWidth = 2 * width
        }
    }

    convenience init(_ activation: Activation, width: Int) {
        let kind: Kind = switch activation {
        case .relu: .relu
        case .gelu: .gelu
        case .silu: .silu
        case .swiglu: .swiglu
        case .geglu: .geglu
        }
        self.init(kind: kind, width: width)
    }

    var parameters: [Parameter] { [] }

    func forward(_ x: UnsafeMutablePointer<Float>, count: Int, training: Bool) -> UnsafeMutablePointer<Float> {
        input = x
        switch kind {
        case .relu: return relu(x, count: count, training: training)
        case .gelu: return pointwise(GELUFunction.self, x, count: count, training: training)
        case .silu: return pointwise(SiLUFunction.self, x, count: count, training: training)
        case .swiglu: return gated(SiLUFunction.self, x, count: count, training: training)
        case .geglu: return gated(GELUFunction.self, x, count: count, training: training)
        case .sigmoidGate: return gated(SigmoidFunction.self, x, count: count, training: training)
        }
    }

    /// ReLU as plain loops, which the compiler vectorizes better than the mask-based SIMD form.
    private func relu(_ x: UnsafeMutablePointer<Float>, count: Int, training: Bool) -> UnsafeMutablePointer<Float> {
        let n = count &* outputWidth
        let y = output.reserve(n)
        for k in 0..<n { y[k] = x[k] > 0 ? x[k] : 0 }
        if training {
            let d = derivative.reserve(n)
            for k in 0..<n { d[k] = x[k] > 0 ? 1 : 0 }
        }
        return y
    }

    private func pointwise<F: PointwiseFunction>(
        _: F.Type, _ x: UnsafeMutablePointer<Float>, count: Int, training: Bool
    ) -> UnsafeMutablePointer<Float> {
        let n = count &* outputWidth
        let y = output.reserve(n)
        if training {
            let d = derivative.reserve(n)
            Self.forEachChunk(n) { k, lanes in
                let (value, slope) = F.valueAndDerivative(Self.load(x + k, lanes))
                Self.store(value, y + k, lanes)
                Self.store(slope, d + k, lanes)
            }
        } else {
            Self.forEachChunk(n) { k, lanes in
                Self.store(F.value(Self.load(x + k, lanes)), y + k, lanes)
            }
        }
        return y
    }

    private func gated<F: PointwiseFunction>(
        _: F.Type, _ x: UnsafeMutablePointer<Float>, count: Int, training: Bool
    ) -> UnsafeMutablePointer<Float> {
        let width = outputWidth
        let n = count &* width
        let y = output.reserve(n)
        let a = training ? activatedGate.reserve(n) : y
        let d = training ? derivative.reserve(n) : y
        for row in 0..<count {
            let v = x + row &* 2 &* width
            let g = v + width
            let o = row &* width
            Self.forEachChunk(width) { j, lanes in
                let gate = Self.load(g + j, lanes)
                let value = Self.load(v + j, lanes)
                if training {
                    let (activated, slope) = F.valueAndDerivative(gate)
                    Self.store(activated, a + (o &+ j), lanes)
                    Self.store(slope, d + (o &+ j), lanes)
                    Self.store(value * activated, y + (o &+ j), lanes)
                } else {
                    Self.store(value * F.value(gate), y + (o &+ j), lanes)
                }
            }
        }
        return y
    }

    /// Calls `body(offset, lanes)` over `0..<n` in chunks of 8 (the last may be shorter).
    @inline(__always)
    private static func forEachChunk(_ n: Int, _ body: (Int, Int) -> Void) {
        var k = 0
        while k &+ 8 <= n {
            body(k, 8)
            k &+= 8
        }
        if k < n { body(k, n &- k) }
    }

    @inline(__always)
    private static func load(_ p: UnsafeMutablePointer<Float>, _ lanes: Int) -> SIMD8<Float> {
        if lanes == 8 { return Lanes.load(p) }
        var v = SIMD8<Float>()
        for i in 0..<lanes { v[i] = p[i] }
        return v
    }

    @inline(__always)
    private static func store(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>, _ lanes: Int) {
        if lanes == 8 { return Lanes.store(v, p) }
        for i in 0..<lanes { p[i] = v[i] }
    }

    func backward(_ dy: UnsafeMutablePointer<Float>, count: Int) -> UnsafeMutablePointer<Float> {
        guard let x = input else { preconditionFailure("ActivationLayer.backward before forward") }
        let width = outputWidth
        let d = derivative.pointer
        let dx = inputGradient.reserve(count &* inputWidth)
        if !isGated {
            let n = count &* width
            for k in 0..<n { dx[k] = dy[k] * d[k] }
            return dx
        }
        let a = activatedGate.pointer
        for row in 0..<count {
            let v = x + row &* 2 &* width
            let dv = dx + row &* 2 &* width
            let dg = dv + width
            let o = row &* width
            for j in 0..<width {
                let g = dy[o &+ j]
                dv[j] = g * a[o &+ j]
                dg[j] = g * v[j] * d[o &+ j]
            }
        }
        return dx
    }
}

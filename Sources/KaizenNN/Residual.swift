/// `y = x + body(x)`; the body must keep the width.
final class Residual: Module {
    let body: any Module
    var inputWidth: Int { body.inputWidth }
    var outputWidth: Int { body.outputWidth }
    private let output = FloatBuffer()

    init(_ body: any Module) {
        precondition(body.inputWidth == body.outputWidth, "Residual: body changes width")
        self.body = body
    }

    var parameters: [Parameter] { body.parameters }
    var flopsPerExample: Int { body.flopsPerExample }

    func forward(_ x: UnsafeMutablePointer<Float>, count: Int, training: Bool) -> UnsafeMutablePointer<Float> {
        let h = body.forward(x, count: count, training: training)
        let n = count &* outputWidth
        let y = output.reserve(n)
        for k in 0..<n { y[k] = x[k] + h[k] }
        return y
    }

    func backward(_ dy: UnsafeMutablePointer<Float>, count: Int) -> UnsafeMutablePointer<Float> {
        let n = count &* outputWidth
        // The body may overwrite dy (dropout scales in place), so keep a copy of the skip path.
        let skip = output.reserve(n)
        skip.update(from: dy, count: n)
        let dx = body.backward(dy, count: count)
        for k in 0..<n { dx[k] += skip[k] }
        return dx
    }
}

/// `y = x W + b` with `W` stored `inputWidth × outputWidth` row-major (so forward and both
/// backward products are single sgemm calls without copies).
final class Linear: Module {
    let inputWidth: Int
    let outputWidth: Int
    let weight: Parameter
    let bias: Parameter
    private let output = FloatBuffer()
    private let inputGradient = FloatBuffer()
    private var input: UnsafeMutablePointer<Float>?

    enum Initialization { case he, xavier }

    init(name: String, inputWidth: Int, outputWidth: Int, initialization: Initialization, rng: inout SplitMix64) {
        self.inputWidth = inputWidth
        self.outputWidth = outputWidth
        weight = Parameter(name: "\(name).weight", rows: inputWidth, columns: outputWidth)
        bias = Parameter(name: "\(name).bias", rows: 1, columns: outputWidth)
        switch initialization {
        case .he: weight.initializeHe(fanIn: inputWidth, rng: &rng)
        case .xavier: weight.initializeXavier(fanIn: inputWidth, fanOut: outputWidth, rng: &rng)
        }
    }

    var parameters: [Parameter] { [weight, bias] }
    var flopsPerExample: Int { 2 * inputWidth * outputWidth }

    func forward(_ x: UnsafeMutablePointer<Float>, count: Int, training: Bool) -> UnsafeMutablePointer<Float> {
        input = x
        let width = outputWidth
        let y = output.reserve(count &* width)
        let b = bias.value
        for row in 0..<count { (y + row &* width).update(from: b, count: width) }
        BLAS.gemm(
            transposeA: false, transposeB: false, m: count, n: width, k: inputWidth,
            a: x, lda: inputWidth, b: weight.value, ldb: width, beta: 1, c: y, ldc: width)
        return y
    }

    func backward(_ dy: UnsafeMutablePointer<Float>, count: Int) -> UnsafeMutablePointer<Float> {
        guard let x = input else { preconditionFailure("Linear.backward before forward") }
        let width = outputWidth
        // dW += x^T dy
        BLAS.gemm(
            transposeA: true, transposeB: false, m: inputWidth, n: width, k: count,
            a: x, lda: inputWidth, b: dy, ldb: width, beta: 1, c: weight.gradient, ldc: width)
        // db += column sums of dy
        let db = bias.gradient
        for row in 0..<count {
            let r = dy + row &* width
            for j in 0..<width { db[j] += r[j] }
        }
        let dx = inputGradient.reserve(count &* inputWidth)
        // dx = dy W^T
        BLAS.gemm(
            transposeA: false, transposeB: true, m: count, n: inputWidth, k: width,
            a: dy, lda: width, b: weight.value, ldb: width, beta: 0, c: dx, ldc: inputWidth)
        return dx
    }
}

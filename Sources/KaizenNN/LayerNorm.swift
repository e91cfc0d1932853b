/// LayerNorm over each row (Ba et al. 2016) with learned gain and bias, eps 1e-5 (PyTorch's).
final class LayerNorm: Module {
    let inputWidth: Int
    var outputWidth: Int { inputWidth }
    let gain: Parameter
    let bias: Parameter
    private let output = FloatBuffer()
    private let normalized = FloatBuffer()
    private let inverseStd = FloatBuffer()
    private let inputGradient = FloatBuffer()
    static let epsilon: Float = 1e-5

    init(name: String, width: Int) {
        inputWidth = width
        gain = Parameter(name: "\(name).gain", rows: 1, columns: width)
        bias = Parameter(name: "\(name).bias", rows: 1, columns: width)
        gain.fill(1)
    }

    var parameters: [Parameter] { [gain, bias] }

    func forward(_ x: UnsafeMutablePointer<Float>, count: Int, training: Bool) -> UnsafeMutablePointer<Float> {
        let width = inputWidth
        let y = output.reserve(count &* width)
        let xhat = normalized.reserve(count &* width)
        let rstd = inverseStd.reserve(count)
        let g = gain.value, b = bias.value
        let invWidth = 1 / Float(width)
        for row in 0..<count {
            let o = row &* width
            var mean: Float = 0
            for j in 0..<width { mean += x[o &+ j] }
            mean *= invWidth
            var variance: Float = 0
            for j in 0..<width {
                let c = x[o &+ j] - mean
                variance += c * c
            }
            variance *= invWidth
            let r = 1 / (variance + LayerNorm.epsilon).squareRoot()
            rstd[row] = r
            for j in 0..<width {
                let n = (x[o &+ j] - mean) * r
                xhat[o &+ j] = n
                y[o &+ j] = n * g[j] + b[j]
            }
        }
        return y
    }

    func backward(_ dy: UnsafeMutablePointer<Float>, count: Int) -> UnsafeMutablePointer<Float> {
        let width = inputWidth
        let xhat = normalized.pointer
        let rstd = inverseStd.pointer
        let dx = inputGradient.reserve(count &* width)
        let g = gain.value, dg = gain.gradient, db = bias.gradient
        let invWidth = 1 / Float(width)
        for row in 0..<count {
            let o = row &* width
            var meanD: Float = 0
            var meanDX: Float = 0
            for j in 0..<width {
                let d = dy[o &+ j]
                let n = xhat[o &+ j]
                dg[j] += d * n
                db[j] += d
                let dn = d * g[j]
                meanD += dn
                meanDX += dn * n
            }
            meanD *= invWidth
            meanDX *= invWidth
            let r = rstd[row]
            for j in 0..<width {
                let dn = dy[o &+ j] * g[j]
                dx[o &+ j] = r * (dn - meanD - xhat[o &+ j] * meanDX)
            }
        }
        return dx
    }
}

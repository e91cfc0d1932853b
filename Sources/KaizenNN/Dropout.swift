/// Inverted dropout: in training each unit is kept with probability `1 - rate` and scaled by
/// `1 / (1 - rate)`, so inference is the identity (and returns its input without a copy).
final class Dropout: Module {
    let inputWidth: Int
    var outputWidth: Int { inputWidth }
    let rate: Float
    /// Shared with the network so that reseeding it makes masks reproducible.
    private let random: RandomSource
    private let output = FloatBuffer()
    private let mask = FloatBuffer()
    private var wasTraining = false

    init(width: Int, rate: Float, random: RandomSource) {
        precondition(rate >= 0 && rate < 1, "dropout rate \(rate) outside 0..<1")
        inputWidth = width
        self.rate = rate
        self.random = random
    }

    var parameters: [Parameter] { [] }

    func forward(_ x: UnsafeMutablePointer<Float>, count: Int, training: Bool) -> UnsafeMutablePointer<Float> {
        wasTraining = training && rate > 0
        guard wasTraining else { return x }
        let n = count &* inputWidth
        let y = output.reserve(n)
        let m = mask.reserve(n)
        let scale = 1 / (1 - rate)
        // Compare 32-bit uniforms against a threshold; two draws per 64-bit output.
        let threshold = UInt32(min(Double(rate) * 4_294_967_296.0, 4_294_967_295.0))
        var k = 0
        while k < n {
            let bits = random.generator.next()
            m[k] = UInt32(truncatingIfNeeded: bits) < threshold ? 0 : scale
            if k &+ 1 < n { m[k &+ 1] = UInt32(truncatingIfNeeded: bits >> 32) < threshold ? 0 : scale }
            k &+= 2
        }
        for i in 0..<n { y[i] = x[i] * m[i] }
        return y
    }

    func backward(_ dy: UnsafeMutablePointer<Float>, count: Int) -> UnsafeMutablePointer<Float> {
        guard wasTraining else { return dy }
        let m = mask.pointer
        let n = count &* inputWidth
        for i in 0..<n { dy[i] *= m[i] }
        return dy
    }
}

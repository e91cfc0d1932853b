#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Training losses on logits.
public enum Loss {
    /// Weighted binary cross-entropy with soft targets in [0, 1] on logits.
    ///
    /// Per example `l = max(z, 0) - z * t + log(1 + exp(-|z|))`, which never overflows; the
    /// loss is `sum(w * l) / sum(w)` (plain mean when `weights` is nil) and the gradient is
    /// `w * (sigmoid(z) - t) / sum(w)`, ready for `RankingNetwork.backward`. A zero weight
    /// sum gives loss 0 and a zero gradient.
    public static func binaryCrossEntropy(logits: [Float], targets: [Float], weights: [Float]?) -> (loss: Float, gradient: [Float]) {
        let n = logits.count
        precondition(targets.count == n, "binaryCrossEntropy: \(targets.count) targets for \(n) logits")
        if let weights { precondition(weights.count == n, "binaryCrossEntropy: \(weights.count) weights for \(n) logits") }
        var gradient = [Float](repeating: 0, count: n)
        guard n > 0 else { return (0, gradient) }
        var weightSum: Double = 0
        if let weights {
            for w in weights { weightSum += Double(w) }
        } else {
            weightSum = Double(n)
        }
        guard weightSum > 0 else { return (0, gradient) }
        let scale = Float(1 / weightSum)
        var total: Double = 0
        logits.withUnsafeBufferPointer { z in
            targets.withUnsafeBufferPointer { t in
                gradient.withUnsafeMutableBufferPointer { g in
                    for k in 0..<n {
                        let w = weights?[k] ?? 1
                        let x = z[k]
                        let e = expf(-abs(x))
                        let l = max(x, 0) - x * t[k] + log1pf(e)
                        // sigmoid(x) from the same exp, stable for either sign.
                        let p = x >= 0 ? 1 / (1 + e) : e / (1 + e)
                        total += Double(w * l)
                        g[k] = w * (p - t[k]) * scale
                    }
                }
            }
        }
        return (Float(total / weightSum), gradient)
    }
}

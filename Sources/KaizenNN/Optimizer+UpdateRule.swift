#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Optimizer {
    /// One step's update rule with its constants (learning rate, bias corrections) worked out
    /// once, applied to contiguous ranges as flat loops (PyTorch's formulas).
    struct UpdateRule {
        let kind: OptimizerKind
        let learningRate: Float
        let momentum: Float
        /// L2 coefficient added to the gradient (all kinds but adamw).
        let l2: Float
        /// AdamW's shrink factor `1 - lr * wd` (1 for the others).
        let shrink: Float
        /// Adam: `lr / (1 - beta1^t)` and `sqrt(1 - beta2^t)`.
        let adamStepSize: Float
        let adamRootCorrection: Float
        /// Whether this rule updates sparse embedding rows. Adam then follows PyTorch's
        /// `SparseAdam`, which adds eps to the *uncorrected* `sqrt(v)`:
        /// `w -= lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + eps)`, where dense Adam
        /// adds it after the correction, `lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)`.
        /// The two differ for gradients near eps, which embedding rows (a batch mean over the
        /// few examples that touch a row) often have: SparseAdam damps them, dense-style Adam
        /// would move every touched coordinate by about lr whatever its gradient.
        let sparse: Bool

        init(spec: OptimizerSpec, learningRate: Float, step t: Int, sparse: Bool = false) {
            kind = spec.kind
            self.sparse = sparse
            self.learningRate = learningRate
            momentum = spec.momentum
            l2 = spec.kind == .adamw ? 0 : spec.weightDecay
            shrink = spec.kind == .adamw ? 1 - learningRate * spec.weightDecay : 1
            let correction1 = 1 - pow(Double(Optimizer.beta1), Double(t))
            let correction2 = 1 - pow(Double(Optimizer.beta2), Double(t))
            adamStepSize = Float(Double(learningRate) / correction1)
            adamRootCorrection = Float(correction2.squareRoot())
        }

        @inline(__always)
        func apply(
            _ w: UnsafeMutablePointer<Float>, _ g: UnsafeMutablePointer<Float>,
            _ s1: UnsafeMutablePointer<Float>?, _ s2: UnsafeMutablePointer<Float>?, count n: Int
        ) {
            let lr = learningRate, decay = l2
            switch kind {
            case .sgd:
                if let v = s1 {
                    let mu = momentum
                    for k in 0..<n {
                        let velocity = mu * v[k] + (g[k] + decay * w[k])
                        v[k] = velocity
                        w[k] -= lr * velocity
                    }
                } else {
                    for k in 0..<n { w[k] -= lr * (g[k] + decay * w[k]) }
                }
            case .adagrad:
                let sum = s1!
                let eps = Optimizer.adagradEpsilon
                var k = 0
                while k &+ 8 <= n {
                    let weight = Lanes.load(w + k)
                    let grad = Lanes.load(g + k) + decay * weight
                    let s = Lanes.load(sum + k) + grad * grad
                    Lanes.store(s, sum + k)
                    Lanes.store(weight - lr * grad / (s.squareRoot() + eps), w + k)
                    k &+= 8
                }
                while k < n {
                    let grad = g[k] + decay * w[k]
                    let s = sum[k] + grad * grad
                    sum[k] = s
                    w[k] -= lr * grad / (s.squareRoot() + eps)
                    k &+= 1
                }
            case .rmsprop:
                let average = s1!
                let alpha = Optimizer.rmspropAlpha, eps = Optimizer.rmspropEpsilon
                var k = 0
                while k &+ 8 <= n {
                    let weight = Lanes.load(w + k)
                    let grad = Lanes.load(g + k) + decay * weight
                    let a = alpha * Lanes.load(average + k) + (1 - alpha) * grad * grad
                    Lanes.store(a, average + k)
                    Lanes.store(weight - lr * grad / (a.squareRoot() + eps), w + k)
                    k &+= 8
                }
                while k < n {
                    let grad = g[k] + decay * w[k]
                    let a = alpha * average[k] + (1 - alpha) * grad * grad
                    average[k] = a
                    w[k] -= lr * grad / (a.squareRoot() + eps)
                    k &+= 1
                }
            case .adam, .adamw:
                // AdamW shrinks the weight before the step (decoupled decay); Adam adds L2 to
                // the gradient. Exactly one of `shrink != 1` and `decay != 0` can hold.
                // Explicit SIMD: the compiler does not vectorize this four-pointer loop, and
                // sqrt/div per element are its cost.
                let m = s1!, v = s2!
                let b1 = Optimizer.beta1, b2 = Optimizer.beta2, eps = Optimizer.adamEpsilon
                // Sparse rows (SparseAdam): step lr * sqrt(c2) / c1 and eps on the raw sqrt(v).
                let stepSize = sparse ? adamStepSize * adamRootCorrection : adamStepSize
                let root = sparse ? 1 : 1 / adamRootCorrection, factor = shrink
                var k = 0
                while k &+ 8 <= n {
                    let weight = Lanes.load(w + k)
                    let grad = Lanes.load(g + k) + decay * weight
                    let first = b1 * Lanes.load(m + k) + (1 - b1) * grad
                    let second = b2 * Lanes.load(v + k) + (1 - b2) * grad * grad
                    Lanes.store(first, m + k)
                    Lanes.store(second, v + k)
                    Lanes.store(weight * factor - stepSize * first / (second.squareRoot() * root + eps), w + k)
                    k &+= 8
                }
                while k < n {
                    let weight = w[k]
                    let grad = g[k] + decay * weight
                    let first = b1 * m[k] + (1 - b1) * grad
                    let second = b2 * v[k] + (1 - b2) * grad * grad
                    m[k] = first
                    v[k] = second
                    w[k] = weight * factor - stepSize * first / (second.squareRoot() * root + eps)
                    k &+= 1
                }
            }
        }
    }
}

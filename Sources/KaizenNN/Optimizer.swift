#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Applies one `OptimizerSpec` to a network's accumulated gradients.
///
/// A `step()` does, in order: global-norm clipping of the raw gradients, annealed Gaussian
/// gradient noise, then the update rule with the scheduled learning rate (L2 weight decay
/// inside the rule, or AdamW's decoupled decay). It does not zero the gradients; call
/// `RankingNetwork.zeroGradients()` before the next backward.
///
/// Embedding tables are updated *sparsely*: only rows the batch touched are clipped, noised,
/// decayed and updated, and their optimizer state (momentum, moments) advances only on those
/// steps, as in PyTorch's SparseAdam / TensorFlow's LazyAdam, so a step costs the batch
/// rather than the table. Adam's bias correction uses the global step, and on embedding rows
/// Adam adds eps before the bias correction of the second moment, as SparseAdam does (dense
/// tensors get `torch.optim.Adam`'s formula).
///
/// Like the network it updates, it belongs to one training run on one thread.
public final class Optimizer: @unchecked Sendable {
    public let spec: OptimizerSpec
    public let totalSteps: Int
    let network: RankingNetwork
    let parameters: [Parameter]
    /// Steps taken so far; the next step is step `stepCount` (0-based).
    public internal(set) var stepCount = 0
    /// The global gradient norm before clipping at the last step (0 before any, and when
    /// clipping is off, since computing it costs a pass over the gradients).
    public private(set) var lastGradientNorm: Float = 0
    /// Momentum (sgd), squared-gradient sum (adagrad), squared average (rmsprop) or first
    /// moment (adam, adamw), one per parameter; nil when the rule keeps none.
    private let firstState: [UnsafeMutablePointer<Float>?]
    /// Second moment (adam, adamw).
    private let secondState: [UnsafeMutablePointer<Float>?]
    private var noiseGenerator: SplitMix64
    /// The first `userParameterCount` tensors belong to the user tower.
    private let userParameterCount: Int

    static let beta1: Float = 0.9
    static let beta2: Float = 0.999
    static let adamEpsilon: Float = 1e-8
    static let adagradEpsilon: Float = 1e-10
    static let rmspropAlpha: Float = 0.99
    static let rmspropEpsilon: Float = 1e-8

    public init(spec: OptimizerSpec, network: RankingNetwork, totalSteps: Int, seed: UInt64) {
        self.spec = spec
        self.totalSteps = max(1, totalSteps)
        self.network = network
        parameters = network.parameters
        userParameterCount = network.userTower.parameters.count
        noiseGenerator = SplitMix64(seed: seed ^ 0x6E01_5E5E_ED00_0002)
        func zeros(_ count: Int) -> UnsafeMutablePointer<Float> {
            let p = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
            p.initialize(repeating: 0, count: max(count, 1))
            return p
        }
        let needsFirst = spec.kind != .sgd || spec.momentum != 0
        let needsSecond = spec.kind == .adam || spec.kind == .adamw
        firstState = parameters.map { needsFirst ? zeros($0.count) : nil }
        secondState = parameters.map { needsSecond ? zeros($0.count) : nil }
    }

    deinit {
        for p in firstState { p?.deallocate() }
        for p in secondState { p?.deallocate() }
    }

    /// The learning rate the next `step()` applies (base rate times the schedule).
    public var currentLearningRate: Float { learningRate(atStep: stepCount) }

    func learningRate(atStep step: Int) -> Float {
        spec.learningRate * spec.schedule.multiplier(step: step, totalSteps: totalSteps)
    }

    /// Standard deviation of the gradient noise at 0-based step `t`: `sqrt(eta / (1 + t)^0.55)`.
    func noiseStandardDeviation(atStep t: Int) -> Float {
        guard spec.gradientNoise > 0 else { return 0 }
        return Float((Double(spec.gradientNoise) / pow(1 + Double(t), 0.55)).squareRoot())
    }

    public func step() {
        prepareGradients()
        applyUpdate()
        stepCount += 1
    }

    /// Clips and noises the gradients in place for the current step.
    func prepareGradients() {
        if let clip = spec.gradientClip {
            var sum: Double = 0
            for parameter in parameters {
                let g = parameter.gradient
                parameter.forEachActiveRange { offset, length in
                    var partial: Float = 0
                    for k in offset..<(offset &+ length) { partial += g[k] * g[k] }
                    sum += Double(partial)
                }
            }
            let norm = Float(sum.squareRoot())
            lastGradientNorm = norm
            if norm > clip, norm.isFinite {
                let scale = clip / norm
                for parameter in parameters {
                    let g = parameter.gradient
                    parameter.forEachActiveRange { offset, length in
                        for k in offset..<(offset &+ length) { g[k] *= scale }
                    }
                }
            }
        }
        let sigma = Double(noiseStandardDeviation(atStep: stepCount))
        if sigma > 0 {
            for parameter in parameters {
                let g = parameter.gradient
                parameter.forEachActiveRange { offset, length in
                    for k in offset..<(offset &+ length) { g[k] += Float(noiseGenerator.nextGaussian() * sigma) }
                }
            }
        }
    }

    /// The update rule on every active range, at the current step's learning rate. The user
    /// tower's tensors and the rest are updated on two threads (disjoint memory).
    func applyUpdate() {
        let rate = currentLearningRate
        let rules = Rules(
            dense: UpdateRule(spec: spec, learningRate: rate, step: stepCount + 1),
            sparse: UpdateRule(spec: spec, learningRate: rate, step: stepCount + 1, sparse: true))
        let split = userParameterCount
        let total = parameters.count
        Parallel.run(true, {
            self.applyUpdate(rules, to: 0..<split)
        }, {
            self.applyUpdate(rules, to: split..<total)
        })
    }

    /// The step's rule for dense tensors and the one for sparse embedding rows (they differ
    /// only in where Adam adds eps; see `UpdateRule.sparse`).
    private struct Rules {
        let dense: UpdateRule
        let sparse: UpdateRule
    }

    private func applyUpdate(_ rules: Rules, to indices: Range<Int>) {
        for index in indices {
            let parameter = parameters[index]
            let w = parameter.value
            let g = parameter.gradient
            let s1 = firstState[index]
            let s2 = secondState[index]
            if parameter.isSparse {
                let rule = rules.sparse
                let columns = parameter.columns
                for row in parameter.touchedRows {
                    let offset = Int(row) &* columns
                    rule.apply(w + offset, g + offset, s1.map { $0 + offset }, s2.map { $0 + offset }, count: columns)
                }
            } else {
                rules.dense.apply(w, g, s1, s2, count: parameter.count)
            }
        }
    }
}

/// The optimizer persona's search space made concrete: what `Optimizer` does, and the batch
/// size and epochs a trainer loops with.
public struct OptimizerSpec: Sendable, Equatable {
    public var kind: OptimizerKind
    /// Base learning rate, shaped by `schedule`.
    public var learningRate: Float
    /// SGD momentum (ignored by the other kinds); 0 gives plain SGD.
    public var momentum: Float
    /// L2 penalty added to the gradient for sgd, adagrad, rmsprop and adam; decoupled
    /// decay `w *= 1 - lr * wd` for adamw. Applies to every parameter (as PyTorch's default
    /// parameter group does); for embeddings only to the rows a step touches.
    public var weightDecay: Float
    public var batchSize: Int
    public var epochs: Int
    public var schedule: Schedule
    /// When set, gradients are rescaled so that their global L2 norm is at most this.
    public var gradientClip: Float?
    /// Gradient noise eta: Gaussian noise of variance `eta / (1 + t)^0.55` is added to the
    /// (clipped) gradient at 0-based step `t` (Neelakantan et al. 2015). 0 turns it off.
    public var gradientNoise: Float

    public init(
        kind: OptimizerKind = .adam,
        learningRate: Float = 0.001,
        momentum: Float = 0.9,
        weightDecay: Float = 0,
        batchSize: Int = 512,
        epochs: Int = 3,
        schedule: Schedule = .constant,
        gradientClip: Float? = nil,
        gradientNoise: Float = 0
    ) {
        self.kind = kind
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
        self.batchSize = batchSize
        self.epochs = epochs
        self.schedule = schedule
        self.gradientClip = gradientClip
        self.gradientNoise = gradientNoise
    }
}

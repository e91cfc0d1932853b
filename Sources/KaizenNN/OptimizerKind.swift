/// The update rule. Hyperparameters not in `OptimizerSpec` follow PyTorch's defaults so that
/// the built-in trainer and a PyTorch trainer behave alike: Adagrad eps 1e-10; RMSprop
/// alpha 0.99, eps 1e-8; Adam/AdamW betas (0.9, 0.999), eps 1e-8.
public enum OptimizerKind: String, Sendable, CaseIterable {
    /// SGD with (heavy-ball) momentum `v = mu * v + g; w -= lr * v`.
    case sgd
    case adagrad
    case rmsprop
    /// Adam with weight decay as L2 (added to the gradient).
    case adam
    /// Adam with decoupled weight decay (Loshchilov & Hutter): `w *= 1 - lr * wd`.
    case adamw
}

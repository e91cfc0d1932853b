/// The learning-rate schedule over `totalSteps` optimizer steps; step `s` counts from 0.
///
/// - `constant`: `lr`.
/// - `cosine`: `lr * 0.5 * (1 + cos(pi * s / T))`, reaching 0 at the end.
/// - `step`: `lr`, then `0.1 * lr` from `s = T/2`, then `0.01 * lr` from `s = 3T/4`
///   (integer division), the classic milestone recipe.
/// - `warmupCosine`: linear warm-up `lr * (s + 1) / W` over the first `W = max(1, T/20)`
///   steps (5%), then cosine from `lr` to 0 over the rest.
public enum Schedule: String, Sendable, CaseIterable {
    case constant, cosine, step
    case warmupCosine = "warmup_cosine"
}

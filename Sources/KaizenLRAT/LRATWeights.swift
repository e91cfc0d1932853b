import Foundation

/// LRAT's pair weights from reasoning length. How long the agent reasoned after opening a
/// document measures how much it engaged with it, with diminishing returns: the score
/// `s(l) = 1 - exp(-ln 2 · l / β)` is 0 at l = 0, one half at the median length β, and
/// saturates towards 1. Dividing by the mean score μ keeps the mean weight of reasoned pairs
/// at 1, so weighting shifts emphasis without changing the loss's overall scale.
public struct LRATWeights: Sendable, Hashable, Codable {
    /// The median reasoning length in tokens; 0 when every length is 0 (then every score is 1).
    public let beta: Double
    /// The mean unnormalized score over the reasoned pairs the weights were fitted on.
    public let meanScore: Double

    /// Fits β and μ on the reasoning lengths of the kept positives that have reasoning;
    /// nil when there are none.
    public init?(reasoningTokenCounts counts: [Int]) {
        guard !counts.isEmpty else { return nil }
        let sorted = counts.sorted()
        let middle = sorted.count / 2
        let median = sorted.count % 2 == 1 ? Double(sorted[middle]) : (Double(sorted[middle - 1]) + Double(sorted[middle])) / 2
        let total = counts.reduce(0.0) { $0 + Self.score(tokens: $1, beta: median) }
        beta = median
        meanScore = total / Double(counts.count)
    }

    /// The unnormalized score `1 - exp(-ln 2 · l / β)`; 1 when β is not positive.
    public static func score(tokens: Int, beta: Double) -> Double {
        guard beta > 0 else { return 1 }
        // -expm1(x) is 1 - exp(x) without cancellation for short reasoning.
        return -expm1(-log(2.0) * Double(tokens) / beta)
    }

    /// The weight `s / μ` of a pair whose reasoning has `tokens` tokens; 1 without reasoning.
    public func weight(tokens: Int?) -> Double {
        guard let tokens else { return 1 }
        // μ > 0 whenever β > 0 (at least half the lengths are positive); the guard is for safety.
        guard meanScore > 0 else { return 1 }
        return Self.score(tokens: tokens, beta: beta) / meanScore
    }

    /// Weights for pairs given their reasoning lengths (nil: no reasoning, weight 1), fitted on
    /// exactly these lengths.
    public static func weights(tokenCounts: [Int?]) -> [Double] {
        let fitted = LRATWeights(reasoningTokenCounts: tokenCounts.compactMap { $0 })
        return tokenCounts.map { tokens in fitted?.weight(tokens: tokens) ?? 1 }
    }
}

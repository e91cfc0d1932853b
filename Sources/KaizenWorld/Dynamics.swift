import Foundation

/// The latent behaviour model of the built-in world, in one place so that the logging
/// simulation, live experiments, the oracle and the oracle rankers all agree.
///
/// A user `u` has topic tastes `taste[u][t]` in [0, 1], an activity level `a` (their base
/// chance of coming back on a given day), a clickbait susceptibility `s` and a tolerance for
/// disappointment `tau` in [0, 1]. An item `i` has a topic, a quality `q` in [0, 1], a length
/// `L` in seconds, a clickbait appeal `c` in [0, 1] and an age. With `m = taste[u][topic(i)]`:
///
/// - click: `P = examination(position) * sigmoid(-3.6 + 2.6 m + 1.0 q + 2.4 c s + 0.4 freshness)`.
///   Clickbait raises clicks, so a click-only model learns to love it.
/// - watch fraction given a click: `sigmoid(-0.3 + 1.8 m + 2.0 q - 3.0 c - 0.5 ln(L / 300))`
///   plus noise; clickbait is abandoned early.
/// - satisfaction given a click: `sigmoid(-1.8 + 2.0 m + 2.5 q - 3.5 c)` plus noise; clickbait
///   disappoints.
/// - the experience of a click is `satisfaction - 0.45`, and a disappointment (below 0.45)
///   weighs `1 + 1.5 (1 - tau)` times as much; a session without any click costs 0.15.
/// - recent satisfaction `r` is a leaky sum of experiences: `r = 0.5 r + day's experience` on
///   an active day and `r = 0.8 r` on an absent one, clamped to [-3, 3];
/// - the chance to come back tomorrow is `sigmoid(logit(a) + 1.0 (r - 0.3))`.
///
/// The north star is *satisfied watch time*: watch seconds times satisfaction, summed over
/// the days a user comes back. Serving clickbait wins clicks today and loses users tomorrow.
enum Dynamics {
    static let satisfactionNeutral = 0.45
    static let noClickPenalty = 0.15
    static let recentDecayActive = 0.5
    static let recentDecayAbsent = 0.8
    static let returnSensitivity = 1.0
    static let recentReference = 0.3
    /// Future satisfied watch seconds that one unit of recent satisfaction is worth, scaled by
    /// how undecided the user's return is; used only for the long-term-value label.
    static let retentionValueSeconds = 900.0

    @inline(__always) static func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
    @inline(__always) static func logit(_ p: Double) -> Double { log(p / (1 - p)) }

    /// Chance that a user looks at a slot at all: position bias.
    @inline(__always) static func examination(position: Int) -> Double { 1 / (1 + 0.3 * Double(position)) }

    @inline(__always) static func clickLogit(match m: Double, quality q: Double, clickbait c: Double, susceptibility s: Double, freshness f: Double) -> Double {
        -3.6 + 2.6 * m + 1.0 * q + 2.4 * c * s + 0.4 * f
    }

    /// `lengthTerm` is `-0.5 ln(L / 300)`, precomputed per item.
    @inline(__always) static func watchLogit(match m: Double, quality q: Double, clickbait c: Double, lengthTerm: Double) -> Double {
        -0.3 + 1.8 * m + 2.0 * q - 3.0 * c + lengthTerm
    }

    @inline(__always) static func satisfactionLogit(match m: Double, quality q: Double, clickbait c: Double) -> Double {
        -1.8 + 2.0 * m + 2.5 * q - 3.5 * c
    }

    /// Experience of one click with satisfaction `sat` for a user with tolerance `tau`.
    @inline(__always) static func experience(satisfaction sat: Double, tolerance tau: Double) -> Double {
        let delta = sat - satisfactionNeutral
        return delta >= 0 ? delta : delta * (1 + 1.5 * (1 - tau))
    }

    @inline(__always) static func updatedRecent(_ r: Double, active: Bool, experience: Double) -> Double {
        let next = active ? recentDecayActive * r + experience : recentDecayAbsent * r
        return min(3, max(-3, next))
    }

    @inline(__always) static func returnProbability(baseLogit: Double, recent r: Double) -> Double {
        sigmoid(baseLogit + returnSensitivity * (r - recentReference))
    }
}

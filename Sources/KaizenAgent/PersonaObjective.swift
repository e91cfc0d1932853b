import KaizenCore

/// The proxy metric a persona is judged by offline. Optimizer and architecture candidates
/// train on the same labels, so validation log loss compares them; reward candidates change
/// the labels themselves, so they are judged by a loss-free proxy: how well the model's
/// ranking agrees with long-term value (`ltv_kendall_tau`).
public struct PersonaObjective: Sendable, Hashable {
    public var metric: String
    public var higherIsBetter: Bool

    public init(metric: String, higherIsBetter: Bool) {
        self.metric = metric
        self.higherIsBetter = higherIsBetter
    }

    public static func of(_ persona: Persona) -> PersonaObjective {
        switch persona {
        case .optimizer, .architecture: PersonaObjective(metric: "val_logloss", higherIsBetter: false)
        case .reward: PersonaObjective(metric: "ltv_kendall_tau", higherIsBetter: true)
        }
    }

    /// The candidate's objective: its persona's, except for a generated model (architectures
    /// as code), which is judged by the metric its code task names (higher is better).
    public static func of(_ candidate: Candidate) -> PersonaObjective {
        if candidate.code != nil, let metric = candidate.delta?["code"]?["metric"]?.stringValue {
            return PersonaObjective(metric: metric, higherIsBetter: true)
        }
        return of(candidate.persona)
    }

    /// The metric turned so that higher is better, or nil when it was not measured.
    public func score(_ metrics: [String: Double]) -> Double? {
        guard let value = metrics[metric], value.isFinite else { return nil }
        return higherIsBetter ? value : -value
    }
}

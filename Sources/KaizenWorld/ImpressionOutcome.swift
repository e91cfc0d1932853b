/// What happened to one shown item: the noisy, observable outcome plus the realized (hidden)
/// satisfaction that drives the user's experience.
struct ImpressionOutcome {
    var click = false
    var watchFraction = 0.0
    var watchSeconds = 0.0
    /// Realized satisfaction of the watch (0 without a click); hidden from the logs.
    var realizedSatisfaction = 0.0
    /// Survey answer on a five-point scale mapped to [0, 1]; NaN when not surveyed. Surveys
    /// of impressions that were not clicked answer 0 (nothing watched, nothing enjoyed).
    var survey = Double.nan
    /// Watch seconds times realized satisfaction: the north star's unit.
    var satisfiedWatchSeconds: Double { watchSeconds * realizedSatisfaction }
}

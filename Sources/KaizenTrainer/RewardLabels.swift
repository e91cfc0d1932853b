import Foundation
import KaizenWorld

extension RewardSpec {
    /// Training targets in [0, 1] for every impression of `log`.
    ///
    /// Unsurveyed clicks take the mean surveyed satisfaction of clicks, so the satisfaction
    /// weight still says something about the 95% of impressions without a survey.
    public func labels(for log: ImpressionLog) -> [Float] {
        var surveyedSum: Float = 0
        var surveyedCount: Float = 0
        for i in 0..<log.count where log.clicks[i] && !log.satisfaction[i].isNaN {
            surveyedSum += log.satisfaction[i]
            surveyedCount += 1
        }
        let meanSatisfaction = surveyedCount > 0 ? surveyedSum / surveyedCount : 0.5
        let total = max(1e-6, click + watch + satisfaction + returnNextDay)
        var out = [Float](repeating: 0, count: log.count)
        for i in 0..<log.count {
            let clicked = log.clicks[i]
            let watched = clicked ? log.watchFraction[i] : 0
            let satisfied: Float = clicked ? (log.satisfaction[i].isNaN ? meanSatisfaction : log.satisfaction[i]) : 0
            var raw = click * (clicked ? 1 : 0) + watch * watched + satisfaction * satisfied + returnNextDay * (log.returnedNextDay[i] ? 1 : 0)
            // A click followed by a short watch is the clickbait pattern.
            if clicked && watched < 0.2 { raw -= clickbaitPenalty * total }
            let normalized = raw / total
            switch transform {
            case .clip: out[i] = min(1, max(0, normalized))
            case .sigmoid: out[i] = 1 / (1 + exp(-6 * (normalized - 0.5)))
            case .binarize: out[i] = normalized > 0.5 ? 1 : 0
            }
        }
        return out
    }
}

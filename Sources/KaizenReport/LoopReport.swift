import Foundation
import KaizenAgent
import KaizenCore
import KaizenStore

/// `kaizen report`: one self-contained HTML page (inline SVG, no script) on what the loop
/// did: production's north star across launches, offline score against online outcome,
/// the fate of each persona's candidates, and LLM spend over time, in tokens and in dollars.
public enum LoopReport {
    /// `pricing` turns tokens into US dollars as the budget gate does; nil (or a model with no
    /// price) shows the money as unknown rather than as free.
    public static func html(store: Store, pricing: LLMPricing? = nil, now: Date = Date()) throws -> String {
        let experiments = try store.experiments().reversed()
        let decided = experiments.filter { !$0.status.isActive }
        let history = try store.productionHistory()
        let calibration = try ProxyCalibration.load(store: store)
        let counts = try store.candidateCounts()

        var northStar: [SVGChart.Point] = []
        for e in decided {
            guard let at = e.endedAt, let control = e.decision?["control_mean"]?.doubleValue else { continue }
            northStar.append(.init(x: at.timeIntervalSince1970, y: control, label: "production during \(e.id): \(SVGChart.number(control))"))
            if e.status == .launched, let treatment = e.decision?["treatment_mean"]?.doubleValue {
                northStar.append(.init(x: at.timeIntervalSince1970, y: treatment, label: "launch of \(e.candidateID) (\(e.id)): \(SVGChart.number(treatment))", marked: true))
            }
        }
        let scatter = calibration.pairs.map { pair in
            SVGChart.Point(
                x: pair.offlineGain * 100, y: pair.onlineLift * 100,
                label: "\(pair.candidateID): offline \(Percent.format(pair.offlineGain)), online \(Percent.format(pair.onlineLift)), \(pair.outcome)",
                marked: pair.outcome == "launched")
        }
        var fates: [(group: String, parts: [(category: String, count: Int)])] = []
        let candidates = try store.candidates()
        for persona in Persona.allCases {
            let mine = candidates.filter { $0.persona == persona && $0.proposer != JournalSnapshot.baselineProposer }
            fates.append((persona.rawValue, Fate.allCases.map { fate in (fate.rawValue, mine.filter { fate.states.contains($0.state) }.count) }))
        }
        var spend: [SVGChart.Point] = []
        var money: [SVGChart.Point] = []
        var tokens = 0, promptTokens = 0, completionTokens = 0
        for call in try store.llmCalls(limit: 1_000_000).sorted(by: { $0.startedAt < $1.startedAt }) {
            promptTokens += call.promptTokens ?? 0
            completionTokens += call.completionTokens ?? 0
            tokens = promptTokens + completionTokens
            let x = call.startedAt.timeIntervalSince1970, by = call.startedAt.formatted(.iso8601)
            spend.append(.init(x: x, y: Double(tokens), label: "\(tokens) tokens by \(by)"))
            if let usd = pricing?.usd(promptTokens: promptTokens, completionTokens: completionTokens) {
                money.append(.init(x: x, y: usd, label: "\(Self.dollars(usd)) by \(by)"))
            }
        }
        let usd = pricing?.usd(promptTokens: promptTokens, completionTokens: completionTokens)
        let usdText = pricing.map { p in usd.map { "\(Self.dollars($0)) at the price of \(p.model)" } ?? "unknown: model \(p.model) has no price in Policies/budgets.yaml" }
            ?? "unknown: no prices were given"
        let moneyChart = usd == nil
            ? SVGChart.empty("no price for the model, so no dollar figure")
            : SVGChart.plot(money, xLabel: "time", yLabel: "cumulative US dollars", line: true, xIsDate: true)

        let tau = calibration.kendallTau.map { String(format: "%.2f", $0) } ?? "n/a"
        let launches = history.filter { $0.action == .launch }.count
        var page = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Kaizen report</title>
            <style>body{font-family:sans-serif;max-width:720px;margin:2em auto;color:#222}h2{margin-top:2em}td,th{padding:2px 10px;text-align:left}</style>
            </head><body>
            <h1>Kaizen report</h1>
            <p>Written \(now.formatted(.iso8601)). Production is config \(history.last.map { String($0.id) } ?? "(initial, not yet seeded)") after \(launches) launch(es) and \(history.filter { $0.action == .rollback }.count) rollback(s).</p>
            <table>
            <tr><th>candidates</th><td>\(counts.values.reduce(0, +))</td></tr>
            <tr><th>experiments</th><td>\(experiments.count) (\(decided.count) decided, \(experiments.count - decided.count) running)</td></tr>
            <tr><th>launched</th><td>\(decided.filter { $0.status == .launched }.count)</td></tr>
            <tr><th>awaiting approval</th><td>\(counts[.awaitingApproval] ?? 0)</td></tr>
            <tr><th>LLM tokens</th><td>\(tokens) (\(promptTokens) prompt, \(completionTokens) completion)</td></tr>
            <tr><th>LLM spend (USD)</th><td>\(SVGChart.escape(usdText))</td></tr>
            <tr><th>offline→online Kendall tau</th><td>\(tau) over \(calibration.pairs.count) decided experiment(s)</td></tr>
            </table>
            <h2>Production's north star</h2>
            <p>Per-user north star of the control arm (production) when each experiment ended; red diamonds are launches, at the treatment's value.</p>
            \(SVGChart.plot(northStar, xLabel: "time", yLabel: "north star per user", line: false, xIsDate: true))
            <h2>Offline gain against online lift</h2>
            <p>Each decided experiment: the relative offline gain it was selected with against its measured north-star lift (%). Red diamonds launched.</p>
            \(SVGChart.plot(scatter, xLabel: "offline gain (%)", yLabel: "online lift (%)", line: false))
            <h2>Candidates per persona</h2>
            \(SVGChart.stackedBars(fates, palette: Fate.palette))
            <h2>LLM spend</h2>
            <p>Cumulative tokens, and what they cost in US dollars at the model's price in Policies/budgets.yaml (the figure the budget gate enforces).</p>
            \(SVGChart.plot(spend, xLabel: "time", yLabel: "cumulative tokens", line: true, xIsDate: true))
            \(moneyChart)
            """
        page += "\n</body></html>\n"
        return page
    }

    /// Four decimals, so that a cheap model's fractions of a cent still show.
    static func dollars(_ usd: Double) -> String { String(format: "$%.4f", usd) }

    /// Lifecycle states grouped the way a reader asks about them.
    enum Fate: String, CaseIterable {
        case rejected = "invalid, duplicate or rejected", failed, waiting = "queued or training", scored, online = "in review or live"
        case launched, lost = "not launched or aborted"

        var states: Set<LifecycleState> {
            switch self {
            case .rejected: [.invalid, .duplicate, .proposed, .rejected]
            case .failed: [.failed]
            case .waiting: [.queued, .training]
            case .scored: [.scored]
            case .online: [.selected, .awaitingApproval, .approved, .live]
            case .launched: [.launched]
            case .lost: [.notLaunched, .aborted]
            }
        }

        static let palette: [String: String] = [
            Fate.rejected.rawValue: "#bbbbbb", Fate.failed.rawValue: "#ee7733", Fate.waiting.rawValue: "#dddd88",
            Fate.scored.rawValue: "#88bbdd", Fate.online.rawValue: "#aa88cc", Fate.launched.rawValue: "#229944", Fate.lost.rawValue: "#cc3311",
        ]
    }
}

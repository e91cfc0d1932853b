import Foundation
import KaizenCore

extension StatusSnapshot {
    /// The text form: one screen, the most urgent facts (production, what waits for a person,
    /// what is being spent) in fixed-prefix lines that scripts may grep.
    public var lines: [String] {
        var lines: [String] = []
        if let production {
            lines.append("production: config \(production.id) (\(production.action.rawValue)\(production.candidateID.map { " of \($0)" } ?? ""))")
            lines.append("  history (last \(recentHistory.count) of \(historyCount)):")
            for r in recentHistory {
                var line = "    \(r.id)  \(r.at.formatted(.iso8601))  \(r.action.rawValue)"
                if let c = r.candidateID { line += "  candidate \(c)" }
                line += "  by \(r.actor)"
                if let reason = r.reason { line += ": \(reason.prefix(120))" }
                lines.append(line)
            }
        } else {
            lines.append("production: the initial config (Policies/production.json); no online step has run yet")
        }
        let order = LifecycleState.allCases.filter { (counts[$0] ?? 0) > 0 }
        lines.append("candidates: " + (order.isEmpty ? "none" : order.map { "\($0.rawValue) \(counts[$0]!)" }.joined(separator: ", ")))
        lines.append("best candidates (by each persona's objective; gain over production):")
        for group in best {
            guard !group.entries.isEmpty else {
                lines.append("  \(group.persona.rawValue): none scored yet")
                continue
            }
            lines.append("  \(group.persona.rawValue):")
            for b in group.entries {
                lines.append("    \(b.candidate.id)  \(b.metric) \(String(format: "%.4f", b.value))  \(Percent.format(b.gain))  \(b.candidate.state.rawValue)  by \(b.candidate.proposer)")
            }
        }
        lines.append("experiments running: \(runningExperiments.count)")
        for e in runningExperiments { lines.append("  \(e.id)  candidate \(e.candidateID)  day \(e.lastDay + 1)  \(e.test)" + (e.lastError.map { "  error: \($0)" } ?? "")) }
        lines.append("awaiting approval: \(pendingApprovals.count)")
        for a in pendingApprovals { lines.append("  \(a.candidateID)  rules: \(a.rules.joined(separator: ", "))") }
        lines += budgetLines
        if calibration.pairs.isEmpty {
            lines.append("offline→online calibration: no decided experiment with a north-star estimate yet")
        } else {
            let tau = calibration.kendallTau.map { String(format: "%.2f", $0) } ?? "n/a (fewer than 2 distinct pairs)"
            lines.append("offline→online calibration: Kendall tau \(tau) over \(calibration.pairs.count) decided experiment(s)")
            let lost = calibration.wonOfflineLostOnline
            if !lost.isEmpty { lines.append("  won offline, lost online: " + lost.map(\.candidateID).joined(separator: ", ")) }
        }
        if let run = latestRun {
            var line = "latest run: \(run.id)  \(run.command)  \(run.status.rawValue)  started \(run.startedAt.formatted(.iso8601))"
            if let ended = run.endedAt { line += "  ended \(ended.formatted(.iso8601))" }
            lines.append(line)
            if let summary = run.summary { lines.append("  " + Self.summaryText(summary)) }
        } else {
            lines.append("latest run: none recorded yet")
        }
        return lines
    }

    var budgetLines: [String] {
        guard let b = budgets else { return ["budgets: unknown: \(budgetProblem ?? "no policy")"] }
        func usd(_ x: Double?) -> String { x.map { String(format: "$%.4f", $0) } ?? "unknown (model \(b.pricing.model) has no price in budgets.yaml)" }
        var lines = [
            "budgets today (UTC): LLM tokens \(b.tokensToday) of \(b.budgets.llmTokensPerDay); "
                + "spent \(usd(b.usdToday)) of \(String(format: "$%.2f", b.budgets.usdPerDay)) (model \(b.pricing.model)); "
                + "training jobs \(b.trainingJobsToday) of \(b.budgets.trainingJobsPerDay)",
        ]
        if let tokens = b.tokensThisRun {
            lines.append("  this run: LLM tokens \(tokens) of \(b.budgets.llmTokensPerRun); spent \(usd(b.usdThisRun)) of \(String(format: "$%.2f", b.budgets.usdPerRun))")
        }
        return lines
    }

    /// A run's stored summary as one line: its plain fields by name, as written (nested
    /// bookkeeping such as a resume checkpoint is left to `--json`).
    static func summaryText(_ summary: JSONValue) -> String {
        guard let fields = summary.objectValue else { return summary.canonicalText }
        return fields.keys.sorted().compactMap { key in
            let value = fields[key]!
            guard value.objectValue == nil, value.arrayValue == nil else { return nil }
            let text = value.stringValue ?? value.intValue.map(String.init) ?? value.canonicalText
            return "\(key.replacingOccurrences(of: "_", with: " ")) \(text)"
        }.joined(separator: ", ")
    }
}

import Foundation
import KaizenCore
import KaizenReview

/// The terminal forms of `kaizen review list` and `kaizen review show`.
enum ReviewText {
    static func queue(_ queue: [ReviewItem], now: Date) -> String {
        if queue.isEmpty { return "Nothing awaits approval." }
        return queue.map { item in
            let gain = item.offlineGain.map { Percent.format($0) } ?? "unknown"
            return """
                \(item.id)  \(item.candidate.persona.rawValue)  gain \(gain)  waiting \(ReviewQueue.ageText(item.age(at: now)))\(item.stale ? "  STALE" : "")
                    rules: \(item.rules.joined(separator: ", "))
                    hypothesis: \(item.candidate.hypothesis)
                """
        }.joined(separator: "\n")
    }

    static func review(_ r: CandidateReview) -> String {
        let c = r.candidate
        var lines = ["\(c.id)  \(c.persona.rawValue)  \(c.state.rawValue)  proposed by \(c.proposer) at \(c.createdAt.formatted(.iso8601))"]
        if r.stale { lines.append("STALE: production changed since it was proposed; re-train it or approve with --stale") }
        lines += ["", "Hypothesis: \(c.hypothesis)", "Rationale:  \(c.rationale.isEmpty ? "-" : c.rationale)"]
        lines += ["", "Change against production \(r.production.map { "config \($0.id)" } ?? "(none yet)"):"]
        lines += r.diff.text.split(separator: "\n").map { "  \($0)" }
        lines += ["", "Offline gain over production: \(r.offlineGain.map { Percent.format($0) } ?? "unknown")", "", "Proxy metrics (candidate, production, difference, spread over scored candidates):"]
        for m in r.metrics {
            func n(_ x: Double?) -> String { x.map { $0.isFinite ? ReviewFormat.number($0) : "-" } ?? "-" }
            let spread = m.spread.map { "sd \(ReviewFormat.number($0)) over \(m.spreadCount)" } ?? "-"
            lines.append("  \(m.name.padding(toLength: 16, withPad: " ", startingAt: 0)) \(n(m.candidate).leftPad(11)) \(n(m.production).leftPad(11)) \(n(m.difference).leftPad(11))  \(spread)")
        }
        lines += ["", "Training curve:"]
        if r.curves.isEmpty { lines.append("  (no per-epoch values)") }
        for curve in r.curves {
            let range = curve.values.isEmpty ? "" : "  \(ReviewFormat.number(curve.values.first!)) → \(ReviewFormat.number(curve.values.last!))"
            lines.append("  \(curve.name.padding(toLength: 14, withPad: " ", startingAt: 0)) \(Sparkline.render(curve.values))\(range)")
        }
        lines += ["", "Evidence cited:"]
        if r.evidence.isEmpty { lines.append("  (none)") }
        lines += r.evidence.map { "  \($0.id)  \($0.title)\($0.available ? "" : "  (no longer in the knowledge base)")" }
        lines += ["", "Risks:"] + r.risks.map { "  - \($0)" }
        lines += ["", "Similar past candidates:"]
        if r.similar.isEmpty { lines.append("  (none changed the same settings)") }
        lines += r.similar.map { "  \($0.id)  changed \($0.sharedKeys.joined(separator: ", ")); \($0.outcome)" }
        if let a = r.approval {
            lines += ["", "Approval: requested \(a.requestedAt.formatted(.iso8601)) by rules \(a.rules.joined(separator: ", "))"]
            if let d = a.decision { lines.append("  \(d.rawValue) by \(a.actor ?? "?")\(a.stale ? " (as stale)" : "")\(a.note.map { ": \($0)" } ?? "")") }
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    func leftPad(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

import Foundation
import KaizenCore
import KaizenReport
import KaizenReview

/// `/candidates/ID`: everything `kaizen review show` shows, and the decision forms.
enum CandidatePage {
    static func render(_ review: CandidateReview, reviewer: SessionReviewer, flash: String? = nil, error: String? = nil) -> String {
        let c = review.candidate
        var body = ""
        if let flash { body += "<p class=\"flash\">\(HTML.escape(flash))</p>" }
        if let error { body += "<p class=\"error\">\(HTML.escape(error))</p>" }
        body += "<p><span class=\"badge\" id=\"state\">\(HTML.escape(c.state.rawValue))</span> \(HTML.escape(c.persona.rawValue)) · proposed by \(HTML.escape(c.proposer)) at \(HTML.escape(c.createdAt.formatted(.iso8601)))"
        body += review.stale ? " <span class=\"badge stale\">stale: production changed since it was proposed</span>" : ""
        body += "</p>"
        body += "<h2>Hypothesis</h2><p class=\"hypothesis\">\(HTML.escape(c.hypothesis))</p>"
        body += "<h2>Rationale</h2><p>\(c.rationale.isEmpty ? "<span class=\"empty\">none given</span>" : HTML.escape(c.rationale))</p>"
        body += "<h2>Change against production</h2><pre class=\"diff\">" + diff(review.diff) + "</pre>"
        body += "<p>Offline gain over production: \(OverviewPage.gain(review.offlineGain))</p>"
        body += "<h2>Proxy metrics</h2>" + HTML.table(
            head: ["Metric", "Candidate", "Production", "Difference", "Spread (sd)"],
            rows: review.metrics.map { m in
                [HTML.escape(m.name), number(m.candidate), number(m.production), number(m.difference),
                 m.spread.map { "\(HTML.escape(ReviewFormat.number($0))) over \(m.spreadCount)" } ?? "<span class=\"empty\">-</span>"]
            },
            empty: "Not trained yet.")
        body += "<h2>Training curve</h2>"
        if review.curves.isEmpty { body += "<p class=\"empty\">No per-epoch values recorded.</p>" }
        let colours = ["#3366aa", "#cc6611", "#339944"]
        if !review.curves.isEmpty {
            body += SeriesChart.svg(review.curves.enumerated().map { .init(name: $1.name, colour: colours[$0 % colours.count], values: $1.values) }, xLabel: "epoch", yLabel: "loss", firstStep: 1)
            for curve in review.curves {
                body += "<p>\(HTML.escape(curve.name)) <span class=\"spark\">\(HTML.escape(Sparkline.render(curve.values)))</span></p>"
            }
        }
        body += "<h2>Evidence cited</h2>" + HTML.table(
            head: ["Document", "Title"],
            rows: review.evidence.map { [HTML.escape($0.id), HTML.escape($0.title) + ($0.available ? "" : " <span class=\"empty\">(no longer in the knowledge base)</span>")] },
            empty: "The proposal cited no documents.")
        body += "<h2>Risks</h2><ul>" + review.risks.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul>"
        body += "<h2>Similar past candidates</h2>" + HTML.table(
            head: ["Candidate", "Changed too", "Outcome", "Hypothesis"],
            rows: review.similar.map {
                ["<a href=\"/candidates/\(HTML.escape($0.id))\">\(HTML.escape($0.id))</a>", HTML.escape($0.sharedKeys.joined(separator: ", ")), HTML.escape($0.outcome), HTML.escape($0.hypothesis)]
            },
            empty: "None changed the same settings.")
        body += decision(review, reviewer: reviewer)
        return HTML.page(title: "Candidate \(c.id)", reviewer: reviewer, body: body)
    }

    static func decision(_ review: CandidateReview, reviewer: SessionReviewer) -> String {
        let id = HTML.escape(review.candidate.id)
        var html = "<h2>Decision</h2>"
        if let a = review.approval {
            html += "<p>Held by: \(HTML.escape(a.rules.joined(separator: ", "))) since \(HTML.escape(a.requestedAt.formatted(.iso8601))).</p>"
            if let d = a.decision {
                html += "<p id=\"decision\">\(HTML.escape(d.rawValue)) by \(HTML.escape(a.actor ?? "?"))\(a.stale ? " (as stale)" : "")\(a.note.map { ": " + HTML.escape($0) } ?? "")</p>"
            }
        }
        guard review.awaitingApproval else { return html + "<p>Not awaiting approval.</p>" }
        guard reviewer.reviewer.mayDecide else { return html + "<p>You are signed in as a viewer; an approver decides.</p>" }
        let csrf = HTML.csrfField(reviewer.csrf)
        html += "<form class=\"decide\" method=\"post\" action=\"/candidates/\(id)/approve\">\(csrf)"
        html += "<label for=\"note\">Note (optional)</label><textarea id=\"note\" name=\"note\" rows=\"2\"></textarea>"
        if review.stale {
            html += "<p><label><input type=\"checkbox\" name=\"stale\" value=\"1\"> Approve as stale: I know production changed since this was proposed.</label></p>"
        }
        html += "<button type=\"submit\" id=\"approve\">Approve</button></form>"
        html += "<form class=\"decide\" method=\"post\" action=\"/candidates/\(id)/reject\">\(csrf)"
        html += "<label for=\"reason\">Reason (required)</label><textarea id=\"reason\" name=\"reason\" rows=\"2\" required></textarea>"
        html += "<button type=\"submit\" id=\"reject\">Reject</button></form>"
        if review.stale {
            html += "<form class=\"decide\" method=\"post\" action=\"/candidates/\(id)/retrain\">\(csrf)<p>Or re-train the same change on the current production config (this one is closed as superseded).</p><button type=\"submit\" id=\"retrain\">Re-train</button></form>"
        }
        return html
    }

    static func diff(_ diff: ConfigDiff) -> String {
        if diff.lines.isEmpty { return "(no change)" }
        return diff.lines.map { line in
            var out = ""
            if let old = line.old { out += "<span class=\"del\">- \(HTML.escape(line.path)): \(HTML.escape(old.canonicalText))</span>\n" }
            if let new = line.new { out += "<span class=\"add\">+ \(HTML.escape(line.path)): \(HTML.escape(new.canonicalText))</span>\n" }
            return out
        }.joined()
    }

    static func number(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "<span class=\"empty\">-</span>" }
        return HTML.escape(ReviewFormat.number(x))
    }
}

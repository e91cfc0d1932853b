import Foundation
import KaizenCore
import KaizenReport
import KaizenReview
import KaizenStore

/// `/`: the approval queue, live experiments with their daily charts, and production.
enum OverviewPage {
    static func render(store: Store, reviewer: SessionReviewer, now: Date = Date()) throws(StoreError) -> String {
        var body = "<h2>Awaiting approval</h2>"
        let queue = try ReviewQueue.load(store: store)
        body += HTML.table(
            head: ["Candidate", "Persona", "Hypothesis", "Offline gain", "Rules", "Waiting"],
            rows: queue.map { item in
                [
                    "<a class=\"candidate\" href=\"/candidates/\(HTML.escape(item.id))\">\(HTML.escape(item.id))</a>" + (item.stale ? " <span class=\"badge stale\">stale</span>" : ""),
                    HTML.escape(item.candidate.persona.rawValue), HTML.escape(item.candidate.hypothesis),
                    gain(item.offlineGain), HTML.escape(item.rules.joined(separator: ", ")), HTML.escape(ReviewQueue.ageText(item.age(at: now))),
                ]
            },
            empty: "Nothing awaits approval.")

        body += "<h2>Live experiments</h2>"
        let live = try store.experiments(statuses: [.starting, .running])
        if live.isEmpty { body += "<p class=\"empty\">No experiment is live.</p>" }
        for experiment in live {
            let days = try store.experimentDays(experiment.id)
            body += "<h3>\(HTML.escape(experiment.id)) · <a href=\"/candidates/\(HTML.escape(experiment.candidateID))\">\(HTML.escape(experiment.candidateID))</a></h3>"
            body += "<p>\(HTML.escape(experiment.status.rawValue)), \(days.count) day(s), \(HTML.escape(Percent.format(experiment.trafficFraction, sign: false))) of users in treatment, north star \(HTML.escape(experiment.northStar)).</p>"
            let metrics = Set(days.flatMap { Array($0.control.keys) }).sorted { ($0 == experiment.northStar ? 0 : 1, $0) < ($1 == experiment.northStar ? 0 : 1, $1) }
            for metric in metrics.prefix(3) {
                body += "<figure>" + SeriesChart.svg([
                    .init(name: "control", colour: "#888888", values: days.map { $0.control[metric] ?? .nan }),
                    .init(name: "treatment", colour: "#3366aa", values: days.map { $0.treatment[metric] ?? .nan }),
                ], xLabel: "day", yLabel: metric) + "<figcaption>\(HTML.escape(metric)) per day</figcaption></figure>"
            }
        }

        body += "<h2>Production</h2>"
        let history = try store.productionHistory()
        if let current = history.last {
            body += "<p>Config \(current.id) (\(HTML.escape(current.action.rawValue)), fingerprint <code>\(HTML.escape(current.fingerprint))</code>)</p>"
            body += "<pre>\(HTML.escape(current.config.prettyText))</pre>"
        } else {
            body += "<p class=\"empty\">No production config yet: the first online step records it.</p>"
        }
        body += HTML.table(
            head: ["#", "Action", "Candidate", "By", "When", "Why"],
            rows: history.reversed().map { p in
                [
                    String(p.id), HTML.escape(p.action.rawValue),
                    p.candidateID.map { "<a href=\"/candidates/\(HTML.escape($0))\">\(HTML.escape($0))</a>" } ?? "",
                    HTML.escape(p.actor), HTML.escape(p.at.formatted(.iso8601)), HTML.escape(p.reason ?? ""),
                ]
            },
            empty: "No history yet.")
        return HTML.page(title: "Kaizen review", reviewer: reviewer, body: body)
    }

    static func gain(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "<span class=\"empty\">unknown</span>" }
        return "<span class=\"\(value >= 0 ? "good" : "bad")\">\(HTML.escape(Percent.format(value)))</span>"
    }
}

import Foundation
import KaizenStore

/// `/audit`: the newest entries of the append-only audit log.
enum AuditPage {
    static func render(_ entries: some Sequence<AuditEntry>, reviewer: SessionReviewer) -> String {
        let body = HTML.table(
            head: ["#", "When", "Who", "Action", "Subject", "Why"],
            rows: entries.map { e in
                [
                    String(e.id), HTML.escape(e.at.formatted(.iso8601)), HTML.escape(e.actor), HTML.escape(e.action),
                    e.subject.map { $0.hasPrefix("cand_") ? "<a href=\"/candidates/\(HTML.escape($0))\">\(HTML.escape($0))</a>" : HTML.escape($0) } ?? "",
                    HTML.escape(e.reason ?? ""),
                ]
            },
            empty: "The audit log is empty.")
        return HTML.page(title: "Audit log", reviewer: reviewer, body: body)
    }
}

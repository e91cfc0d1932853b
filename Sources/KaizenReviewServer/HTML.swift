/// HTML text building. Everything that came from a model, a person or the store goes through
/// `escape`; only markup this module writes itself (and charts from KaizenReport, which escape
/// their own labels) is added raw.
enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// The common page frame: navigation, who is signed in, and a sign-out form.
    static func page(title: String, reviewer: SessionReviewer?, body: String) -> String {
        var nav = "<nav><a href=\"/\">Overview</a> <a href=\"/audit\">Audit log</a> <a href=\"/report\">Report</a>"
        if let reviewer {
            nav += " <span class=\"who\">\(escape(reviewer.reviewer.name)) (\(reviewer.reviewer.role.rawValue))</span>"
            nav += "<form class=\"inline\" method=\"post\" action=\"/logout\">\(csrfField(reviewer.csrf))<button type=\"submit\">Sign out</button></form>"
        }
        nav += "</nav>"
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title)) · Kaizen review</title><link rel="stylesheet" href="/static/kaizen.css"></head>
            <body>\(nav)<main><h1>\(escape(title))</h1>
            \(body)
            </main></body></html>
            """
    }

    static func csrfField(_ token: String) -> String {
        "<input type=\"hidden\" name=\"csrf\" value=\"\(escape(token))\">"
    }

    static func table(head: [String], rows: [[String]], empty: String) -> String {
        guard !rows.isEmpty else { return "<p class=\"empty\">\(escape(empty))</p>" }
        var html = "<table><thead><tr>" + head.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead><tbody>"
        for row in rows { html += "<tr>" + row.map { "<td>\($0)</td>" }.joined() + "</tr>" }
        return html + "</tbody></table>"
    }
}

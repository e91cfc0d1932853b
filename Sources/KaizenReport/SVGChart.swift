import Foundation

/// Small inline SVG charts: no script, no external files, readable in any browser or mail
/// client. Coordinates are computed here; styling is plain attributes.
enum SVGChart {
    struct Point {
        var x: Double
        var y: Double
        var label: String
        var marked = false
    }

    static let width = 640.0, height = 260.0, margin = 44.0

    /// A scatter or line chart with axis ranges taken from the data; `marked` points are
    /// drawn as filled diamonds (launches), others as circles.
    static func plot(_ points: [Point], xLabel: String, yLabel: String, line: Bool, xIsDate: Bool = false) -> String {
        guard !points.isEmpty else { return empty("no data yet") }
        let xs = points.map(\.x), ys = points.map(\.y)
        let (x0, x1) = padded(xs.min()!, xs.max()!), (y0, y1) = padded(ys.min()!, ys.max()!)
        func px(_ x: Double) -> Double { margin + (x - x0) / (x1 - x0) * (width - 2 * margin) }
        func py(_ y: Double) -> Double { height - margin - (y - y0) / (y1 - y0) * (height - 2 * margin) }
        var svg = open()
        svg += axes(xLabel: xLabel, yLabel: yLabel)
        svg += tick(x: margin, y: height - margin + 14, text: xIsDate ? date(x0) : number(x0), anchor: "start")
        svg += tick(x: width - margin, y: height - margin + 14, text: xIsDate ? date(x1) : number(x1), anchor: "end")
        svg += tick(x: margin - 4, y: height - margin, text: number(y0), anchor: "end")
        svg += tick(x: margin - 4, y: margin + 4, text: number(y1), anchor: "end")
        if y0 < 0, y1 > 0 {
            svg += "<line x1=\"\(f(margin))\" y1=\"\(f(py(0)))\" x2=\"\(f(width - margin))\" y2=\"\(f(py(0)))\" stroke=\"#bbb\" stroke-dasharray=\"4 3\"/>"
        }
        if x0 < 0, x1 > 0 {
            svg += "<line x1=\"\(f(px(0)))\" y1=\"\(f(margin))\" x2=\"\(f(px(0)))\" y2=\"\(f(height - margin))\" stroke=\"#bbb\" stroke-dasharray=\"4 3\"/>"
        }
        if line, points.count > 1 {
            let path = points.map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " ")
            svg += "<polyline fill=\"none\" stroke=\"#3366aa\" stroke-width=\"1.5\" points=\"\(path)\"/>"
        }
        for p in points {
            let (x, y) = (px(p.x), py(p.y))
            if p.marked {
                svg += "<path d=\"M\(f(x)),\(f(y - 6)) L\(f(x + 6)),\(f(y)) L\(f(x)),\(f(y + 6)) L\(f(x - 6)),\(f(y)) Z\" fill=\"#cc3311\"><title>\(escape(p.label))</title></path>"
            } else {
                svg += "<circle cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"4\" fill=\"#3366aa\"><title>\(escape(p.label))</title></circle>"
            }
        }
        return svg + "</svg>"
    }

    /// Horizontal stacked bars: one row per group, one colour per category.
    static func stackedBars(_ rows: [(group: String, parts: [(category: String, count: Int)])], palette: [String: String]) -> String {
        let total = rows.map { $0.parts.reduce(0) { $0 + $1.count } }.max() ?? 0
        guard total > 0 else { return empty("no candidates yet") }
        let rowHeight = 28.0, left = 110.0
        let h = Double(rows.count) * rowHeight + 40
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(f(width)) \(f(h))\" width=\"\(f(width))\" height=\"\(f(h))\" font-family=\"sans-serif\" font-size=\"11\">"
        for (i, row) in rows.enumerated() {
            let y = 10 + Double(i) * rowHeight
            svg += tick(x: left - 6, y: y + 15, text: row.group, anchor: "end")
            var x = left
            for part in row.parts where part.count > 0 {
                let w = Double(part.count) / Double(total) * (width - left - 20)
                svg += "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(w))\" height=\"20\" fill=\"\(palette[part.category] ?? "#999")\"><title>\(escape(row.group)): \(part.count) \(escape(part.category))</title></rect>"
                x += w
            }
            svg += tick(x: x + 4, y: y + 15, text: String(row.parts.reduce(0) { $0 + $1.count }), anchor: "start")
        }
        var lx = left
        for (category, colour) in palette.sorted(by: { $0.key < $1.key }) {
            svg += "<rect x=\"\(f(lx))\" y=\"\(f(h - 22))\" width=\"10\" height=\"10\" fill=\"\(colour)\"/>"
            svg += tick(x: lx + 14, y: h - 13, text: category, anchor: "start")
            lx += 16 + Double(category.count) * 6.5
        }
        return svg + "</svg>"
    }

    static func open() -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"\(f(width))\" height=\"\(f(height))\" font-family=\"sans-serif\" font-size=\"11\">"
    }

    static func axes(xLabel: String, yLabel: String) -> String {
        "<line x1=\"\(f(margin))\" y1=\"\(f(height - margin))\" x2=\"\(f(width - margin))\" y2=\"\(f(height - margin))\" stroke=\"#333\"/>"
            + "<line x1=\"\(f(margin))\" y1=\"\(f(margin))\" x2=\"\(f(margin))\" y2=\"\(f(height - margin))\" stroke=\"#333\"/>"
            + tick(x: width / 2, y: height - 8, text: xLabel, anchor: "middle")
            + "<text x=\"12\" y=\"\(f(height / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 12 \(f(height / 2)))\">\(escape(yLabel))</text>"
    }

    static func empty(_ text: String) -> String {
        open() + tick(x: width / 2, y: height / 2, text: text, anchor: "middle") + "</svg>"
    }

    static func tick(x: Double, y: Double, text: String, anchor: String) -> String {
        "<text x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\">\(escape(text))</text>"
    }

    static func padded(_ a: Double, _ b: Double) -> (Double, Double) {
        if a == b { return (a - max(1, abs(a) * 0.1), b + max(1, abs(b) * 0.1)) }
        let pad = (b - a) * 0.05
        return (a - pad, b + pad)
    }

    static func f(_ x: Double) -> String { String(format: "%.1f", x) }
    static func number(_ x: Double) -> String { abs(x) >= 1000 ? String(format: "%.0f", x) : String(format: "%.3g", x) }
    static func date(_ t: Double) -> String { Date(timeIntervalSince1970: t).formatted(.iso8601.year().month().day()) }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

import Foundation

/// Line charts of several series over the same steps (days of an experiment, epochs of a
/// training run), as inline SVG with plain attributes: no script, no style attributes, so it
/// renders under a Content-Security-Policy without `unsafe-inline`.
public enum SeriesChart {
    public struct Series: Sendable {
        public var name: String
        /// An SVG colour such as `#3366aa`.
        public var colour: String
        /// One value per step; non-finite values leave a gap.
        public var values: [Double]

        public init(name: String, colour: String, values: [Double]) {
            self.name = name
            self.colour = colour
            self.values = values
        }
    }

    /// The chart; text in it (names, labels) is escaped.
    public static func svg(_ series: [Series], xLabel: String, yLabel: String, firstStep: Int = 0) -> String {
        typealias C = SVGChart
        let values = series.flatMap(\.values).filter(\.isFinite)
        let steps = series.map(\.values.count).max() ?? 0
        guard let low = values.min(), let high = values.max(), steps > 0 else { return C.empty("no data yet") }
        let (y0, y1) = C.padded(low, high)
        let x1 = Double(max(1, steps - 1))
        func px(_ i: Int) -> Double { C.margin + Double(i) / x1 * (C.width - 2 * C.margin) }
        func py(_ y: Double) -> Double { C.height - C.margin - (y - y0) / (y1 - y0) * (C.height - 2 * C.margin) }
        var svg = C.open() + C.axes(xLabel: xLabel, yLabel: yLabel)
        svg += C.tick(x: C.margin, y: C.height - C.margin + 14, text: String(firstStep), anchor: "start")
        svg += C.tick(x: C.width - C.margin, y: C.height - C.margin + 14, text: String(firstStep + steps - 1), anchor: "end")
        svg += C.tick(x: C.margin - 4, y: C.height - C.margin, text: C.number(y0), anchor: "end")
        svg += C.tick(x: C.margin - 4, y: C.margin + 4, text: C.number(y1), anchor: "end")
        for (k, s) in series.enumerated() {
            var run: [String] = []
            func flush() {
                if run.count > 1 { svg += "<polyline fill=\"none\" stroke=\"\(C.escape(s.colour))\" stroke-width=\"1.5\" points=\"\(run.joined(separator: " "))\"/>" }
                run = []
            }
            for (i, v) in s.values.enumerated() {
                guard v.isFinite else { flush(); continue }
                run.append("\(C.f(px(i))),\(C.f(py(v)))")
                svg += "<circle cx=\"\(C.f(px(i)))\" cy=\"\(C.f(py(v)))\" r=\"2.5\" fill=\"\(C.escape(s.colour))\"><title>\(C.escape(s.name)) step \(firstStep + i): \(C.number(v))</title></circle>"
            }
            flush()
            let ly = C.margin - 14
            let lx = C.margin + 10 + Double(k) * 150
            svg += "<rect x=\"\(C.f(lx))\" y=\"\(C.f(ly - 9))\" width=\"10\" height=\"10\" fill=\"\(C.escape(s.colour))\"/>"
            svg += C.tick(x: lx + 14, y: ly, text: s.name, anchor: "start")
        }
        return svg + "</svg>"
    }
}

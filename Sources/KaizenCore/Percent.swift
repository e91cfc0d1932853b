import Foundation

/// "+1.23%" style numbers for reasons, tables, prompts and reports; "n/a" when not finite.
public enum Percent {
    public static func format(_ x: Double, sign: Bool = true) -> String {
        guard x.isFinite else { return "n/a" }
        let text = String(format: "%.2f%%", abs(x) * 100)
        return sign ? (x < 0 ? "-" : "+") + text : text
    }
}

import Foundation

/// Number formatting shared by the terminal and the web page.
public enum ReviewFormat {
    /// Four decimals, or scientific notation for very large or very small magnitudes.
    public static func number(_ x: Double) -> String {
        abs(x) >= 1e5 || (abs(x) < 1e-3 && x != 0) ? String(format: "%.3e", x) : String(format: "%.4f", x)
    }
}

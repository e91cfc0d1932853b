import Foundation

extension Double {
    /// Rounded to `digits` significant digits, so sampled floats print short in JSON
    /// (`0.003162`, not `0.0031622776601683794`).
    func rounded(significantDigits digits: Int) -> Double {
        guard isFinite, self != 0 else { return self }
        let exponent = digits - 1 - Int(floor(log10(Swift.abs(self))))
        // Dividing an exact integer by an exact power of ten gives the nearest double to
        // the decimal, so the value prints with no trailing noise.
        if exponent >= 0 {
            let scale = pow(10, Double(exponent))
            return (self * scale).rounded() / scale
        }
        let scale = pow(10, Double(-exponent))
        return (self / scale).rounded() * scale
    }
}

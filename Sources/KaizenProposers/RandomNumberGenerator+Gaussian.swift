import Foundation

extension RandomNumberGenerator {
    /// A standard normal draw (Box–Muller), for mutation steps in normalized space.
    mutating func nextGaussian() -> Double {
        let u1 = Double.random(in: Double.leastNormalMagnitude..<1, using: &self)
        let u2 = Double.random(in: 0..<1, using: &self)
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}

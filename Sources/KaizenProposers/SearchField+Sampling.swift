import Foundation
import KaizenCore
import KaizenSearchSpace

extension SearchField {
    /// A uniform draw from the field's legal values: log-uniform for `scale: log` floats;
    /// floats rounded to 4 significant digits so JSON stays short. An int_list gets a
    /// uniform length, then widths drawn log-uniformly and snapped to a power of two when
    /// the range holds one (the widths people actually try); otherwise uniform integers.
    func randomValue(using rng: inout some RandomNumberGenerator) -> JSONValue {
        switch kind {
        case .choice(let values):
            return values.randomElement(using: &rng)!
        case .bool:
            return .bool(Bool.random(using: &rng))
        case .int(let min, let max):
            return .number(Double(Int.random(in: min...max, using: &rng)))
        case .float:
            let scale = kind.numericScale!
            return .number(Self.shortFloat(scale.value(at: Double.random(in: 0...1, using: &rng)), in: scale))
        case .intList(let minLength, let maxLength, let min, let max):
            let count = Int.random(in: minLength...maxLength, using: &rng)
            return .array((0..<count).map { _ in .number(Double(Self.randomWidth(min: min, max: max, using: &rng))) })
        }
    }

    /// `value` when it is legal; otherwise the nearest legal number, or a random value when
    /// there is none (a history delta or a base config may hold anything).
    func legalized(_ value: JSONValue?, using rng: inout some RandomNumberGenerator) -> JSONValue {
        guard let value else { return randomValue(using: &rng) }
        if problem(with: value) == nil { return value }
        switch kind {
        case .int(let min, let max):
            guard let x = value.doubleValue, x.isFinite else { break }
            return .number(Double(Swift.min(max, Swift.max(min, Int(x.rounded())))))
        case .float:
            guard let x = value.doubleValue, x.isFinite else { break }
            return .number(kind.numericScale!.clamp(x))
        default:
            break
        }
        return randomValue(using: &rng)
    }

    /// A float rounded to 4 significant digits and kept inside the range.
    static func shortFloat(_ x: Double, in scale: NumericScale) -> Double {
        scale.clamp(x.rounded(significantDigits: 4))
    }

    static func randomWidth(min: Int, max: Int, using rng: inout some RandomNumberGenerator) -> Int {
        let powers = powersOfTwo(min: min, max: max)
        guard min > 0, !powers.isEmpty else { return Int.random(in: min...max, using: &rng) }
        let scale = NumericScale(lower: Double(min), upper: Double(max), logarithmic: true)
        return nearestPowerOfTwo(to: scale.value(at: Double.random(in: 0...1, using: &rng)), in: powers)
    }

    static func powersOfTwo(min: Int, max: Int) -> [Int] {
        var out: [Int] = []
        var p = 1
        while p <= max {
            if p >= min { out.append(p) }
            if p > Int.max / 2 { break }
            p *= 2
        }
        return out
    }

    /// The power of two (from `powers`, ascending) nearest to `x` in log space.
    static func nearestPowerOfTwo(to x: Double, in powers: [Int]) -> Int {
        powers.min { Swift.abs(log2(Double($0)) - log2(x)) < Swift.abs(log2(Double($1)) - log2(x)) }!
    }
}

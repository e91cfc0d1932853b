import KaizenCore
import KaizenSearchSpace

extension SearchField {
    /// A nearby legal value, for evolutionary mutation. Numbers take a Gaussian step of
    /// standard deviation `step` in normalized (or log) space, clamped to the range; an int
    /// always moves by at least one. A choice takes another value; a bool flips. An
    /// int_list doubles or halves one width, duplicates a layer, or drops one, within limits.
    /// `value` should be legal (see `legalized`).
    func mutated(_ value: JSONValue, step: Double, using rng: inout some RandomNumberGenerator) -> JSONValue {
        switch kind {
        case .choice(let values):
            return values.filter { $0 != value }.randomElement(using: &rng) ?? value
        case .bool:
            return .bool(!(value.boolValue ?? false))
        case .int(let min, let max):
            guard min < max, let scale = kind.numericScale else { return value }
            let x = value.intValue ?? min
            let move = step * rng.nextGaussian()
            var n = Int(scale.value(at: scale.position(of: Double(x)) + move).rounded())
            if n == x { n = move >= 0 ? (x < max ? x + 1 : x - 1) : (x > min ? x - 1 : x + 1) }
            return .number(Double(Swift.min(max, Swift.max(min, n))))
        case .float:
            guard let scale = kind.numericScale, let x = value.doubleValue else { return randomValue(using: &rng) }
            let u = Swift.min(1, Swift.max(0, scale.position(of: x))) + step * rng.nextGaussian()
            return .number(Self.shortFloat(scale.value(at: u), in: scale))
        case .intList(let minLength, let maxLength, let min, let max):
            var widths = (value.arrayValue ?? []).compactMap(\.intValue)
            // Which changes keep the list legal: resize a width, add a layer, drop a layer.
            let canResize = !widths.isEmpty && min < max
            let canAdd = widths.count < maxLength
            let canRemove = widths.count > minLength
            let options = [canResize, canAdd, canRemove].enumerated().filter(\.element).map(\.offset)
            switch options.randomElement(using: &rng) {
            case 0:
                let i = Int.random(in: widths.indices, using: &rng)
                let up = Swift.min(max, Swift.max(min, widths[i] * 2))
                let down = Swift.min(max, Swift.max(min, widths[i] / 2))
                let preferUp = Bool.random(using: &rng)
                widths[i] = preferUp ? (up != widths[i] ? up : down) : (down != widths[i] ? down : up)
            case 1:
                let at = Int.random(in: 0...widths.count, using: &rng)
                let neighbour = at > 0 ? widths[at - 1] : widths.first
                widths.insert(neighbour ?? Self.randomWidth(min: min, max: max, using: &rng), at: at)
            case 2:
                widths.remove(at: Int.random(in: widths.indices, using: &rng))
            default:
                break
            }
            return .array(widths.map { .number(Double($0)) })
        }
    }
}

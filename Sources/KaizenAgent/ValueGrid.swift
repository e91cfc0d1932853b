import Foundation
import KaizenCore
import KaizenSearchSpace

/// The values a schema offers for a field. llama.cpp's grammar enforces enums and list
/// lengths but ignores numeric bounds, so every number is offered as an explicit grid: a
/// constrained decoder cannot produce an illegal value, and a strong model loses little.
enum ValueGrid {
    static func values(for field: SearchField, production: JSONValue?) -> [JSONValue] {
        var out: [JSONValue]
        switch field.kind {
        case .choice(let values): out = values
        case .bool: out = [.bool(false), .bool(true)]
        case .int(let lo, let hi):
            out = hi - lo <= 16 ? (lo...hi).map { .number(Double($0)) } : powersOfTwo(lo, hi).map { .number(Double($0)) }
        case .float(let lo, let hi, let log):
            out = (log && lo > 0 ? logGrid(lo, hi) : linearGrid(lo, hi)).map(JSONValue.number)
        case .intList(_, _, let lo, let hi):
            out = powersOfTwo(lo, hi).map { .number(Double($0)) }
        }
        if let production, field.problem(with: production) == nil, !out.contains(production), production.arrayValue == nil {
            out.append(production)
            out.sort { ($0.doubleValue ?? 0) < ($1.doubleValue ?? 0) }
        }
        return out
    }

    /// 1-2-5 style steps on a log scale, e.g. 1e-5, 3e-5, 1e-4, ... within [lo, hi].
    static func logGrid(_ lo: Double, _ hi: Double) -> [Double] {
        var out: [Double] = []
        var decade = pow(10, floor(log10(lo)))
        while decade <= hi {
            for m in [1.0, 3.0] {
                let x = (m * decade * 1e12).rounded() / 1e12
                if x >= lo, x <= hi { out.append(x) }
            }
            decade *= 10
        }
        if out.last != hi { out.append(hi) }
        return out
    }

    /// About ten evenly spaced round numbers, plus both ends.
    static func linearGrid(_ lo: Double, _ hi: Double) -> [Double] {
        let raw = (hi - lo) / 10
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2.0, 5.0, 10.0].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        var out: [Double] = []
        var k = 0.0
        while lo + k * step <= hi + 1e-12 {
            out.append(((lo + k * step) * 1e9).rounded() / 1e9)
            k += 1
        }
        if out.last.map({ abs($0 - hi) > 1e-12 }) ?? true { out.append(hi) }
        return out
    }

    static func powersOfTwo(_ lo: Int, _ hi: Int) -> [Int] {
        var out = [lo]
        var p = 1
        while p <= hi {
            if p > lo { out.append(p) }
            p *= 2
        }
        if out.last != hi { out.append(hi) }
        return out
    }
}

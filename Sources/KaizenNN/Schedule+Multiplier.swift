#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Schedule {
    /// The factor on the base learning rate at 0-based step `step` of `totalSteps`.
    /// Steps past the end keep the last value.
    func multiplier(step: Int, totalSteps: Int) -> Float {
        let total = max(1, totalSteps)
        let s = min(max(0, step), total)
        switch self {
        case .constant:
            return 1
        case .cosine:
            return Float(0.5 * (1 + cos(Double.pi * Double(s) / Double(total))))
        case .step:
            if s >= total * 3 / 4 { return 0.01 }
            if s >= total / 2 { return 0.1 }
            return 1
        case .warmupCosine:
            let warmup = max(1, total / 20)
            if s < warmup { return Float(s + 1) / Float(warmup) }
            let span = max(1, total - warmup)
            return Float(0.5 * (1 + cos(Double.pi * Double(min(s - warmup, span)) / Double(span))))
        }
    }
}

import Dispatch
import Foundation

/// Fork-join over the machine's cores on GCD's pool: the encoder's batch is split into
/// per-core parts (row ranges, attention heads) that touch disjoint memory.
enum WorkSplit {
    static let coreCount = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Runs `body(part)` for `part` in `0..<parts`, concurrently when there is more than one.
    static func run(parts: Int, _ body: (Int) -> Void) {
        if parts <= 1 {
            if parts == 1 { body(0) }
            return
        }
        withoutActuallyEscaping(body) { body in
            let work = UncheckedBody(body: body)
            DispatchQueue.concurrentPerform(iterations: parts) { work.body($0) }
        }
    }

    /// Part `part` of `0..<total` cut into `parts` nearly equal contiguous ranges.
    static func range(_ total: Int, part: Int, of parts: Int) -> Range<Int> {
        let base = total / parts, extra = total % parts
        let start = part * base + min(part, extra)
        return start..<(start + base + (part < extra ? 1 : 0))
    }

    /// The closure handed to the pool; callers guarantee its parts touch disjoint state.
    private struct UncheckedBody: @unchecked Sendable {
        let body: (Int) -> Void
    }
}

import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Two-way fork-join for the two towers, on GCD's thread pool.
enum Parallel {
    /// Whether the machine has a second core to use.
    static let isAvailable: Bool = sysconf(Int32(_SC_NPROCESSORS_ONLN)) > 1

    /// Below this batch size a fork-join costs more than it saves.
    static let minimumBatch = 32

    /// Runs both closures, concurrently when `parallel` and a second core exists, and returns
    /// when both are done. The closures must touch disjoint state.
    static func run(_ parallel: Bool, _ first: () -> Void, _ second: () -> Void) {
        guard parallel, isAvailable else {
            first()
            second()
            return
        }
        withoutActuallyEscaping(first) { first in
            withoutActuallyEscaping(second) { second in
                let work = UncheckedPair(first: first, second: second)
                DispatchQueue.concurrentPerform(iterations: 2) { index in
                    if index == 0 { work.first() } else { work.second() }
                }
            }
        }
    }

    /// The two closures, handed to the pool; `run` guarantees they touch disjoint state.
    private struct UncheckedPair: @unchecked Sendable {
        let first: () -> Void
        let second: () -> Void
    }
}

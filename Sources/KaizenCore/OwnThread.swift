import Foundation

/// Runs seconds of synchronous work (training, simulation) on a thread of its own: on
/// Swift's cooperative pool (one thread per core) it would stall every other task of the
/// process, such as LLM requests, sandboxed jobs and polls running at the same time.
public func runOnOwnThread<T: Sendable>(name: String, _ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: body()) }
        thread.name = name
        thread.stackSize = 8 << 20
        thread.start()
    }
}

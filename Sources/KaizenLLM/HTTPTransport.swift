import CCurl
import Foundation
import KaizenCore
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP exchange over libcurl's easy interface, on a thread of its own, with a hard
/// deadline and working cancellation.
///
/// Not URLSession: on Linux its libcurl driver spins on socket writability while it waits
/// for a response (measured: one core at 100%, ~4,000 wake-ups a second per request). With
/// the embedded LLM on the same two cores, that spin cut generation from ~40 to 0.5 tokens/s.
/// A blocking `curl_easy_perform` sleeps in poll() instead. Idle handles are kept, so
/// connections are reused.
final class HTTPTransport: Sendable {
    enum Failure: Error {
        case timedOut
        case cancelled
        case connection(String)
    }

    private let idle = Mutex<[CurlHandle]>([])

    init() {
        CurlGlobal.ensureInitialized()
    }

    func send(_ request: URLRequest, timeout: Duration) async throws(Failure) -> (Data, HTTPURLResponse) {
        let exchange = CurlExchange()
        let handle = idle.withLock { $0.popLast() } ?? CurlHandle()
        let result: Result<(Data, HTTPURLResponse), Failure> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let box = UnsafeTransfer(handle: handle, request: request)
                let thread = Thread {
                    continuation.resume(returning: box.handle.perform(box.request, timeout: timeout, exchange: exchange))
                }
                thread.name = "kaizen-http"
                thread.start()
            }
        } onCancel: {
            exchange.cancel()
        }
        idle.withLock { if $0.count < 16 { $0.append(handle) } }
        return try result.get()
    }
}

/// Hands a handle and a request to the exchange thread; only that thread uses them.
private struct UnsafeTransfer: @unchecked Sendable {
    let handle: CurlHandle
    let request: URLRequest
}

/// `curl_global_init` must run once, before any other thread uses libcurl.
enum CurlGlobal {
    private static let initialized: Bool = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        return true
    }()

    static func ensureInitialized() { _ = initialized }
}

/// What the callbacks fill in during one exchange, and its cancellation flag.
final class CurlExchange: @unchecked Sendable {
    private let cancelled = Atomic<Bool>(false)
    var body = Data()
    var headerLines: [String] = []

    func cancel() { cancelled.store(true, ordering: .relaxed) }
    var isCancelled: Bool { cancelled.load(ordering: .relaxed) }
}

import Foundation
import KaizenCore
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP exchange over URLSession (libcurl on Linux) with a hard deadline and working
/// cancellation: the data task is cancelled when the Swift task is, or when time runs out.
final class HTTPTransport: Sendable {
    enum Failure: Error {
        case timedOut
        case cancelled
        case connection(String)
    }

    let session: URLSession

    init(session: URLSession? = nil) {
        if let session {
            self.session = session
        } else {
            let configuration = URLSessionConfiguration.ephemeral
            configuration.httpMaximumConnectionsPerHost = 16
            configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
            configuration.urlCache = nil
            self.session = URLSession(configuration: configuration)
        }
    }

    func send(_ request: URLRequest, timeout: Duration) async throws(Failure) -> (Data, HTTPURLResponse) {
        let exchange = Exchange()
        var request = request
        request.timeoutInterval = timeout.seconds + 1
        do {
            return try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<(Data, HTTPURLResponse), any Error>) in
                    let task = session.dataTask(with: request) { data, response, error in
                        if let error {
                            let outcome = exchange.finish()
                            if outcome == .timedOut {
                                continuation.resume(throwing: Failure.timedOut)
                            } else if outcome == .cancelled || (error as? URLError)?.code == .cancelled {
                                continuation.resume(throwing: Failure.cancelled)
                            } else if (error as? URLError)?.code == .timedOut {
                                continuation.resume(throwing: Failure.timedOut)
                            } else {
                                continuation.resume(throwing: Failure.connection(Self.describe(error)))
                            }
                        } else if let response = response as? HTTPURLResponse {
                            _ = exchange.finish()
                            continuation.resume(returning: (data ?? Data(), response))
                        } else {
                            _ = exchange.finish()
                            continuation.resume(throwing: Failure.connection("no HTTP response"))
                        }
                    }
                    exchange.start(task)
                    DispatchQueue.global().asyncAfter(deadline: .now() + timeout.seconds) { exchange.expire() }
                }
            } onCancel: {
                exchange.cancel()
            }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw .connection("\(error)")
        }
    }

    static func describe(_ error: any Error) -> String {
        if let urlError = error as? URLError {
            return "\(urlError.localizedDescription) (URLError \(urlError.code.rawValue))"
        }
        return (error as NSError).localizedDescription
    }
}

/// The state of one data task, shared between URLSession's callback, the watchdog and the
/// cancellation handler; whichever ends it first decides how it is reported.
final class Exchange: Sendable {
    enum Outcome: Equatable { case pending, timedOut, cancelled, finished }
    struct State {
        var task: URLSessionDataTask?
        var outcome: Outcome = .pending
    }
    let state = Mutex(State())

    func start(_ task: URLSessionDataTask) {
        let alreadyCancelled = state.withLock { state in
            state.task = task
            return state.outcome == .cancelled
        }
        if alreadyCancelled { task.cancel() } else { task.resume() }
    }

    func expire() { end(as: .timedOut) }
    func cancel() { end(as: .cancelled) }

    private func end(as outcome: Outcome) {
        let task: URLSessionDataTask? = state.withLock { state in
            guard state.outcome == .pending else { return nil }
            state.outcome = outcome
            return state.task
        }
        task?.cancel()
    }

    /// Marks the exchange finished and returns how it ended.
    func finish() -> Outcome {
        state.withLock { state in
            if state.outcome == .pending { state.outcome = .finished }
            state.task = nil
            return state.outcome
        }
    }
}

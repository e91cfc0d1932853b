import Foundation
import KaizenCore
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension LLMClient {
    /// Sends one request with retries and records every attempt. `interpret` turns a parsed
    /// 2xx envelope into the result; the errors it throws about content are final.
    func perform<T>(
        kind: String, path: String, method: String, body: JSONValue?, purpose: String?, runID: String?,
        attemptsOut: ((Int) -> Void)? = nil,
        interpret: (JSONValue) throws(LLMError) -> (T, (Int?, Int?))
    ) async throws(LLMError) -> T {
        do { try await limiter.acquire() } catch { throw .cancelled }
        defer { Task { await limiter.release() } }

        let url = endpoint.baseURL.appendingPathComponent(path)
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let body {
            request.httpBody = Data(body.canonicalText.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let key = endpoint.apiKey { request.setValue("Bearer \(key.value)", forHTTPHeaderField: "Authorization") }

        var attempt = 0
        while true {
            attempt += 1
            attemptsOut?(attempt)
            let startedAt = Date()
            let start = ContinuousClock.now
            var status: Int?
            var usage: (Int?, Int?) = (nil, nil)
            var retryAfter: Duration?
            let outcome: Result<T, LLMError>
            if let failure = await probeIfNeeded() {
                outcome = .failure(failure)
            } else {
                do {
                    let (data, response) = try await transport.send(request, timeout: endpoint.requestTimeout)
                    status = response.statusCode
                    if (200..<300).contains(response.statusCode) {
                        outcome = interpretBody(data, usage: &usage, interpret: interpret)
                    } else {
                        retryAfter = Self.retryAfter(response.value(forHTTPHeaderField: "Retry-After"))
                        let text = String(decoding: data.prefix(4000), as: UTF8.self)
                        outcome = .failure(.http(endpoint: endpoint.endpointText, status: response.statusCode, body: redact(text)))
                    }
                } catch {
                    switch error {
                    case .cancelled:
                        outcome = .failure(.cancelled)
                    case .timedOut:
                        outcome = .failure(.timeout(endpoint: endpoint.endpointText, after: endpoint.requestTimeout))
                    case .connection(let detail):
                        needsProbe.withLock { $0 = true }
                        outcome = .failure(.connection(endpoint: endpoint.endpointText, detail: redact(detail)))
                    }
                }
            }
            let error: LLMError? = if case .failure(let e) = outcome { e } else { nil }
            await recorder?.record(LLMCallRecord(
                endpoint: endpoint.endpointText, model: endpoint.model, kind: kind, attempt: attempt, status: status,
                errorClass: error?.errorClass, promptTokens: usage.0, completionTokens: usage.1,
                latency: ContinuousClock.now - start, startedAt: startedAt, purpose: purpose, runID: runID))
            switch outcome {
            case .success(let value):
                return value
            case .failure(let error):
                guard error.isRetryable, attempt <= endpoint.maxRetries, !Task.isCancelled else { throw error }
                let delay = retryAfter.map { min($0, .seconds(300)) } ?? backoff(attempt: attempt)
                logger.warning("LLM request failed; retrying", metadata: [
                    "endpoint": "\(endpoint.endpointText)", "kind": "\(kind)", "attempt": "\(attempt)",
                    "error": "\(error.errorClass)", "retry_in": "\(delay)",
                ])
                do { try await sleep(delay) } catch { throw .cancelled }
            }
        }
    }

    private func interpretBody<T>(_ data: Data, usage: inout (Int?, Int?), interpret: (JSONValue) throws(LLMError) -> (T, (Int?, Int?))) -> Result<T, LLMError> {
        let envelope: JSONValue
        do {
            envelope = try JSONValue.parse(data)
        } catch {
            let raw = String(decoding: data.prefix(2000), as: UTF8.self)
            return .failure(.badResponse(endpoint: endpoint.endpointText, detail: "body is not JSON (\(error.message))", raw: raw))
        }
        usage = Self.usage(envelope)
        do {
            let (value, counted) = try interpret(envelope)
            if counted.0 != nil || counted.1 != nil { usage = counted }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }

    /// Full-jitter exponential backoff: a random wait up to initial × 2^(attempt−1), capped.
    func backoff(attempt: Int) -> Duration {
        let ceiling = min(endpoint.maxBackoff.seconds, endpoint.initialBackoff.seconds * pow(2, Double(attempt - 1)))
        return .milliseconds(Int(Double.random(in: 0...max(0.001, ceiling)) * 1000))
    }

    /// `Retry-After` as seconds or as an HTTP date.
    static func retryAfter(_ header: String?) -> Duration? {
        guard let header = header?.trimmingCharacters(in: .whitespaces), !header.isEmpty else { return nil }
        if let seconds = Double(header), seconds >= 0 { return .milliseconds(Int(seconds * 1000)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: header) else { return nil }
        return .milliseconds(Int(max(0, date.timeIntervalSinceNow) * 1000))
    }

    func redact(_ text: String) -> String { endpoint.apiKey?.redact(text) ?? text }

    /// Probes the TCP connection when due; nil when the host accepted it.
    private func probeIfNeeded() async -> LLMError? {
        guard needsProbe.withLock({ $0 }), let host = endpoint.baseURL.host else { return nil }
        let port = endpoint.baseURL.port ?? (endpoint.baseURL.scheme == "https" ? 443 : 80)
        let timeout = endpoint.connectTimeout
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<TCPProbe.Result, Never>) in
            DispatchQueue.global().async { continuation.resume(returning: TCPProbe.check(host: host, port: port, timeout: timeout)) }
        }
        switch result {
        case .reachable:
            needsProbe.withLock { $0 = false }
            return nil
        case .refused(let detail):
            return .connection(endpoint: endpoint.endpointText, detail: detail)
        case .timedOut:
            return .connection(endpoint: endpoint.endpointText, detail: "no TCP connection within \(timeout)")
        }
    }
}

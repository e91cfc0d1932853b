import CCurl
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A libcurl easy handle, reused across exchanges (one at a time) so connections persist.
final class CurlHandle: @unchecked Sendable {
    private let handle: UnsafeMutableRawPointer?

    init() {
        handle = curl_easy_init()
    }

    deinit {
        if let handle { curl_easy_cleanup(handle) }
    }

    func perform(_ request: URLRequest, timeout: Duration, exchange: CurlExchange) -> Result<(Data, HTTPURLResponse), HTTPTransport.Failure> {
        guard let handle, let url = request.url else { return .failure(.connection("could not create a libcurl handle")) }
        if exchange.isCancelled { return .failure(.cancelled) }
        curl_easy_reset(handle)
        var headers: UnsafeMutablePointer<curl_slist>?
        // libcurl would send "Expect: 100-continue" for larger bodies and wait for a reply
        // many servers never send.
        headers = curl_slist_append(headers, "Expect:")
        for (name, value) in request.allHTTPHeaderFields ?? [:] { headers = curl_slist_append(headers, "\(name): \(value)") }
        defer { curl_slist_free_all(headers) }

        let milliseconds = max(1, Int(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000))
        _ = kz_curl_setopt_string(handle, CURLOPT_URL, url.absoluteString)
        _ = kz_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = kz_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, milliseconds)
        _ = kz_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, milliseconds)
        _ = kz_curl_setopt_pointer(handle, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(headers))
        let method = request.httpMethod ?? "GET"
        if let body = request.httpBody, method != "GET" {
            _ = kz_curl_setopt_long(handle, CURLOPT_POST, 1)
            _ = kz_curl_setopt_size(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
            body.withUnsafeBytes { bytes in
                _ = kz_curl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!))
            }
        } else {
            _ = kz_curl_setopt_long(handle, CURLOPT_HTTPGET, 1)
        }
        if method != "GET" && method != "POST" { _ = kz_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method) }

        let context = Unmanaged.passUnretained(exchange).toOpaque()
        _ = kz_curl_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION) { data, size, count, context in
            let exchange = Unmanaged<CurlExchange>.fromOpaque(context!).takeUnretainedValue()
            if let data { exchange.body.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: size * count) }
            return size * count
        }
        _ = kz_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
        _ = kz_curl_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION) { data, size, count, context in
            let exchange = Unmanaged<CurlExchange>.fromOpaque(context!).takeUnretainedValue()
            if let data {
                let line = String(decoding: UnsafeRawBufferPointer(start: data, count: size * count), as: UTF8.self)
                // A new status line starts a new header block (after 100 Continue or a redirect).
                if line.hasPrefix("HTTP/") { exchange.headerLines.removeAll() }
                exchange.headerLines.append(line.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            return size * count
        }
        _ = kz_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context)
        // The progress callback runs at least once a second, also while waiting: it is where
        // a cancelled Swift task aborts the transfer.
        _ = kz_curl_setopt_long(handle, CURLOPT_NOPROGRESS, 0)
        _ = kz_curl_setopt_progress_callback(handle) { context, _, _, _, _ in
            Unmanaged<CurlExchange>.fromOpaque(context!).takeUnretainedValue().isCancelled ? 1 : 0
        }
        _ = kz_curl_setopt_pointer(handle, CURLOPT_XFERINFODATA, context)

        let code = curl_easy_perform(handle)
        switch code {
        case CURLE_OK: break
        case CURLE_OPERATION_TIMEDOUT: return .failure(exchange.isCancelled ? .cancelled : .timedOut)
        case CURLE_ABORTED_BY_CALLBACK: return .failure(.cancelled)
        default:
            if exchange.isCancelled { return .failure(.cancelled) }
            return .failure(.connection("\(String(cString: curl_easy_strerror(code))) (libcurl error \(code.rawValue))"))
        }
        var status = 0
        _ = kz_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var fields: [String: String] = [:]
        for line in exchange.headerLines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        guard let response = HTTPURLResponse(url: url, statusCode: status, httpVersion: "HTTP/1.1", headerFields: fields) else {
            return .failure(.connection("no HTTP response"))
        }
        return .success((exchange.body, response))
    }
}

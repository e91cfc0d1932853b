import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A session of its own with short timeouts, so a broken server fails a test instead of hanging it.
func ephemeralSession() -> URLSession {
    let configuration = URLSessionConfiguration.ephemeral
    configuration.timeoutIntervalForRequest = 10
    configuration.timeoutIntervalForResource = 10
    return URLSession(configuration: configuration)
}

/// One GET over real loopback HTTP. Without a session it uses a fresh one, so the request
/// opens its own connection: a stopped server must refuse it rather than answer on a pooled one.
func get(port: Int, _ path: String, using session: URLSession? = nil) async throws -> (body: String, response: HTTPURLResponse) {
    let urlSession = session ?? ephemeralSession()
    defer { if session == nil { urlSession.finishTasksAndInvalidate() } }
    let url = try #require(URL(string: "http://127.0.0.1:\(port)\(path)"))
    let (data, response) = try await urlSession.data(from: url)
    return (String(decoding: data, as: UTF8.self), try #require(response as? HTTPURLResponse))
}

import Foundation
import KaizenCore
import KaizenReview
import KaizenReviewServer
import KaizenStore
import Logging
import ReviewFixtures
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP reply, with the headers a test looks at.
struct Reply {
    var status: Int
    var headers: [String: String]
    var body: String

    func header(_ name: String) -> String? {
        headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    var json: JSONValue { (try? JSONValue.parse(body)) ?? .null }

    /// A cookie's value from Set-Cookie (Foundation may join several into one header).
    func cookie(_ name: String) -> String? {
        guard let header = header("Set-Cookie"), let range = header.range(of: "\(name)=") else { return nil }
        let value = header[range.upperBound...].prefix { $0 != ";" && $0 != "," }
        return String(value)
    }

    /// The CSRF token a page's forms carry.
    var csrf: String? {
        guard let range = body.range(of: "name=\"csrf\" value=\"") else { return nil }
        return String(body[range.upperBound...].prefix { $0 != "\"" })
    }
}

/// Follows no redirects, so a test sees the 303 itself.
final class NoRedirects: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse, newRequest request: URLRequest,
        completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}

/// A review server on a free loopback port over a fixture store, with a plain HTTP client.
final class ServerHarness: Sendable {
    static let dana = "dana-approver-token-0001"
    static let sam = "sam-viewer-token-000001"

    let fixture: ReviewFixture
    let port: Int
    private let task: Task<Void, any Error>
    private let session: URLSession

    private init(fixture: ReviewFixture, port: Int, task: Task<Void, any Error>) {
        self.fixture = fixture
        self.port = port
        self.task = task
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.timeoutIntervalForRequest = 20
        session = URLSession(configuration: configuration, delegate: NoRedirects(), delegateQueue: nil)
    }

    static func start(_ fixture: ReviewFixture) async throws -> ServerHarness {
        let tokens = ReviewTokens(try ReviewTokens.parse(list: "dana:approver:\(dana),sam:viewer:\(sam)", source: "test"))
        var logger = Logger(label: "review-test")
        logger.logLevel = .critical
        let server = try ReviewServer(store: fixture.store, settings: ReviewServerSettings(host: "127.0.0.1", port: 0, tokens: tokens), logger: logger)
        let (ports, report) = AsyncStream.makeStream(of: Int.self)
        let task = Task { try await server.run(handleSignals: false) { report.yield($0) } }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        return ServerHarness(fixture: fixture, port: port, task: task)
    }

    func stop() async {
        task.cancel()
        _ = await task.result
        session.invalidateAndCancel()
    }

    func request(_ method: String, _ path: String, token: String? = nil, cookies: [String: String] = [:], body: String? = nil, contentType: String? = nil) async throws -> Reply {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if !cookies.isEmpty { request.setValue(cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "), forHTTPHeaderField: "Cookie") }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue(contentType ?? "application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields { headers["\(key)"] = "\(value)" }
        return Reply(status: http.statusCode, headers: headers, body: String(decoding: data, as: UTF8.self))
    }

    func get(_ path: String, token: String? = nil, cookies: [String: String] = [:]) async throws -> Reply {
        try await request("GET", path, token: token, cookies: cookies)
    }

    func form(_ path: String, _ fields: [(String, String)], cookies: [String: String]) async throws -> Reply {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let body = fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
        return try await request("POST", path, cookies: cookies, body: body, contentType: "application/x-www-form-urlencoded")
    }

    /// Signs in through the form as a browser would; returns the session cookie and the
    /// CSRF token of the overview page's forms.
    func signIn(_ token: String) async throws -> (cookies: [String: String], csrf: String) {
        let login = try await get("/login")
        let loginCookie = try #require(login.cookie("kaizen_login_csrf"))
        let signedIn = try await form("/login", [("csrf", login.csrf ?? ""), ("token", token)], cookies: ["kaizen_login_csrf": loginCookie])
        guard signedIn.status == 303, let session = signedIn.cookie("kaizen_session") else {
            throw SignInFailed(status: signedIn.status, body: signedIn.body)
        }
        let cookies = ["kaizen_session": session]
        let overview = try await get("/", cookies: cookies)
        return (cookies, overview.csrf ?? "")
    }

    struct SignInFailed: Error { var status: Int; var body: String }
}

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A failed WebDriver step, naming the command, so a test failure explains itself.
enum WebDriverError: Error, CustomStringConvertible {
    /// chromedriver or chromium is not installed.
    case unavailable
    /// chromedriver never became ready; `log` is what it printed.
    case startFailed(String, log: String)
    /// The W3C error object (`value.error`, `value.message`) chromedriver returned for `command`.
    case command(String, error: String, message: String)
    /// A reply that is not the JSON the protocol promises.
    case badResponse(String, status: Int, body: String)
    /// The HTTP exchange itself failed (refused, reset, timed out).
    case connection(String, String)
    case timeout(String)

    var description: String {
        switch self {
        case .unavailable: "WebDriver: chromedriver or chromium not found"
        case .startFailed(let why, let log): "WebDriver: chromedriver did not start: \(why)\n\(log.suffix(2000))"
        case .command(let command, let error, let message): "WebDriver: \(command) failed: \(error): \(message.prefix(500))"
        case .badResponse(let command, let status, let body): "WebDriver: \(command): unexpected HTTP \(status) reply: \(body.prefix(500))"
        case .connection(let command, let why): "WebDriver: \(command): \(why)"
        case .timeout(let what): "WebDriver: timed out: \(what)"
        }
    }
}

/// Headless Chromium driven through chromedriver's W3C WebDriver API; one browser session per instance.
/// Call `close()` when done: it ends the session, stops chromedriver and kills whatever is left in its process group.
final class ChromeDriver: Sendable {
    static let elementKey = "element-6066-11e4-a52e-4f735466cecf"

    static var driverPath: String? {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/chromedriver" }
        return (path + ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]).first(where: FileManager.default.isExecutableFile)
    }

    static var browserPath: String? {
        if let chosen = ProcessInfo.processInfo.environment["KAIZEN_CHROMIUM"], !chosen.isEmpty { return chosen }
        return ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first(where: FileManager.default.isExecutableFile)
    }

    static var available: Bool { driverPath != nil && browserPath != nil }

    let session: String
    let port: Int
    private let process: Process
    private let folder: URL
    private let sessionOpen = Mutex(true)
    private let running = Mutex(true)

    private init(session: String, port: Int, process: Process, folder: URL) {
        (self.session, self.port, self.process, self.folder) = (session, port, process, folder)
    }

    /// Starts chromedriver and a fresh headless browser session (throwaway profile in a temp folder).
    static func start(timeout: Duration = .seconds(90)) async throws -> ChromeDriver {
        guard let driver = driverPath, let browser = browserPath else { throw WebDriverError.unavailable }
        let folder = FileManager.default.temporaryDirectory.appending(path: "kaizen-webdriver-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appending(path: "profile"), withIntermediateDirectories: true)
        let logURL = folder.appending(path: "chromedriver.log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: driver)
        // Port 0: chromedriver binds a free port itself and prints it, so parallel tests cannot race for one.
        process.arguments = ["--port=0"]
        // A file, not a pipe: nobody drains a pipe after start-up, and a full one would stall chromedriver and chromium.
        let log = try FileHandle(forWritingTo: logURL)
        defer { try? log.close() }
        (process.standardOutput, process.standardError, process.standardInput) = (log, log, FileHandle.nullDevice)
        try process.run()
        var port: Int?
        do {
            let ready = try await waitUntilReady(process, log: logURL, timeout: timeout)
            port = ready
            let options: [String: Any] = [
                "binary": browser,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=1280,1024", "--user-data-dir=\(folder.appending(path: "profile").path)"],
            ]
            let body = ["capabilities": ["alwaysMatch": ["browserName": "chrome", "goog:chromeOptions": options]]]
            let reply = try await request(ready, "POST", "/session", body, command: "new session")
            guard let session = (reply as? [String: Any])?["sessionId"] as? String else {
                throw WebDriverError.badResponse("new session", status: 200, body: "\(reply)")
            }
            return ChromeDriver(session: session, port: ready, process: process, folder: folder)
        } catch {
            await terminate(process, port: port)
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
    }

    private static func waitUntilReady(_ process: Process, log: URL, timeout: Duration) async throws -> Int {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            guard process.isRunning else { throw WebDriverError.startFailed("exited with status \(process.terminationStatus)", log: text) }
            if let range = text.range(of: "started successfully on port "), let port = Int(text[range.upperBound...].prefix(while: \.isNumber)),
               let status = try? await request(port, "GET", "/status", nil, command: "status"),
               (status as? [String: Any])?["ready"] as? Bool == true {
                return port
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw WebDriverError.startFailed("not ready after \(timeout)", log: (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }

    /// Sends one command and returns the reply's `value`, turning W3C error objects into `WebDriverError.command`.
    private static func request(_ port: Int, _ method: String, _ path: String, _ body: [String: Any]?, command: String) async throws -> Any {
        let payload = method == "POST" ? try JSONSerialization.data(withJSONObject: body ?? [:]) : nil
        let (status, data): (Int, Data)
        do { (status, data) = try await WebDriverHTTP.exchange(port: port, method, path, payload) } catch {
            throw WebDriverError.connection(command, "\(error)")
        }
        guard let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let value = json["value"] else {
            throw WebDriverError.badResponse(command, status: status, body: String(decoding: data, as: UTF8.self))
        }
        if let failure = value as? [String: Any], let error = failure["error"] as? String {
            throw WebDriverError.command(command, error: error, message: failure["message"] as? String ?? "")
        }
        guard (200..<300).contains(status) else { throw WebDriverError.badResponse(command, status: status, body: String(decoding: data, as: UTF8.self)) }
        return value
    }

    private func call(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> Any {
        try await Self.request(port, method, "/session/\(session)\(path)", body, command: "\(method) \(path.isEmpty ? "/session" : path)")
    }

    private func string(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> String {
        let value = try await call(method, path, body)
        guard let text = value as? String else { throw WebDriverError.badResponse("\(method) \(path)", status: 200, body: "\(value)") }
        return text
    }

    private static func elementID(_ value: Any, _ command: String) throws -> String {
        guard let id = (value as? [String: Any])?[elementKey] as? String else { throw WebDriverError.badResponse(command, status: 200, body: "\(value)") }
        return id
    }

    /// Returns once the page has loaded (chromedriver's default "normal" page-load strategy).
    func navigate(to url: URL) async throws { _ = try await call("POST", "/url", ["url": url.absoluteString]) }
    func currentURL() async throws -> String { try await string("GET", "/url") }
    func title() async throws -> String { try await string("GET", "/title") }
    func pageSource() async throws -> String { try await string("GET", "/source") }

    func findElement(css: String) async throws -> String {
        try Self.elementID(try await call("POST", "/element", ["using": "css selector", "value": css]), "find \(css)")
    }

    func findElements(css: String) async throws -> [String] {
        let value = try await call("POST", "/elements", ["using": "css selector", "value": css])
        return try (value as? [Any] ?? []).map { try Self.elementID($0, "find all \(css)") }
    }

    func click(element: String) async throws { _ = try await call("POST", "/element/\(element)/click") }
    func type(_ text: String, into element: String) async throws { _ = try await call("POST", "/element/\(element)/value", ["text": text]) }
    func text(of element: String) async throws -> String { try await string("GET", "/element/\(element)/text") }
    func attribute(_ name: String, of element: String) async throws -> String? { try await call("GET", "/element/\(element)/attribute/\(name)") as? String }

    func screenshot() async throws -> Data {
        guard let png = Data(base64Encoded: try await string("GET", "/screenshot")) else { throw WebDriverError.badResponse("screenshot", status: 200, body: "not base64") }
        return png
    }

    /// Polls until `css` matches, since a click that submits a form returns before the next page is there.
    @discardableResult
    func waitFor(css: String, timeout: Duration = .seconds(10)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while true {
            do { return try await findElement(css: css) } catch WebDriverError.command(_, "no such element", _) {
                if ContinuousClock.now >= deadline { throw WebDriverError.timeout("no element matches \(css) after \(timeout)") }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Ends the session; chromedriver then quits its chromium. Later calls do nothing.
    func deleteSession() async throws {
        guard sessionOpen.withLock({ open in defer { open = false }; return open }) else { return }
        _ = try await call("DELETE", "")
    }

    /// Ends the session, stops chromedriver and anything left in its process group, and removes the profile. Idempotent.
    func close() async {
        try? await deleteSession()
        guard running.withLock({ open in defer { open = false }; return open }) else { return }
        await Self.terminate(process, port: port)
        try? FileManager.default.removeItem(at: folder)
    }

    // A safety net for a test that throws before close(): no waiting here, just make sure nothing outlives us.
    deinit {
        guard running.withLock({ $0 }) else { return }
        kill(-process.processIdentifier, SIGKILL)
        try? FileManager.default.removeItem(at: folder)
    }

    /// Asks chromedriver to exit, then SIGKILLs its process group (Process makes it a group leader, and chromium's
    /// helpers stay in that group). Not SIGTERM: Process hands the spawning thread's signal mask to the child, and
    /// Swift's worker threads block SIGTERM (swift-corelibs-foundation #4772), so chromedriver would never see it.
    private static func terminate(_ process: Process, port: Int?) async {
        if let port { _ = try? await WebDriverHTTP.exchange(port: port, "GET", "/shutdown", nil) }
        let deadline = ContinuousClock.now + .seconds(2)
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        kill(-process.processIdentifier, SIGKILL)
    }
}

/// One HTTP/1.1 exchange with chromedriver on 127.0.0.1.
private enum WebDriverHTTP {
    static func exchange(port: Int, _ method: String, _ path: String, _ body: Data?) async throws -> (Int, Data) {
        #if canImport(Glibc)
        // Not URLSession here: FoundationNetworking (before swift-corelibs-foundation PR #5527) fails every reply of
        // chromedriver's with "Failed writing header", as its headers have no space after the colon (`Content-Length:250`).
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        if let body { head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n" }
        let message = Data((head + "\r\n").utf8) + (body ?? Data())
        // Blocking socket I/O on a Dispatch thread, not the cooperative pool, so a slow page load starves no other test.
        return try await withCheckedThrowingContinuation { done in
            DispatchQueue.global().async { done.resume(with: Result { try blockingExchange(port: port, message) }) }
        }
        #else
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!, timeoutInterval: 300)
        request.httpMethod = method
        if let body { (request.httpBody, request.allHTTPHeaderFields) = (body, ["Content-Type": "application/json"]) }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
        #endif
    }

    #if canImport(Glibc)
    private static func blockingExchange(port: Int, _ message: Data) throws -> (Int, Data) {
        func failure(_ call: String) -> POSIXError { POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO, userInfo: ["call": call]) }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw failure("socket") }
        defer { _ = Glibc.close(fd) }
        // W3C's default page-load timeout is 300 s; wait a little longer so chromedriver's own error arrives first.
        var wait = timeval(tv_sec: 320, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        (address.sin_family, address.sin_port) = (sa_family_t(AF_INET), UInt16(port).bigEndian)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw failure("connect") }
        try message.withUnsafeBytes { bytes in
            var sent = 0
            while sent < bytes.count {  // MSG_NOSIGNAL: a driver that died must not SIGPIPE the test process.
                let n = send(fd, bytes.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
                guard n > 0 else { throw failure("send") }
                sent += n
            }
        }
        var reply = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            guard n >= 0 else { throw failure("recv") }
            if n > 0 { reply.append(contentsOf: buffer[..<n]) }
            guard let end = reply.range(of: Data("\r\n\r\n".utf8)) else { if n == 0 { throw POSIXError(.ECONNRESET) }; continue }
            let lines = String(decoding: reply[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
            let status = Int(lines[0].split(separator: " ").dropFirst().first ?? "") ?? 0
            let length = lines.dropFirst().compactMap { line -> Int? in
                let parts = line.split(separator: ":", maxSplits: 1)
                guard parts.count == 2, parts[0].lowercased() == "content-length" else { return nil }
                return Int(parts[1].trimmingCharacters(in: .whitespaces))
            }.first
            let body = reply[end.upperBound...]
            if n == 0 || (length.map { body.count >= $0 } ?? false) { return (status, Data(body.prefix(length ?? body.count))) }
        }
    }
    #endif
}

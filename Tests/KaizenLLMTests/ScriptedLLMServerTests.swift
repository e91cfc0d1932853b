import Foundation
import ScriptedLLMServer
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The scripted server is the double every LLM client test relies on, so its framing, keep-alive,
/// failure modes and shutdown are checked here through the same URLSession stack the client uses.
struct ScriptedLLMServerTests {
    @Test func scriptedChatResponseArrivesAndDecodes() async throws {
        let content = "Hello, \"world\"\nsecond line \\ ünïcode"
        let server = try ScriptedLLMServer(script: [.respond(status: 200, body: OpenAIBody.chat(content: content))])
        defer { server.stop() }

        let (data, response) = try await post(server.baseURL.appendingPathComponent("chat/completions"), body: #"{"model":"m"}"#)

        #expect(response.statusCode == 200)
        #expect(response.value(forHTTPHeaderField: "Content-Type") == "application/json")
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let choices = try #require(object["choices"] as? [[String: Any]])
        let message = try #require(choices.first?["message"] as? [String: Any])
        #expect(message["content"] as? String == content)
        #expect(choices.first?["finish_reason"] as? String == "stop")
        let usage = try #require(object["usage"] as? [String: Any])
        #expect(usage["total_tokens"] as? Int == 15)
    }

    @Test func requestsAreRecordedWithMethodPathHeadersAndBody() async throws {
        let server = try ScriptedLLMServer(script: [
            .respond(status: 200, body: OpenAIBody.chat(content: "a")),
            .respond(status: 200, body: OpenAIBody.models(["m"])),
        ])
        defer { server.stop() }

        let body = #"{"model":"gpt","messages":[{"role":"user","content":"hi"}]}"#
        _ = try await post(
            server.baseURL.appendingPathComponent("chat/completions"), body: body,
            headers: ["Authorization": "Bearer sk-test", "X-Custom-Header": "Value"])
        let (modelsData, modelsResponse) = try await session().data(from: server.baseURL.appendingPathComponent("models"))
        #expect((modelsResponse as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: modelsData, as: UTF8.self).contains(#""id":"m""#))

        let requests = server.requests
        #expect(server.requestCount == 2)
        try #require(requests.count == 2)
        #expect(requests[0].method == "POST")
        #expect(requests[0].path == "/v1/chat/completions")
        #expect(requests[0].headers["authorization"] == "Bearer sk-test")
        #expect(requests[0].headers["x-custom-header"] == "Value")
        #expect(requests[0].headers["content-type"] == "application/json")
        #expect(requests[0].body == Data(body.utf8))
        #expect(requests[0].json?["model"] as? String == "gpt")
        #expect(requests[1].method == "GET")
        #expect(requests[1].path == "/v1/models")
        #expect(requests[1].body.isEmpty)
        #expect(requests[1].json == nil)
    }

    @Test func keepAliveServesFiftySequentialRequests() async throws {
        let server = try ScriptedLLMServer(handler: { request in
            .respond(status: 200, body: OpenAIBody.chat(content: request.json?["n"] as? String ?? "?"))
        })
        defer { server.stop() }

        let urlSession = session()
        let url = server.baseURL.appendingPathComponent("chat/completions")
        for index in 0..<50 {
            let (data, response) = try await post(url, body: #"{"n":"\#(index)"}"#, using: urlSession)
            #expect(response.statusCode == 200)
            #expect(String(decoding: data, as: UTF8.self).contains(#""content":"\#(index)""#))
        }
        #expect(server.requestCount == 50)
        // Connections were reused rather than opened per request.
        #expect(server.connectionCount < 5)
    }

    @Test func closeActionYieldsURLSessionError() async throws {
        let server = try ScriptedLLMServer(script: [.close])
        defer { server.stop() }

        await #expect(throws: (any Error).self) {
            _ = try await post(server.baseURL.appendingPathComponent("chat/completions"), body: "{}")
        }
        #expect(server.requestCount >= 1)
    }

    @Test func closeFailsPromptlyOnAReusedSessionWithoutARetry() async throws {
        let server = try ScriptedLLMServer(script: [
            .respond(status: 200, body: OpenAIBody.chat(content: "one")),
            .close,
            .respond(status: 200, body: OpenAIBody.chat(content: "three")),
        ])
        defer { server.stop() }

        let urlSession = session(timeout: 180)
        let url = server.baseURL.appendingPathComponent("chat/completions")
        _ = try await post(url, body: "{}", using: urlSession)
        let started = Date()
        await #expect(throws: (any Error).self) { _ = try await post(url, body: "{}", using: urlSession) }
        // The close ends the request, not the 180 s timeout (a loaded 2-core CI machine has
        // taken 12 s here, so the bound is loose).
        #expect(Date().timeIntervalSince(started) < 90)
        let (data, _) = try await post(url, body: "{}", using: urlSession)
        #expect(String(decoding: data, as: UTF8.self).contains("three"))
        #expect(server.requestCount == 3)
    }

    @Test func scriptedConnectionCloseHeaderEndsTheConnection() throws {
        let server = try ScriptedLLMServer(handler: { _ in
            .respond(status: 200, headers: ["Connection": "close"], body: "{}")
        })
        defer { server.stop() }

        let reply = try rawExchange(
            port: server.port,
            "GET /v1/models HTTP/1.1\r\nHost: x\r\n\r\nGET /v1/models HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(reply.components(separatedBy: "HTTP/1.1 200 OK").count == 2)
        #expect(reply.contains("Connection: close\r\n"))
        #expect(!reply.contains("keep-alive"))
    }

    @Test func truncateActionYieldsErrorOrShortBody() async throws {
        let full = OpenAIBody.chat(content: String(repeating: "x", count: 200))
        let server = try ScriptedLLMServer(script: [.truncate(status: 200, body: full, bytes: 20)], fallback: .close)
        defer { server.stop() }

        do {
            let (data, _) = try await post(server.baseURL.appendingPathComponent("chat/completions"), body: "{}")
            #expect(data.count < full.utf8.count)
        } catch {
            // The expected outcome for libcurl: the body ended before its Content-Length.
        }
    }

    @Test func delayActionStallsTheResponse() async throws {
        let server = try ScriptedLLMServer(script: [
            .delay(seconds: 0.3, then: .respond(status: 200, body: OpenAIBody.chat(content: "late")))
        ])
        defer { server.stop() }

        let started = Date()
        let (data, response) = try await post(server.baseURL.appendingPathComponent("chat/completions"), body: "{}")
        #expect(Date().timeIntervalSince(started) >= 0.3)
        #expect(response.statusCode == 200)
        #expect(String(decoding: data, as: UTF8.self).contains("late"))
    }

    @Test func eightConcurrentRequestsAllSucceed() async throws {
        let server = try ScriptedLLMServer(handler: { _ in
            .delay(seconds: 0.05, then: .respond(status: 200, body: OpenAIBody.chat(content: "ok")))
        })
        defer { server.stop() }

        let urlSession = session()
        let url = server.baseURL.appendingPathComponent("chat/completions")
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<8 {
                group.addTask { try await post(url, body: #"{"n":\#(index)}"#, using: urlSession).1.statusCode }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 200, count: 8))
        #expect(server.requestCount == 8)
    }

    @Test func scriptFallsBackOnceExhausted() async throws {
        let server = try ScriptedLLMServer(script: [.respond(status: 200, body: OpenAIBody.models(["a"]))])
        defer { server.stop() }

        let url = server.baseURL.appendingPathComponent("models")
        let urlSession = session()
        let first = try await urlSession.data(from: url)
        let second = try await urlSession.data(from: url)
        #expect((first.1 as? HTTPURLResponse)?.statusCode == 200)
        #expect((second.1 as? HTTPURLResponse)?.statusCode == 500)
        #expect(String(decoding: second.0, as: UTF8.self) == #"{"error":"script exhausted"}"#)
    }

    @Test func statusLineReasonAndScriptedHeaders() throws {
        let server = try ScriptedLLMServer(script: [
            .respond(status: 429, headers: ["Retry-After": "2", "Content-Type": "text/plain"], body: "slow down")
        ])
        defer { server.stop() }

        let reply = try rawExchange(
            port: server.port, "GET /v1/models HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(reply.hasPrefix("HTTP/1.1 429 Too Many Requests\r\n"))
        #expect(reply.contains("Retry-After: 2\r\n"))
        #expect(reply.contains("Content-Type: text/plain\r\n"))
        #expect(!reply.contains("application/json"))
        #expect(reply.contains("Content-Length: 9\r\n"))
        #expect(reply.contains("Connection: close\r\n"))
        #expect(reply.hasSuffix("\r\n\r\nslow down"))
    }

    @Test func pipelinedRequestsAndChunkedBodiesOnOneConnection() throws {
        let server = try ScriptedLLMServer(handler: { request in
            .respond(status: 200, body: String(decoding: request.body, as: UTF8.self))
        })
        defer { server.stop() }

        let reply = try rawExchange(
            port: server.port,
            "POST /v1/a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nfirst"
                + "POST /v1/b HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "3\r\nsec\r\n4;ext=1\r\nond!\r\n0\r\nTrailer: t\r\n\r\n")
        #expect(reply.components(separatedBy: "HTTP/1.1 200 OK").count == 3)
        #expect(reply.contains("Connection: keep-alive\r\n\r\nfirst"))
        #expect(reply.hasSuffix("Connection: close\r\n\r\nsecond!"))
        #expect(server.requests.map(\.path) == ["/v1/a", "/v1/b"])
        #expect(server.connectionCount == 1)
    }

    @Test func expectContinueIsAnsweredBeforeTheBody() throws {
        let server = try ScriptedLLMServer(handler: { request in
            .respond(status: 200, body: String(decoding: request.body, as: UTF8.self))
        })
        defer { server.stop() }

        let socket = try RawSocket(port: server.port)
        try socket.write("POST /v1/x HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\nConnection: close\r\n\r\n")
        #expect(socket.receiveOnce().hasPrefix("HTTP/1.1 100 Continue\r\n\r\n"))
        try socket.write("body")
        #expect(socket.receiveAll().hasSuffix("\r\n\r\nbody"))
    }

    @Test func stopIsIdempotentAndRefusesConnections() async throws {
        let server = try ScriptedLLMServer(script: [.respond(status: 200, body: OpenAIBody.chat(content: "ok"))])
        let url = server.baseURL.appendingPathComponent("chat/completions")
        let urlSession = session(timeout: 5)
        // An open keep-alive connection must be closed by stop() too.
        _ = try await post(url, body: "{}", using: urlSession)

        server.stop()
        server.stop()

        #expect(throws: RawSocket.Failure.connect(ECONNREFUSED)) { _ = try RawSocket(port: server.port) }
        await #expect(throws: (any Error).self) { _ = try await post(url, body: "{}", using: urlSession) }
        #expect(server.requestCount == 1)
    }

    @Test func stopDoesNotWaitForADelayedResponse() async throws {
        let server = try ScriptedLLMServer(script: [.delay(seconds: 150, then: .respond(status: 200, body: "{}"))])
        let url = server.baseURL.appendingPathComponent("chat/completions")
        defer { server.stop() }
        let request = Task { try await post(url, body: "{}", using: session(timeout: 120)) }
        // Generous: on a loaded 2-core CI machine the request may take many seconds to arrive.
        let deadline = Date(timeIntervalSinceNow: 90)
        while server.requestCount == 0 && Date() < deadline { try await Task.sleep(nanoseconds: 10_000_000) }
        try #require(server.requestCount == 1)

        let started = Date()
        server.stop()
        // Far below the 150 s the response is delayed by.
        #expect(Date().timeIntervalSince(started) < 60)
        await #expect(throws: (any Error).self) { _ = try await request.value }
    }

    @Test func openAIBodiesHaveTheStandardShape() throws {
        let completion = try object(OpenAIBody.completion(text: "t\n\"q\"", finishReason: "length", model: "m"))
        #expect(completion["model"] as? String == "m")
        let choice = try #require((completion["choices"] as? [[String: Any]])?.first)
        #expect(choice["text"] as? String == "t\n\"q\"")
        #expect(choice["finish_reason"] as? String == "length")
        #expect(choice["index"] as? Int == 0)

        let embeddings = try object(OpenAIBody.embeddings([[0.5, -1], [2]], promptTokens: 7))
        #expect(embeddings["object"] as? String == "list")
        let data = try #require(embeddings["data"] as? [[String: Any]])
        #expect(data.map { $0["index"] as? Int } == [0, 1])
        #expect(data.map { $0["object"] as? String } == ["embedding", "embedding"])
        #expect((data[0]["embedding"] as? [Double]) == [0.5, -1])
        #expect((embeddings["usage"] as? [String: Any])?["prompt_tokens"] as? Int == 7)

        let models = try object(OpenAIBody.models(["a", "b"]))
        let ids = (models["data"] as? [[String: Any]])?.map { $0["id"] as? String }
        #expect(ids == ["a", "b"])
        #expect((models["data"] as? [[String: Any]])?.first?["owned_by"] as? String == "scripted")

        let error = try object(OpenAIBody.error("boom", type: "rate_limit_error"))
        #expect((error["error"] as? [String: Any])?["message"] as? String == "boom")
        #expect((error["error"] as? [String: Any])?["type"] as? String == "rate_limit_error")
    }
}

// MARK: - Helpers

private func session(timeout: Double = 10) -> URLSession {
    let configuration = URLSessionConfiguration.ephemeral
    configuration.timeoutIntervalForRequest = timeout
    configuration.timeoutIntervalForResource = timeout
    return URLSession(configuration: configuration)
}

private func post(
    _ url: URL, body: String, headers: [String: String] = [:], using urlSession: URLSession = session()
) async throws -> (Data, HTTPURLResponse) {
    var request = URLRequest(url: url)
    request.httpMethod = "POST"
    request.setValue("application/json", forHTTPHeaderField: "Content-Type")
    for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
    request.httpBody = Data(body.utf8)
    let (data, response) = try await urlSession.data(for: request)
    return (data, try #require(response as? HTTPURLResponse))
}

private func object(_ json: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
}

/// Sends raw bytes the way no URLSession would (pipelining, chunked bodies, Expect), reading until EOF.
private func rawExchange(port: Int, _ request: String) throws -> String {
    let socket = try RawSocket(port: port)
    try socket.write(request)
    return socket.receiveAll()
}

/// A blocking loopback TCP client with a receive timeout, so a broken server fails a test
/// instead of hanging it.
private final class RawSocket {
    enum Failure: Error, Equatable { case connect(Int32), send(Int32) }

    private let fd: Int32

    init(port: Int) throws {
        fd = try Self.connected(port: port)
    }

    deinit { close(fd) }

    /// Connects, or closes the socket and throws before any object owns it, so it is closed once.
    private static func connected(port: Int) throws -> Int32 {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            close(fd)
            throw Failure.connect(code)
        }
        return fd
    }

    func write(_ text: String) throws {
        #if canImport(Glibc)
        let flags = Int32(MSG_NOSIGNAL)
        #else
        let flags: Int32 = 0
        #endif
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, flags) }
            guard sent > 0 else { throw Failure.send(errno) }
            offset += sent
        }
    }

    func receiveOnce() -> String {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        let count = recv(fd, &buffer, buffer.count, 0)
        return count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : ""
    }

    func receiveAll() -> String {
        var result = ""
        while true {
            let chunk = receiveOnce()
            if chunk.isEmpty { return result }
            result += chunk
        }
    }
}

import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite struct ServeCLITests {
    @Test func servingBeyondLoopbackWithoutTokensIsRefused() throws {
        let dir = try CLI.tinyWorkspace()
        let refused = try CLI.run(["serve", "--host", "0.0.0.0", "--port", "0", "--workspace", dir.path], environment: ["KAIZEN_REVIEW_TOKENS": ""])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("refusing to serve on 0.0.0.0 without review tokens"))
        let short = try CLI.run(["serve", "--port", "0", "--workspace", dir.path], environment: ["KAIZEN_REVIEW_TOKENS": "dana:approver:short"])
        #expect(short.status == 2)
        #expect(short.stderr.contains("KAIZEN_REVIEW_TOKENS entry 1: the token of dana is shorter than 16 characters"))
        #expect(!short.stderr.contains("short\n"))
    }

    @Test func withoutTokensOnLoopbackAOneOffApproverTokenIsPrintedAndWorks() async throws {
        let dir = try CLI.tinyWorkspace()
        let server = try ServeProcess.start(workspace: dir, tokens: nil)
        defer { server.kill() }
        #expect(server.url.hasPrefix("http://127.0.0.1:"))
        let lines = server.output.split(separator: "\n").map(String.init)
        let index = try #require(lines.firstIndex { $0.contains("one-off token") })
        let token = lines[index + 1].trimmingCharacters(in: .whitespaces)
        #expect(token.count >= 43)
        var request = URLRequest(url: URL(string: "\(server.url)/api/me")!)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (data, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: data, as: UTF8.self).contains("\"role\":\"approver\""))
        let (_, anonymous) = try await URLSession.shared.data(from: URL(string: "\(server.url)/api/me")!)
        #expect((anonymous as? HTTPURLResponse)?.statusCode == 401)
    }
}

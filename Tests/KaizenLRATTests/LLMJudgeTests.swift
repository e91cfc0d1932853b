import Foundation
import KaizenCore
import KaizenLLM
import ScriptedLLMServer
import Testing

@testable import KaizenLRAT

/// The LLM judge against a scripted OpenAI-compatible server on loopback: what it sends, how
/// it reads verdicts, and that a failed call falls back to the rule judge instead of losing
/// the pair.
@Suite struct LLMJudgeTests {
    static let promptText = try! String(
        contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "../../Prompts/lrat-judge.mustache"), encoding: .utf8)

    static func judge(_ server: ScriptedLLMServer) throws -> LLMJudge {
        let client = LLMClient(
            endpoint: LLMEndpoint(baseURL: server.baseURL, model: "scripted", requestTimeout: .seconds(10), maxRetries: 0))
        return try LLMJudge(client: client, template: promptText, titles: { $0 == "d7" ? "Boundary layers on cones" : nil })
    }

    @Test(arguments: [("relevant", JudgeVerdict.relevant), ("not_relevant", .notRelevant), ("unclear", .unclear)])
    func readsEachVerdict(reply: String, expected: JudgeVerdict) async throws {
        let server = try ScriptedLLMServer { _ in .respond(status: 200, body: OpenAIBody.chat(content: #"{"verdict": "\#(reply)"}"#)) }
        defer { server.stop() }
        let verdict = try await Self.judge(server).judge(query: "heat transfer on cones", document: "d7", reasoning: "It gives the data.")
        #expect(verdict == expected)
    }

    @Test func sendsTheQueryTitleAndReasoningWithAnEnumSchema() async throws {
        let server = try ScriptedLLMServer { _ in .respond(status: 200, body: OpenAIBody.chat(content: #"{"verdict": "relevant"}"#)) }
        defer { server.stop() }
        _ = try await Self.judge(server).judge(query: "heat transfer on cones", document: "d7", reasoning: "Exactly the measurements we need.")
        let body = try #require(server.requests.first?.json)
        let content = try #require(((body["messages"] as? [[String: Any]])?.first)?["content"] as? String)
        #expect(content.contains("heat transfer on cones"))
        #expect(content.contains("Boundary layers on cones"))
        #expect(content.contains("Exactly the measurements we need."))
        let format = try #require(body["response_format"] as? [String: Any])
        let schema = try #require((format["json_schema"] as? [String: Any])?["schema"] as? [String: Any])
        let verdict = (schema["properties"] as? [String: Any])?["verdict"] as? [String: Any]
        #expect(verdict?["enum"] as? [String] == ["relevant", "not_relevant", "unclear"])
    }

    @Test func aFailedCallFallsBackToTheRuleJudgeAndIsCounted() async throws {
        let server = try ScriptedLLMServer { _ in .respond(status: 500, body: "{}") }
        defer { server.stop() }
        let judge = try Self.judge(server)
        #expect(try await judge.judge(query: "q", document: "d1", reasoning: "This is not relevant to the question.") == .notRelevant)
        #expect(try await judge.judge(query: "q", document: "d2", reasoning: "It has the numbers I need.") == .unclear)
        #expect(judge.tally.asked == 2 && judge.tally.failures == 2)
    }

    @Test func aReplyOutsideTheEnumFallsBack() async throws {
        let server = try ScriptedLLMServer { _ in .respond(status: 200, body: OpenAIBody.chat(content: #"{"verdict": "maybe"}"#)) }
        defer { server.stop() }
        let judge = try Self.judge(server)
        #expect(try await judge.judge(query: "q", document: "d1", reasoning: "A useful page.") == .relevant)
        #expect(judge.tally.failures == 1)
    }

    @Test func theMinerDropsWhatTheLLMRejects() async throws {
        let server = try ScriptedLLMServer { request in
            let said = String(decoding: request.body, as: UTF8.self)
            return .respond(status: 200, body: OpenAIBody.chat(content: said.contains("waste of time") ? #"{"verdict": "not_relevant"}"# : #"{"verdict": "relevant"}"#))
        }
        defer { server.stop() }
        var t = TrajectoryBuilder("t")
        t.search("when was the bridge built", ["a", "b", "c"])
        t.browse("a")
        t.reason("A waste of time, sadly.")
        t.browse("b")
        t.reason("Gives the year the bridge opened.")
        t.outcome(true)
        let (pairs, report) = try await Miner(judge: try Self.judge(server)).mine(t.events)
        #expect(pairs.map(\.positive) == ["b"])
        #expect(report.droppedByJudge == 1 && report.keptByJudge == 1)
    }

    @Test func aTemplateThatDoesNotParseIsAnError() throws {
        let client = LLMClient(endpoint: LLMEndpoint(baseURL: URL(string: "http://127.0.0.1:9/v1")!, model: "m"))
        #expect(throws: LRATError.self) { try LLMJudge(client: client, template: "{{#open}} never closed") }
    }
}

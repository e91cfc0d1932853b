import Foundation
import KaizenCore
@testable import KaizenLLM
import Testing

@testable import KaizenLRAT

/// The LLM judge against the real embedded server (Gemma 3 270M under llama-cpp-python), which
/// `.ci/run` starts; with KAIZEN_REQUIRE_LOCAL_LLM=1 an unreachable server fails the suite.
@Suite(.enabled(if: LocalJudgeServer.required || LocalJudgeServer.reachable, "no local LLM server; run `kaizen llm local start`"))
struct LocalLLMJudgeTests {
    static let cases: [(String, JudgeVerdict)] = [
        ("This is not relevant to the question.", .notRelevant),
        ("Off-topic: it is about turbine blades, not cones.", .notRelevant),
        ("Useless for this, it never mentions heat transfer.", .notRelevant),
        ("A dead end; nothing on supersonic flow here.", .notRelevant),
        ("This gives exactly the heat transfer measurements on cones we need.", .relevant),
        ("Helpful: the paper reports boundary-layer data at Mach 5.", .relevant),
        ("The document discusses the flow field and confirms the theory.", .relevant),
        ("Relevant, it answers the question about transition.", .relevant),
    ]

    /// Every verdict must come from the model itself (no fallback), and it must tell rejections
    /// from approvals better than a constant answer (4 of 8); the small model got 6 of 8 here.
    @Test func theSmallModelJudgesNotesThroughTheSchema() async throws {
        let client = LLMClient(endpoint: LLMEndpoint(baseURL: LocalJudgeServer.baseURL, model: "gemma-3-270m", requestTimeout: .seconds(120), maxRetries: 1))
        let judge = try LLMJudge(client: client, template: LLMJudgeTests.promptText, titles: { _ in "Boundary layers on cones" })
        var agreed = 0
        for (note, expected) in Self.cases {
            let verdict = try await judge.judge(query: "heat transfer on cones at hypersonic speed", document: "d7", reasoning: note)
            if verdict == expected { agreed += 1 }
        }
        #expect(judge.tally.failures == 0)
        #expect(agreed >= 5, "agreed on \(agreed) of \(Self.cases.count)")
    }
}

enum LocalJudgeServer {
    static let baseURL = URL(string: ProcessInfo.processInfo.environment["KAIZEN_LLM_URL"] ?? "http://127.0.0.1:8089/v1")!
    static let required = ProcessInfo.processInfo.environment["KAIZEN_REQUIRE_LOCAL_LLM"] == "1"
    static let reachable: Bool = {
        guard let host = baseURL.host, let port = baseURL.port else { return false }
        return TCPProbe.check(host: host, port: port, timeout: .seconds(1)) == .reachable
    }()
}

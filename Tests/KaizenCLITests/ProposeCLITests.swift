import Foundation
import KaizenCore
import ScriptedLLMServer
import Testing

/// `kaizen propose` and `kaizen journal` as a user runs them.
@Suite struct ProposeCLITests {
    func workspace(extra: String = "") throws -> URL { try CLI.tinyWorkspace(extra: extra) }

    @Test func randomRoundTrainsAndTheJournalListsItBestFirst() throws {
        let dir = try workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try CLI.run(["propose", "--persona", "optimizer", "--count", "3", "--proposer", "random", "--json", "--workspace", dir.path])
        #expect(result.status == 0, "\(result.stderr)")
        let outcomes = try #require(try JSONValue.parse(result.stdout).arrayValue)
        #expect(outcomes.count == 3)
        for outcome in outcomes {
            #expect(outcome["persona"] == "optimizer" && outcome["state"] == "valid")
            #expect(outcome["delta"]?["optimizer"] != nil && outcome["hypothesis"]?.stringValue?.isEmpty == false)
            #expect(["scored", "failed"].contains(outcome["journal_state"]?.stringValue ?? ""))
        }
        let journal = try CLI.run(["journal", "--json", "--workspace", dir.path])
        #expect(journal.status == 0, "\(journal.stderr)")
        let json = try JSONValue.parse(journal.stdout)
        #expect(json["baseline"]?["state"] == "scored")
        let scores = (json["candidates"]?.arrayValue ?? []).compactMap { $0["score"]?.doubleValue }
        #expect(scores.count >= 1 && scores == scores.sorted(by: >))
        // A second run finds nothing left to resume and proposes new, distinct candidates.
        let again = try CLI.run(["propose", "--persona", "optimizer", "--count", "2", "--proposer", "random", "--workspace", dir.path])
        #expect(again.status == 0 && again.stdout.contains("2 valid"), "\(again.stdout)\(again.stderr)")
        #expect(try CLI.run(["doctor", "--workspace", dir.path]).status == 0)
    }

    @Test func dryRunWithTheLLMJournalsNothingAndFlagsTheRepeat() throws {
        let secret = "sk-propose-test-1234"
        let reply = #"{"hypothesis":"reward satisfaction over clicks","delta":{"reward":{"satisfaction":0.5}},"rationale":"long-term value","evidence_ids":[]}"#
        let server = try ScriptedLLMServer { request in
            let body = request.json ?? [:]
            guard body["response_format"] != nil else { return .respond(status: 200, body: OpenAIBody.chat(content: "Satisfaction predicts return.")) }
            return .respond(status: 200, body: OpenAIBody.chat(content: reply, promptTokens: 100, completionTokens: 30))
        }
        let dir = try workspace(extra: "\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        var config = try String(contentsOf: dir.appending(path: "kaizen.yaml"), encoding: .utf8)
        config = config.replacingOccurrences(of: "  endpoint: \"\"", with: "  endpoint: \(server.baseURL.absoluteString)")
            .replacingOccurrences(of: "  model: \"\"", with: "  model: gemma-3-270m")
            .replacingOccurrences(of: "  api_key_env: \"\"", with: "  api_key_env: KAIZEN_PROPOSE_KEY")
            .replacingOccurrences(of: "  focus: true", with: "  focus: false")
        try config.write(to: dir.appending(path: "kaizen.yaml"), atomically: true, encoding: .utf8)
        let result = try CLI.run(
            ["propose", "--persona", "reward", "--count", "2", "--proposer", "llm", "--dry-run", "--json", "--workspace", dir.path],
            environment: ["KAIZEN_PROPOSE_KEY": secret])
        #expect(result.status == 0, "\(result.stderr)")
        let states = try JSONValue.parse(result.stdout).arrayValue?.compactMap { $0["state"]?.stringValue }
        #expect(states == ["valid", "duplicate"])
        let journal = try JSONValue.parse(try CLI.run(["journal", "--json", "--workspace", dir.path]).stdout)
        #expect(journal["candidates"]?.arrayValue?.isEmpty == true)
        #expect(server.requests.contains { $0.headers["authorization"] == "Bearer \(secret)" })
        for file in try FileManager.default.subpathsOfDirectory(atPath: dir.path) {
            let data = (try? Data(contentsOf: dir.appending(path: file))) ?? Data()
            #expect(data.range(of: Data(secret.utf8)) == nil, "the key leaked into \(file)")
        }
    }

    @Test func anUnknownPersonaIsAUsageError() throws {
        let dir = try workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try CLI.run(["propose", "--persona", "vibes", "--workspace", dir.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("vibes"))
    }
}

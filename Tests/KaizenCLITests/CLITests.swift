import Foundation
import KaizenCore
import ScriptedLLMServer
import Testing

@Suite struct CLITests {
    @Test func helpListsEverySubcommand() throws {
        let result = try CLI.run(["--help"])
        #expect(result.status == 0)
        for command in ["init", "doctor", "config", "llm"] {
            #expect(result.stdout.contains("  \(command) "), "missing \(command) in help")
        }
        let llm = try CLI.run(["llm", "--help"])
        for command in ["ping", "models", "local"] { #expect(llm.stdout.contains("  \(command) ")) }
    }

    @Test func usageErrorsExitWithTwo() throws {
        #expect(try CLI.run(["no-such-command"]).status == 2)
        #expect(try CLI.run(["doctor", "--no-such-flag"]).status == 2)
        let notAWorkspace = try CLI.run(["doctor", "--workspace", CLI.temporaryFolder().path])
        #expect(notAWorkspace.status == 2)
        #expect(notAWorkspace.stderr.contains("kaizen init"))
    }

    @Test func initThenDoctorIsClean() throws {
        let dir = CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let created = try CLI.run(["init", dir.path])
        #expect(created.status == 0, "\(created.stderr)")
        for path in ["kaizen.yaml", "Prompts/llm-ping.txt", "Policies/budgets.yaml", "Policies/approval.yaml", ".kaizen/kaizen.sqlite"] {
            #expect(FileManager.default.fileExists(atPath: dir.appending(path: path).path), "missing \(path)")
        }
        let doctor = try CLI.run(["doctor", "--workspace", dir.path, "--json"])
        #expect(doctor.status == 0, "\(doctor.stdout)\(doctor.stderr)")
        let report = try JSONValue.parse(doctor.stdout)
        #expect(report["ok"] == .bool(true))
        #expect(try CLI.run(["init", dir.path]).status == 2)
    }

    @Test func aBadConfigNamesFileLineAndKey() throws {
        let dir = CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try CLI.run(["init", dir.path])
        try "llm:\n  model: m\n  max_in_flight: -3\n".write(to: dir.appending(path: "kaizen.yaml"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["doctor"], cwd: dir)
        #expect(result.status == 2)
        #expect(result.stderr.contains("kaizen.yaml:3:"), "\(result.stderr)")
        #expect(result.stderr.contains("llm.max_in_flight"))
    }

    @Test func aBadPolicyIsReportedByDoctor() throws {
        let dir = CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try CLI.run(["init", dir.path])
        let launch = dir.appending(path: "Policies/launch.yaml")
        let text = try String(contentsOf: launch, encoding: .utf8).replacingOccurrences(of: "test: sequential", with: "test: welsh")
        try text.write(to: launch, atomically: true, encoding: .utf8)
        let result = try CLI.run(["doctor", "--workspace", dir.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("launch.yaml:") && result.stdout.contains("test"), "\(result.stdout)")
    }

    /// `llm ping` against a scripted server: prints model, latency and tokens; the key, taken
    /// from the environment, reaches the server but not the output, the config or the store.
    @Test func pingPrintsModelLatencyAndTokensAndNeverTheKey() throws {
        let secret = "sk-cli-test-9f8e7d6c5b4a"
        let server = try ScriptedLLMServer(script: [.respond(status: 200, body: OpenAIBody.chat(content: "pong", model: "scripted-model", promptTokens: 12, completionTokens: 2))])
        let dir = CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try CLI.run(["init", dir.path])
        try """
            llm:
              endpoint: \(server.baseURL.absoluteString)
              model: scripted-model
              api_key_env: KAIZEN_CLI_TEST_KEY
            """.write(to: dir.appending(path: "kaizen.yaml"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["llm", "ping", "--workspace", dir.path, "--json", "--verbose"], environment: ["KAIZEN_CLI_TEST_KEY": secret])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONValue.parse(result.stdout)
        #expect(json["model"]?.stringValue == "scripted-model")
        #expect(json["prompt_tokens"]?.intValue == 12 && json["completion_tokens"]?.intValue == 2)
        #expect(json["latency_ms"]?.doubleValue != nil)
        #expect(server.requests.first?.headers["authorization"] == "Bearer \(secret)")
        #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret))
        for file in try FileManager.default.subpathsOfDirectory(atPath: dir.path) {
            let data = (try? Data(contentsOf: dir.appending(path: file))) ?? Data()
            #expect(data.range(of: Data(secret.utf8)) == nil, "the key leaked into \(file)")
        }

        let missing = try CLI.run(["llm", "ping", "--workspace", dir.path], environment: ["KAIZEN_CLI_TEST_KEY": ""])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("KAIZEN_CLI_TEST_KEY"))
    }

    @Test func pingOfAnUnreachableServerFailsWithOne() throws {
        let server = try ScriptedLLMServer(script: [])
        let url = server.baseURL.absoluteString
        server.stop()
        let dir = CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try CLI.run(["init", dir.path])
        try "llm:\n  endpoint: \(url)\n  max_retries: 0\n".write(to: dir.appending(path: "kaizen.yaml"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["llm", "ping", "--workspace", dir.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot reach the LLM"))
    }
}

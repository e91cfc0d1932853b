import Foundation
import KaizenYAML
import Testing

@testable import KaizenWorkspace

@Suite struct WorkspaceConfigTests {
    @Test func theWrittenDefaultsParseToTheBuiltInDefaults() throws {
        #expect(try WorkspaceConfig.parse(DefaultConfig.yaml, file: "kaizen.yaml") == WorkspaceConfig())
        #expect(try WorkspaceConfig.parse("", file: "kaizen.yaml") == WorkspaceConfig())
    }

    /// Every key of the template carries a comment directly above it.
    @Test func everyKeyIsDocumented() {
        let lines = DefaultConfig.yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (i, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#"), trimmed.contains(":") else { continue }
            let isSection = trimmed.hasSuffix(":")
            let previous = i > 0 ? lines[i - 1].trimmingCharacters(in: .whitespaces) : ""
            if !isSection {
                #expect(previous.hasPrefix("#") || lines[i - 1].hasSuffix(":") && lines[max(0, i - 2)].trimmingCharacters(in: .whitespaces).hasPrefix("#"),
                        "kaizen.yaml key without a comment: \(trimmed)")
            }
        }
    }

    @Test func readsEveryKey() throws {
        let config = try WorkspaceConfig.parse("""
            llm:
              endpoint: http://127.0.0.1:8000/v1
              model: qwen
              api_key_env: MY_KEY
              mode: completion
              connect_timeout_s: 2.5
              request_timeout_s: 30
              max_retries: 1
              max_in_flight: 8
              local: {port: 9000}
            store: {path: db.sqlite}
            paths: {prompts: P, policies: Q, knowledge: K}
            logging: {level: debug}
            """, file: "kaizen.yaml")
        #expect(config.llm.endpoint == "http://127.0.0.1:8000/v1")
        #expect(config.llm.mode == .completion && config.llm.connectTimeoutSeconds == 2.5 && config.llm.maxInFlight == 8 && config.llm.localPort == 9000)
        #expect(config.storePath == "db.sqlite" && config.promptsPath == "P" && config.policiesPath == "Q" && config.knowledgePath == "K")
        #expect(config.logLevel == "debug")
    }

    /// Each kind of bad file: the file, the line, the key and what is wrong.
    @Test(arguments: [
        ("llm:\n  max_retries: many\n", 2, "llm.max_retries", "integer"),
        ("llm:\n  max_retires: 3\n", 2, "llm.max_retires", "did you mean 'max_retries'"),
        ("llm:\n  request_timeout_s: 0\n", 2, "llm.request_timeout_s", "between"),
        ("llm:\n  endpoint: ftp://x\n", 2, "llm.endpoint", "http"),
        ("llm:\n  api_key_env: sk-abc-123\n", 2, "llm.api_key_env", "NAME of an environment variable"),
        ("llm:\n  mode: turbo\n", 2, "llm.mode", "chat"),
        ("logging:\n  level: loud\n", 2, "logging.level", "info"),
        ("llm:\n  local:\n    port: 70000\n", 3, "llm.local.port", "65535"),
        ("store: [a, b]\n", 1, "store", "mapping"),
    ])
    func badFilesGetPreciseErrors(text: String, line: Int, key: String, fragment: String) {
        do {
            _ = try WorkspaceConfig.parse(text, file: "ws/kaizen.yaml")
            Issue.record("expected an error for \(text)")
        } catch let error as ConfigError {
            #expect(error.file == "ws/kaizen.yaml")
            #expect(error.line == line, "\(error)")
            #expect(error.key == key, "\(error)")
            #expect(error.description.contains(fragment), "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func syntaxErrorsNameTheLine() {
        do {
            _ = try WorkspaceConfig.parse("llm:\n  model: [unclosed\n", file: "kaizen.yaml")
            Issue.record("expected an error")
        } catch let error as ConfigError {
            #expect(error.line != nil)
            #expect(error.file == "kaizen.yaml")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}

@Suite struct ReviewConfigTests {
    @Test func reviewTokensAreHashesOrVariableNames() throws {
        let hash = String(repeating: "ab", count: 32)
        let config = try WorkspaceConfig.parse("""
            review:
              host: 0.0.0.0
              port: 9000
              tokens:
                - {name: dana, role: approver, sha256: \(hash.uppercased())}
                - {name: sam, token_env: SAM_TOKEN}
            """, file: "kaizen.yaml")
        #expect(config.review.host == "0.0.0.0")
        #expect(config.review.port == 9000)
        #expect(config.review.tokens == [
            .init(name: "dana", role: "approver", sha256: hash, tokenEnv: nil), .init(name: "sam", role: "viewer", sha256: nil, tokenEnv: "SAM_TOKEN"),
        ])
    }

    @Test(arguments: [
        ("review:\n  tokens:\n    - {name: dana, sha256: abc}", "kaizen.yaml:3", "64 hex digits"),
        ("review:\n  tokens:\n    - {name: dana}", "kaizen.yaml:3", "needs sha256"),
        ("review:\n  tokens:\n    - {name: dana, role: boss, token_env: X}", "kaizen.yaml:3", "boss"),
        ("review:\n  port: 70000", "kaizen.yaml:2", "port"),
    ])
    func malformedReviewSettingsNameTheLine(yaml: String, location: String, part: String) {
        do {
            _ = try WorkspaceConfig.parse(yaml, file: "kaizen.yaml")
            Issue.record("accepted \(yaml)")
        } catch {
            #expect("\(error)".contains(location), "\(error)")
            #expect("\(error)".contains(part), "\(error)")
        }
    }
}

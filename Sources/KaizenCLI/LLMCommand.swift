import ArgumentParser
import Foundation
import KaizenCore
import KaizenLLM
import KaizenWorkspace

/// `kaizen llm ...`: talk to the configured LLM server, or manage the embedded local one.
struct LLMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "llm", abstract: "Check the LLM server, or manage the embedded local one.",
        subcommands: [Ping.self, Models.self, Local.self])

    struct Ping: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send one real request; print the model, latency and tokens.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let (workspace, client) = try global.llmClient()
            let prompt = try workspace.prompt("llm-ping.txt").trimmingCharacters(in: .whitespacesAndNewlines)
            let messages = [ChatMessage(.user, prompt)]
            let options = SamplingOptions(maxTokens: 16, temperature: 0)
            let reply: LLMReply
            do {
                reply = workspace.config.llm.mode == .chat
                    ? try await client.chat(messages, options: options, purpose: "ping")
                    : try await client.complete("Q: \(prompt)\nA:", options: options, purpose: "ping")
            } catch {
                let hint = workspace.usesLocalLLM ? " (start the embedded server with `kaizen llm local start`)" : ""
                throw LLMCommandError(description: "\(error)\(hint)")
            }
            let text = reply.text.trimmingCharacters(in: .whitespacesAndNewlines)
            let ms = Double(reply.latency.components.seconds) * 1000 + Double(reply.latency.components.attoseconds) / 1e15
            if output.json {
                printJSON(.object([
                    "endpoint": .string(client.endpoint.endpointText), "model": .string(reply.model),
                    "latency_ms": .number((ms * 10).rounded() / 10), "prompt_tokens": reply.promptTokens.map { .number(Double($0)) } ?? .null,
                    "completion_tokens": reply.completionTokens.map { .number(Double($0)) } ?? .null,
                    "attempts": .number(Double(reply.attempts)), "reply": .string(text),
                ]))
            } else {
                print("endpoint: \(client.endpoint.endpointText)")
                print("model:    \(reply.model)")
                print("latency:  \(String(format: "%.0f", ms)) ms (\(reply.attempts) attempt\(reply.attempts == 1 ? "" : "s"))")
                print("tokens:   \(reply.promptTokens.map(String.init) ?? "?") prompt, \(reply.completionTokens.map(String.init) ?? "?") completion")
                // The embedded 270M model often answers a bare chat turn with nothing; the round
                // trip (latency, tokens, recording) is what ping checks.
                print("reply:    \(text.isEmpty ? "(empty: the model produced no text; the request itself succeeded)" : text)")
            }
        }
    }

    struct Models: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the models the server offers.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let (_, client) = try global.llmClient()
            let models: [String]
            do { models = try await client.models(purpose: "models") } catch { throw LLMCommandError(description: "\(error)") }
            if output.json { printJSON(.array(models.map(JSONValue.string))) } else { models.forEach { print($0) } }
        }
    }

    struct Local: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Install, start, stop or check the embedded local server (llama-cpp-python + Gemma 3 270M).",
            discussion: "Installs once into ~/.cache/kaizen/llm (or $KAIZEN_LLM_HOME); serves on 127.0.0.1 at llm.local.port.")

        enum Action: String, ExpressibleByArgument, CaseIterable { case install, start, stop, status }

        @Argument(help: "install | start | stop | status")
        var action: Action

        @Option(help: "Port on 127.0.0.1 (default: llm.local.port, or 8089 outside a workspace).")
        var port: Int?

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let configured = (try? global.openWorkspace())?.config.llm.localPort ?? 8089
            let local = LocalLLM(port: port ?? configured)
            let (status, out) = try local.run(LocalLLM.Action(rawValue: action.rawValue)!)
            if !out.isEmpty { print(out) }
            if status != 0 { throw ExitCode(1) }
        }
    }
}

extension GlobalOptions {
    /// The workspace and a client for its LLM that records every call in its store.
    func llmClient() throws -> (Workspace, LLMClient) {
        let workspace = try openWorkspace()
        let logger = logger("kaizen.llm", config: workspace.config)
        let client = LLMClient(endpoint: try workspace.llmEndpoint(), recorder: try workspace.openStore(logger: logger), logger: logger)
        return (workspace, client)
    }
}

struct LLMCommandError: Error, CustomStringConvertible {
    let description: String
}

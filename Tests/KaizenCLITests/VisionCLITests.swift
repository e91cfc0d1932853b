import Foundation
import KaizenCore
import ScriptedLLMServer
import Synchronization
import Testing

/// The vision scenario end to end, as a user runs it: `kaizen init --example vision`, then
/// `kaizen run` with an LLM (scripted here) whose models are validated, trained for one epoch
/// on the digits by the real `train.py` under Debian's PyTorch, and summarized.
@Suite(.enabled(if: VisionPython.available || VisionPython.required, "no /usr/bin/python3 with torch and scikit-learn"), .serialized)
struct VisionCLITests {
    static let model = """
        import torch
        from torch import nn


        class Net(nn.Module):
            def __init__(self, in_shape, num_classes):
                super().__init__()
                channels, height, width = in_shape
                self.body = nn.Sequential(nn.Flatten(), nn.Linear(channels * height * width, 96), nn.ReLU(), nn.Linear(96, num_classes))

            def forward(self, x):
                return self.body(x)
        """

    @Test func initRunAndSummaryTrainSeedsAndAGeneratedModel() throws {
        // The first reply is a model, the second the same model re-indented: a duplicate.
        let replies = ["Here is my model:\n```python\n\(Self.model)\n```\n", Self.model.replacingOccurrences(of: "    ", with: "  ")]
        let served = Mutex(0)
        let server = try ScriptedLLMServer { _ in
            let n = served.withLock { $0 += 1; return $0 - 1 }
            return .respond(status: 200, body: OpenAIBody.chat(content: replies[min(n, replies.count - 1)], promptTokens: 800, completionTokens: 200))
        }
        defer { server.stop() }
        let dir = CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let initialized = try CLI.run(["init", "--example", "vision", dir.path])
        #expect(initialized.status == 0, "\(initialized.stderr)")
        try ProposalLLM.edit(dir.appending(path: "kaizen.yaml"), [
            ("  endpoint: \"\"", "  endpoint: \(server.baseURL.absoluteString)"), ("  model: \"\"", "  model: gemma-3-270m"),
        ])
        let run = try CLI.run(["run", "--cycles", "1", "--count", "2", "--workspace", dir.path])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("2 proposed (1 valid, 1 rejected)"), "\(run.stdout)")

        let summary = try JSONValue.parse(try CLI.run(["code", "summary", "--json", "--workspace", dir.path]).stdout)
        let group = try #require(summary["groups"]?.arrayValue?.first)
        #expect(group["n"]?.intValue == 3 && group["proposals"]?.intValue == 2)
        #expect(group["passed"]?.intValue == 1 && group["duplicates"]?.intValue == 1 && group["trained"]?.intValue == 1)
        let accuracy = try #require(group["best"]?.doubleValue)
        #expect(accuracy > 0.5 && accuracy <= 1, "one epoch on the digits gave \(accuracy)")
        #expect(group["balanced_mean"]?.doubleValue == accuracy)

        // The seeds were trained first, and the journal shows each model by its accuracy.
        let journal = try CLI.run(["journal", "--persona", "architecture", "--workspace", dir.path]).stdout
        #expect(journal.components(separatedBy: "  seed  ").count - 1 == 3, "\(journal)")
        #expect(journal.contains("accuracy 0."), "\(journal)")

        // `kaizen status` ranks the models by accuracy too, with no gain over production's
        // config (whose baseline has no accuracy).
        let status = try JSONValue.parse(try CLI.run(["status", "--json", "--workspace", dir.path]).stdout)
        let best = try #require(status["best_candidates"]?["architecture"]?.arrayValue)
        #expect(best.count == 3 && best.allSatisfy { $0["metric"]?.stringValue == "accuracy" }, "\(best)")
        let values = best.compactMap { $0["value"]?.doubleValue }
        #expect(values.count == 3 && values == values.sorted(by: >) && values[0] > 0.5, "\(values)")
        #expect(best.allSatisfy { $0["gain"] == .null })
    }
}

enum VisionPython {
    static let required = ProcessInfo.processInfo.environment["KAIZEN_REQUIRE_TORCH"] == "1"
    static let available: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", "import torch, sklearn"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()
}

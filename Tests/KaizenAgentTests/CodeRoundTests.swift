import Foundation
import KaizenAgent
import KaizenCode
import KaizenCore
import KaizenLLM
import KaizenStore
import KaizenTrainer
import ScriptedLLMServer
import Synchronization
import Testing

/// The architecture persona's code mode against a scripted LLM: seeds are trained first,
/// prompts carry the reference and n examples with their accuracy, and each reply is
/// extracted, checked and journaled with its verdict.
@Suite struct CodeRoundTests {
    static let seeds = [
        CodeTask.Model(name: "mlp", source: "import torch\nclass Net(torch.nn.Module):\n    pass  # mlp\n"),
        CodeTask.Model(name: "cnn", source: "import torch\nclass Net(torch.nn.Module):\n    pass  # cnn\n"),
        CodeTask.Model(name: "resnet", source: "import torch\nclass Net(torch.nn.Module):\n    pass  # resnet\n"),
    ]

    /// Accuracy from the source (longer is better), and the artifacts it was given.
    final class ArtifactTrainer: Trainer {
        let artifacts = Mutex<[CodeArtifact]>([])
        func train(_ job: TrainingJob) async throws(TrainingFailure) -> TrainingResult {
            guard let artifact = job.artifact else { throw .badOutput("no artifact", stderrTail: "") }
            artifacts.withLock { $0.append(artifact) }
            return TrainingResult(metrics: ["accuracy": min(0.99, Double(artifact.source.count) / 200)], wallSeconds: 0.01)
        }
    }

    static func task(examples: Int) -> CodeTask {
        var task = CodeTask(
            dataset: "digits", description: "Classify 8x8 digits.", inputShape: [1, 8, 8], classes: 10,
            reference: seeds[1], seeds: [seeds[0], seeds[2]])
        task.examples = examples
        return task
    }

    @Test func seedsTrainFirstThenEveryReplyIsCheckedAndJournaled() async throws {
        let good = "import torch\nfrom torch import nn\n\nclass Net(nn.Module):\n    def __init__(self, in_shape, num_classes):\n        super().__init__()\n        self.fc = nn.Linear(64, num_classes)\n\n    def forward(self, x):\n        return self.fc(x.flatten(1))\n"
        let replies = Mutex([
            "Here it is:\n```python\n\(good)```\nEnjoy.",
            "```python\nimport torch\nclass Model(torch.nn.Module):\n    pass\n```",
            good.replacingOccurrences(of: "    ", with: "  "),
            "```python\nclass Net:\n    def f(self:\n        pass\n```",
        ])
        let prompts = Mutex<[String]>([])
        let samplingSeeds = Mutex<[Int]>([])
        let server = try ScriptedLLMServer { request in
            let content = ((request.json?["messages"] as? [[String: Any]])?.last?["content"] as? String) ?? ""
            prompts.withLock { $0.append(content) }
            if let seed = request.json?["seed"] as? Int { samplingSeeds.withLock { $0.append(seed) } }
            let reply = replies.withLock { $0.isEmpty ? "no more" : $0.removeFirst() }
            return .respond(status: 200, body: OpenAIBody.chat(content: reply))
        }
        defer { server.stop() }
        let store = try Store.inMemory()
        var settings = AgentSettings()
        settings.code = Self.task(examples: 2)
        let trainer = ArtifactTrainer()
        let client = LLMClient(endpoint: LLMEndpoint(baseURL: server.baseURL, model: "gemma-3-270m", requestTimeout: .seconds(10), maxRetries: 0), recorder: store)
        let agent = OfflineAgent(
            store: store, space: Fixtures.space, policy: Fixtures.policy, production: Fixtures.production,
            prompts: try Fixtures.prompts(), llm: client, retriever: nil, settings: settings, seed: 7)
        let pool = TrainingPool(store: store, trainer: trainer, gate: BudgetGate(budgets: Fixtures.policy.budgets, store: store), workers: 1, capacity: 8)

        // A trained model of another dataset, longer (so better) than every seed: never an example here.
        let otherSource = "import torch\nclass Net(torch.nn.Module):\n    pass  # fashion-only " + String(repeating: "x", count: 120) + "\n"
        let other = Candidate(
            persona: .architecture, state: .queued, proposer: "llm",
            delta: ["code": ["dataset": "fashion-mnist", "metric": "accuracy", "examples": 2]], config: Fixtures.production,
            fingerprint: CodeChecks.fingerprint(otherSource), code: otherSource)
        try store.insertCandidate(other)
        await pool.submit(other.id)

        // The first round plants the three seeds and waits for them: its prompts show their scores.
        let report = try await agent.round(persona: .architecture, count: 4, pool: pool)
        await pool.drain()
        let seeds = try store.candidates(persona: .architecture).filter { $0.proposer == CodeTask.seedProposer }
        #expect(seeds.count == 3 && seeds.allSatisfy { $0.state == .scored && $0.code != nil })

        #expect(report.outcomes.map(\.verdict) == [.valid, .invalid, .duplicate, .invalid], "\(report.stoppedEarly ?? "")")
        let first = try #require(report.outcomes[0].candidateID)
        let accepted = try store.candidate(first)
        #expect(accepted.state == .scored && accepted.code == good && accepted.fingerprint == CodeChecks.fingerprint(good))
        #expect(accepted.delta?["code"]?["examples"]?.intValue == 2 && accepted.delta?["code"]?["shown"]?.intValue == 2)
        #expect(accepted.delta?["code"]?["dataset"]?.stringValue == "digits")
        #expect(report.outcomes[1].reason == CodeRejection.noNetClass.description)
        #expect(report.outcomes[2].reason == CodeRejection.duplicate(of: first).description)
        #expect(report.outcomes[3].reason?.contains("line 2") == true, "\(report.outcomes[3].reason ?? "")")
        // Rejected replies keep their raw text; only seeds and the accepted model were trained.
        let rejected = try report.outcomes.dropFirst().map { try store.candidate(#require($0.candidateID)) }
        #expect(rejected.allSatisfy { $0.rawText != nil && $0.reason != nil && $0.delta?["code"]?["examples"]?.intValue == 2 })
        let summary = try CodeSummary.make(store: store, metric: "accuracy")
        // The four replies and the fashion-mnist model planted above.
        #expect(summary.groups.map(\.examples) == [2] && summary.groups[0].proposals == 5 && summary.groups[0].duplicates == 1)
        #expect(trainer.artifacts.withLock { $0.map(\.fileName) } == ["net.py", "net.py", "net.py", "net.py", "net.py"])

        // Each prompt holds the task, the reference with its accuracy and two other models.
        let prompt = try #require(prompts.withLock { $0.first })
        #expect(prompt.contains("Classify 8x8 digits.") && prompt.contains("(1, 8, 8)"))
        #expect(prompt.contains("# cnn") && prompt.contains("accuracy 0.2"))
        #expect(prompt.contains("# mlp") && prompt.contains("# resnet"))
        #expect(!prompt.contains("fashion-only"))
        #expect(prompt.components(separatedBy: "```python\n").count - 1 == 3)
        let kinds = try store.trajectoryEvents(trajectory: report.trajectoryID).map(\.kind)
        #expect(kinds.filter { $0 == .proposal }.count == 4)

        // Later rounds sample with seeds of their own, even when nothing new was trained
        // between them (here both replies hold no code).
        for _ in 0..<2 {
            _ = try await agent.round(persona: .architecture, count: 1, pool: pool)
            await pool.drain()
        }
        let used = samplingSeeds.withLock { $0 }
        #expect(used.count == 6 && Set(used).count == 6, "\(used)")
    }
}

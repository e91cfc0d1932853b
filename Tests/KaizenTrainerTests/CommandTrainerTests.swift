import Foundation
import KaizenCore
import KaizenSandbox
import Logging
import Testing
@testable import KaizenTrainer

/// Scripts for the command trainer, written to a temporary folder outside the job directory.
private struct Scripts {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("kaizen-command-trainer-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ text: String) throws -> String {
        let path = url.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func cleanup() { try? FileManager.default.removeItem(at: url) }
}

private func trainer(_ command: [String], wallClock: Duration = .seconds(120), memoryBytes: Int? = nil, extra: [String: String] = [:]) -> CommandTrainer {
    CommandTrainer(
        command: command, limits: SandboxLimits(wallClock: wallClock, memoryBytes: memoryBytes),
        environmentAllowList: Sandbox.defaultEnvironmentAllowList, extraEnvironment: extra,
        logger: Logger(label: "test.command-trainer"))
}

private let sampleConfig: JSONValue = .object([
    "optimizer": .object(["name": .string("adamw"), "lr": .number(0.003)]),
    "architecture": .object(["embedding_dim": .number(32)]),
])

private func failure(of trainer: CommandTrainer, _ job: TrainingJob = TrainingJob(candidateID: "c1", config: sampleConfig)) async -> TrainingFailure? {
    do {
        _ = try await trainer.train(job)
        return nil
    } catch {
        return error
    }
}

@Suite(.serialized) struct CommandTrainerTests {
    @Test func goodJSONOnTheLastLineOfStdout() async throws {
        let scripts = try Scripts()
        defer { scripts.cleanup() }
        let script = try scripts.write("train.py", """
            import json, sys
            print("epoch 1/2 loss 0.61")
            print("epoch 2/2 loss 0.52")
            print("some warning", file=sys.stderr)
            print(json.dumps({"metrics": {"val_logloss": 0.43, "auc": 0.71, "ndcg@10": 0.3},
                              "curve": [{"epoch": 1, "train_loss": 0.61, "validation_loss": 0.55},
                                        {"epoch": 2, "train_loss": 0.52}],
                              "parameters": 123456, "inference_flops": 2.5e6}))
            print()
            """)
        let result = try await trainer(["python3", script]).train(TrainingJob(candidateID: "c1", config: sampleConfig))
        #expect(result.metrics == ["val_logloss": 0.43, "auc": 0.71, "ndcg@10": 0.3])
        #expect(result.curve == [CurvePoint(epoch: 1, trainLoss: 0.61, validationLoss: 0.55), CurvePoint(epoch: 2, trainLoss: 0.52, validationLoss: nil)])
        #expect(result.parameterCount == 123456)
        #expect(result.inferenceFLOPsPerRequest == 2.5e6)
        #expect(result.wallSeconds > 0 && result.wallSeconds < 30)
        #expect(result.logTail == "some warning\n")
    }

    @Test func flatObjectOfNumbersAndReportedWallTime() async throws {
        let flat = try await trainer(["sh", "-c", "echo '{\"val_logloss\": 0.5, \"auc\": 0.6}'"]).train(TrainingJob(candidateID: "c", config: sampleConfig))
        #expect(flat.metrics == ["val_logloss": 0.5, "auc": 0.6])
        let timed = try await trainer(["sh", "-c", "echo '{\"metrics\": {\"auc\": 0.6}, \"wall_seconds\": 42.5}'"]).train(TrainingJob(candidateID: "c", config: sampleConfig))
        #expect(timed.wallSeconds == 42.5)
    }

    @Test func metricsFileWinsOverStdout() async throws {
        let scripts = try Scripts()
        defer { scripts.cleanup() }
        let script = try scripts.write("train.py", """
            import json, os
            with open(os.environ["KAIZEN_METRICS"], "w") as f:
                json.dump({"metrics": {"val_logloss": 0.39}, "parameters": 10}, f, indent=2)
            print("training finished; metrics are in the file")
            """)
        let result = try await trainer(["python3", script]).train(TrainingJob(candidateID: "c1", config: sampleConfig))
        #expect(result.metrics == ["val_logloss": 0.39])
        #expect(result.parameterCount == 10)
    }

    @Test func malformedJSON() async {
        let f = await failure(of: trainer(["sh", "-c", "echo 'progress'; echo '{\"metrics\": {\"val_logloss\": 0.4'"]))
        guard case .badOutput(let why, _)? = f else { Issue.record("expected badOutput, got \(String(describing: f))"); return }
        #expect(why.contains("malformed JSON"), "\(why)")
        #expect(f?.reason.contains("not usable") == true)
    }

    @Test func missingJSON() async {
        let f = await failure(of: trainer(["sh", "-c", "echo 'training done'; echo 'bye' >&2"]))
        #expect(f == .badOutput("no JSON object on the last line of stdout", stderrTail: "bye\n"))
        let silent = await failure(of: trainer(["true"]))
        guard case .badOutput(let why, _)? = silent else { Issue.record("expected badOutput, got \(String(describing: silent))"); return }
        #expect(why.hasPrefix("no JSON object on the last line of stdout"))
    }

    @Test func nonFiniteMetrics() async throws {
        let scripts = try Scripts()
        defer { scripts.cleanup() }
        // Python's json.dumps writes a bare NaN, which is not JSON.
        let script = try scripts.write("nan.py", """
            import json
            print(json.dumps({"metrics": {"auc": 0.7, "val_logloss": float("nan")}}))
            """)
        #expect(await failure(of: trainer(["python3", script])) == .nonFiniteMetric("val_logloss"))
        let infinite = try scripts.write("inf.py", "import json\nprint(json.dumps({\"auc\": float(\"-inf\")}))\n")
        #expect(await failure(of: trainer(["python3", infinite])) == .nonFiniteMetric("auc"))
        #expect(await failure(of: trainer(["sh", "-c", "echo '{\"metrics\": {\"val_logloss\": \"nan\"}}'"])) == .nonFiniteMetric("val_logloss"))
        #expect(await failure(of: trainer(["sh", "-c", "echo '{\"metrics\": {\"val_logloss\": \"NaN\"}}'"])) == .nonFiniteMetric("val_logloss"))
        #expect(await failure(of: trainer(["sh", "-c", "echo '{\"metrics\": {\"auc\": null}}'"])) == .nonFiniteMetric("auc"))
        let nanLoss = try scripts.write("nanloss.py", """
            import json
            print(json.dumps({"metrics": {"auc": 0.7}, "curve": [{"epoch": 1, "train_loss": 0.5}, {"epoch": 2, "train_loss": float("nan")}]}))
            """)
        #expect(await failure(of: trainer(["python3", nanLoss])) == .nonFiniteLoss(epoch: 2))
    }

    @Test func emptyOrNonNumericMetrics() async {
        #expect(await failure(of: trainer(["sh", "-c", "echo '{\"metrics\": {}}'"])) == .badOutput("the metrics object is empty", stderrTail: ""))
        #expect(await failure(of: trainer(["sh", "-c", "echo '{}'"])) == .badOutput("the metrics object is empty", stderrTail: ""))
        #expect(await failure(of: trainer(["sh", "-c", "echo '{\"metrics\": {\"auc\": \"high\"}}'"])) == .badOutput("metric \"auc\" is a string, not a number", stderrTail: ""))
        #expect(await failure(of: trainer(["sh", "-c", "echo '{\"metrics\": [0.4]}'"])) == .badOutput("\"metrics\" is not a JSON object", stderrTail: ""))
    }

    @Test func nonZeroExitKeepsTheStderrTail() async {
        let f = await failure(of: trainer(["sh", "-c", "echo '{\"auc\": 0.5}'; echo 'Traceback: CUDA not available' >&2; exit 3"]))
        #expect(f == .exitCode(3, stderrTail: "Traceback: CUDA not available\n"))
        #expect(f?.reason.contains("status 3") == true)
        #expect(f?.reason.contains("CUDA not available") == true)
        let signaled = await failure(of: trainer(["sh", "-c", "echo dying >&2; kill -TERM $$"]))
        #expect(signaled == .killedBySignal(15, stderrTail: "dying\n"))
    }

    @Test func hugeOutputIsBoundedAndNamedInTheReason() async throws {
        // 5 MB on one line and no report: only the last 1 MiB is kept, and the reason says so.
        let flood = await failure(of: trainer(["sh", "-c", "head -c 5000000 /dev/zero | tr '\\0' x; echo"]))
        guard case .badOutput(let why, _)? = flood else { Issue.record("expected badOutput, got \(String(describing: flood))"); return }
        #expect(why.hasPrefix("output too large: 4.8 MiB on stdout, of which only the last 1.0 MiB is kept"), "\(why)")
        #expect(why.contains("no JSON object on the last line of stdout"))
        // Megabytes of progress lines before a good last line are fine: the end is what counts.
        let chatty = try await trainer(["sh", "-c", "yes 'epoch 1 loss 0.5' | head -c 3000000; echo; echo '{\"auc\": 0.61}'"])
            .train(TrainingJob(candidateID: "c", config: sampleConfig))
        #expect(chatty.metrics == ["auc": 0.61])
        // A metrics file over the limit is refused without being read.
        let file = await failure(of: trainer(["sh", "-c", "head -c 2000000 /dev/zero > \"$KAIZEN_METRICS\""]))
        #expect(file == .badOutput("output too large: the metrics file is 1.9 MiB, over the 1.0 MiB limit", stderrTail: ""))
    }

    @Test func timeout() async {
        let start = ContinuousClock.now
        let f = await failure(of: trainer(["sh", "-c", "sleep 30 & sleep 30"], wallClock: .seconds(1)))
        #expect(f == .timedOut(seconds: 1))
        #expect(ContinuousClock.now - start < .seconds(6))
    }

    @Test(.enabled(if: SandboxCapabilities.detect().memoryLimit, "no memory limit on this machine"))
    func memoryLimit() async throws {
        let scripts = try Scripts()
        defer { scripts.cleanup() }
        let script = try scripts.write("alloc.py", "x = bytearray(2 * 1024 ** 3)\nprint('{\"auc\": 1}')\n")
        #expect(await failure(of: trainer(["python3", script], memoryBytes: 256 << 20)) == .memoryLimit(megabytes: 256))
    }

    @Test func jobDirectoryHoldsConfigArtifactAndJobAndIsRemoved() async throws {
        let scripts = try Scripts()
        defer { scripts.cleanup() }
        let capture = scripts.url.appendingPathComponent("capture")
        let script = try scripts.write("inspect.py", """
            import json, os, shutil, sys
            capture = sys.argv[1]
            os.makedirs(capture)
            with open(os.path.join(capture, "cwd.txt"), "w") as f:
                f.write(os.getcwd())
            for name in os.listdir("."):
                shutil.copy(name, capture)
            with open(os.path.join(capture, "env.json"), "w") as f:
                json.dump(dict(os.environ), f)
            job = json.load(open(os.environ["KAIZEN_JOB"]))
            config = json.load(open(job["config_path"]))
            source = open(job["artifact_path"]).read()
            print(json.dumps({"metrics": {"lr": config["optimizer"]["lr"], "artifact_chars": len(source),
                                          "seed_ok": 1 if job["seed"] == 9223372036854775813 else 0}}))
            """)
        let artifact = CodeArtifact(fileName: "net.py", source: "class Net:\n    pass\n")
        let job = TrainingJob(candidateID: "cand-\"7\"", config: sampleConfig, artifact: artifact, seed: 9_223_372_036_854_775_813)
        setenv("KAIZEN_FAKE_SECRET_TOKEN", "hunter2", 1)
        defer { unsetenv("KAIZEN_FAKE_SECRET_TOKEN") }
        let result = try await trainer(["python3", script, capture.path], extra: ["EXTRA_SETTING": "on"]).train(job)
        #expect(result.metrics == ["lr": 0.003, "artifact_chars": Double(artifact.source.count), "seed_ok": 1])

        func captured(_ name: String) throws -> String {
            try String(contentsOf: capture.appendingPathComponent(name), encoding: .utf8)
        }
        let cwd = try captured("cwd.txt")
        #expect(cwd.contains("kaizen-job-"))
        #expect(!FileManager.default.fileExists(atPath: cwd), "the job directory must be removed")
        #expect(try captured("config.json") == sampleConfig.canonicalText)
        #expect(try captured("net.py") == artifact.source)
        let jobText = try captured("job.json")
        #expect(jobText.contains("\"seed\":9223372036854775813"))
        let jobJSON = try JSONValue.parse(jobText)
        #expect(jobJSON["candidate_id"] == .string("cand-\"7\""))
        #expect(jobJSON["config_path"] == .string(cwd + "/config.json"))
        #expect(jobJSON["artifact_path"] == .string(cwd + "/net.py"))
        #expect(jobJSON["metrics_path"] == .string(cwd + "/metrics.json"))
        let env = try JSONValue.parse(captured("env.json"))
        #expect(env["KAIZEN_JOB"] == .string(cwd + "/job.json"))
        #expect(env["KAIZEN_CONFIG"] == .string(cwd + "/config.json"))
        #expect(env["KAIZEN_METRICS"] == .string(cwd + "/metrics.json"))
        #expect(env["EXTRA_SETTING"] == .string("on"))
        #expect(env["KAIZEN_FAKE_SECRET_TOKEN"] == nil)
    }

    @Test func directoryIsRemovedAfterAFailureAndKeptOnRequest() async throws {
        let scripts = try Scripts()
        defer { scripts.cleanup() }
        let marker = scripts.url.appendingPathComponent("cwd.txt").path
        let failing = await failure(of: trainer(["sh", "-c", "pwd > '\(marker)'; exit 1"]))
        #expect(failing == .exitCode(1, stderrTail: ""))
        let removed = try String(contentsOfFile: marker, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!FileManager.default.fileExists(atPath: removed))

        setenv("KAIZEN_KEEP_JOBS", "1", 1)
        defer { unsetenv("KAIZEN_KEEP_JOBS") }
        _ = try await trainer(["sh", "-c", "pwd > '\(marker)'; echo '{\"auc\": 0.5}'"]).train(TrainingJob(candidateID: "k", config: sampleConfig))
        let kept = try String(contentsOfFile: marker, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(FileManager.default.fileExists(atPath: kept + "/config.json"))
        try? FileManager.default.removeItem(atPath: kept)
    }

    @Test func launchFailuresAndInvalidArtifacts() async {
        let missing = await failure(of: trainer(["kaizen-no-such-trainer"]))
        guard case .launchFailed(let why)? = missing else { Issue.record("expected launchFailed, got \(String(describing: missing))"); return }
        #expect(why.contains("kaizen-no-such-trainer"))
        #expect(await failure(of: trainer([])) == .launchFailed("the trainer command is empty"))
        let bad = TrainingJob(candidateID: "c", config: sampleConfig, artifact: CodeArtifact(fileName: "../escape.py", source: ""))
        guard case .invalidConfig? = await failure(of: trainer(["true"]), bad) else { Issue.record("expected invalidConfig"); return }
    }

    @Test func cancellation() async throws {
        let task = Task { await failure(of: trainer(["sh", "-c", "sleep 30"], wallClock: .seconds(60))) }
        try await Task.sleep(for: .milliseconds(300))
        let start = ContinuousClock.now
        task.cancel()
        #expect(await task.value == .cancelled)
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test func nonFiniteLiteralsAreQuotedOnlyOutsideStrings() {
        #expect(JSONValue.quotingNonFiniteLiterals(#"{"a": NaN, "b": -Infinity, "c": "NaN in text", "d": [Infinity]}"#)
            == #"{"a": "NaN", "b": "-Infinity", "c": "NaN in text", "d": ["Infinity"]}"#)
        #expect(JSONValue.quotingNonFiniteLiterals(#"{"e\"NaN": 1}"#) == #"{"e\"NaN": 1}"#)
    }
}

import Foundation
import KaizenCore
import KaizenSandbox
import Logging

/// Trains a candidate by running any program (the user's PyTorch or JAX script, anything) in
/// the sandbox, and reads its proxy metrics as JSON.
///
/// ## The command protocol
/// For each job, Kaizen creates a fresh temporary directory and runs the command there (it is
/// the working directory). The directory holds:
/// - `config.json`: the candidate's full config (the production config with the delta
///   applied), as canonical JSON (compact, keys sorted);
/// - the code artifact, when the candidate has one, under its file name (e.g. `net.py`);
/// - `job.json`: `{"candidate_id": "...", "seed": 1, "config_path": "/abs/config.json",
///   "artifact_path": "/abs/net.py" (only with an artifact), "metrics_path": "/abs/metrics.json"}`.
///
/// The environment holds only the allow-listed variables of Kaizen's own environment (by
/// default `Sandbox.defaultEnvironmentAllowList`: PATH, HOME, LANG, LC_ALL, TMPDIR, PYTHONPATH,
/// VIRTUAL_ENV; API keys and other secrets are NOT passed), then `extraEnvironment`, then:
/// `KAIZEN_JOB` (path of job.json), `KAIZEN_CONFIG` (path of config.json), `KAIZEN_METRICS`
/// (a path the program may write its metrics to), `KAIZEN_SEED`, `KAIZEN_CANDIDATE_ID`, and
/// `KAIZEN_ARTIFACT` when there is an artifact.
///
/// The program reports one JSON object, read from the file at `KAIZEN_METRICS` if the program
/// created it, otherwise from the LAST non-empty line of standard output (earlier lines are
/// free for progress logs):
///
///     {"metrics": {"val_logloss": 0.43, "auc": 0.71, ...},      // numbers, at least one
///      "curve": [{"epoch": 1, "train_loss": 0.52, "validation_loss": 0.47}, ...],   // optional
///      "parameters": 120000,            // optional, integer: the model's parameter count
///      "inference_flops": 2.4e6,        // optional: floating-point operations per request
///      "wall_seconds": 12.5}            // optional; Kaizen's own measurement otherwise
///
/// A flat object of numbers, `{"val_logloss": 0.43, "auc": 0.71}`, is accepted as the metrics.
/// `NaN`, `Infinity` and `-Infinity` (as Python's `json.dumps` writes them, or as strings such
/// as `"nan"`), and `null`, are non-finite metrics.
///
/// ## Failures
/// The run ends as *failed* (`TrainingFailure`) when the program exits non-zero (`.exitCode`,
/// with the tail of stderr), dies from a signal (`.killedBySignal`), runs past the wall-clock
/// limit (`.timedOut`; the whole process group is killed), exceeds the memory limit
/// (`.memoryLimit`), prints no JSON object or malformed JSON (`.badOutput`), writes a metrics
/// file larger than `limits.maxOutputBytes` or floods stdout so that the kept end holds no
/// report (`.badOutput`, "output too large"), reports an empty
/// metrics object or a non-number metric (`.badOutput`), reports a NaN or infinite metric
/// (`.nonFiniteMetric`), or a NaN or infinite loss in the curve (`.nonFiniteLoss`). A program
/// that cannot be started is `.launchFailed`; cancelling the calling task is `.cancelled`.
///
/// The directory is removed afterwards, unless the environment variable `KAIZEN_KEEP_JOBS=1` is
/// set in Kaizen's environment (for debugging; the path is logged).
public struct CommandTrainer: Trainer {
    /// argv, e.g. `["python3", "/abs/path/train.py"]`; the first word is looked up on the
    /// allow-listed PATH. Relative paths are relative to the job directory.
    public var command: [String]
    public var limits: SandboxLimits
    public var environmentAllowList: [String]
    public var extraEnvironment: [String: String]
    public var logger: Logger

    public init(
        command: [String], limits: SandboxLimits,
        environmentAllowList: [String] = Sandbox.defaultEnvironmentAllowList,
        extraEnvironment: [String: String] = [:],
        logger: Logger = Logger(label: "kaizen.trainer.command")
    ) {
        self.command = command
        self.limits = limits
        self.environmentAllowList = environmentAllowList
        self.extraEnvironment = extraEnvironment
        self.logger = logger
    }

    public func train(_ job: TrainingJob) async throws(TrainingFailure) -> TrainingResult {
        guard let executable = command.first, !executable.isEmpty else {
            throw .launchFailed("the trainer command is empty")
        }
        if Task.isCancelled { throw .cancelled }
        let parentEnvironment = ProcessInfo.processInfo.environment
        let directory = try CommandJobDirectory.create(for: job)
        let keep = parentEnvironment["KAIZEN_KEEP_JOBS"] == "1"
        defer {
            if keep {
                logger.info("kept the job directory", metadata: ["path": "\(directory.url.path)", "candidate": "\(job.candidateID)"])
            } else {
                try? FileManager.default.removeItem(at: directory.url)
            }
        }

        var environment = Sandbox.environment(from: parentEnvironment, allow: environmentAllowList)
        environment.merge(extraEnvironment) { _, new in new }
        environment["KAIZEN_JOB"] = directory.jobPath
        environment["KAIZEN_CONFIG"] = directory.configPath
        environment["KAIZEN_METRICS"] = directory.metricsPath
        environment["KAIZEN_SEED"] = String(job.seed)
        environment["KAIZEN_CANDIDATE_ID"] = job.candidateID
        if let artifact = directory.artifactPath { environment["KAIZEN_ARTIFACT"] = artifact }

        let request = SandboxRequest(
            executable: executable, arguments: Array(command.dropFirst()),
            workingDirectory: directory.url, environment: environment)
        logger.debug("running the command trainer", metadata: ["candidate": "\(job.candidateID)", "command": "\(command)"])
        let result: SandboxResult
        do {
            result = try await Sandbox.run(request, limits: limits)
        } catch is CancellationError {
            throw .cancelled
        } catch {
            throw .launchFailed("\(error)")
        }

        let tail = result.stderrTail
        switch result.status {
        case .exited(0): break
        case .exited(let code): throw .exitCode(code, stderrTail: tail)
        case .signaled(let signal): throw .killedBySignal(signal, stderrTail: tail)
        case .timedOut: throw .timedOut(seconds: limits.wallClock.seconds)
        case .memoryLimitExceeded: throw .memoryLimit(megabytes: (limits.memoryBytes ?? 0) >> 20)
        }

        let report: JSONValue
        if let size = Self.fileSize(directory.metricsPath) {
            // Read only what the output limit allows: a runaway program must not make Kaizen
            // load gigabytes to find out that they are not a report.
            guard size <= limits.maxOutputBytes else {
                throw .badOutput(
                    "output too large: the metrics file is \(Self.mebibytes(size)), over the \(Self.mebibytes(limits.maxOutputBytes)) limit",
                    stderrTail: tail)
            }
            let data = FileManager.default.contents(atPath: directory.metricsPath) ?? Data()
            report = try CommandTrainerReport.parseDocument(String(decoding: data, as: UTF8.self), source: "the metrics file", stderrTail: tail)
        } else {
            do {
                report = try CommandTrainerReport.parseLastLine(of: result.stdout, stderrTail: tail)
            } catch .badOutput(let why, let stderrTail) where result.stdoutDroppedBytes > 0 {
                // Only the end of stdout was kept; say so, or the reason blames the wrong thing.
                let total = result.stdoutDroppedBytes + result.stdout.count
                throw .badOutput(
                    "output too large: \(Self.mebibytes(total)) on stdout, of which only the last \(Self.mebibytes(limits.maxOutputBytes)) is kept; \(why)",
                    stderrTail: stderrTail)
            }
        }
        var training = try CommandTrainerReport.result(from: report, stderrTail: tail)
        if training.wallSeconds < 0 { training.wallSeconds = result.wallSeconds }
        training.logTail = tail.isEmpty ? nil : tail
        return training
    }

    /// The size of a regular file, or nil when there is none.
    static func fileSize(_ path: String) -> Int? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              attributes[.type] as? FileAttributeType == .typeRegular
        else { return nil }
        return (attributes[.size] as? NSNumber)?.intValue
    }

    static func mebibytes(_ bytes: Int) -> String { String(format: "%.1f MiB", Double(bytes) / Double(1 << 20)) }
}

/// The job's temporary directory and the files written into it.
struct CommandJobDirectory {
    let url: URL
    let configPath: String
    let jobPath: String
    let metricsPath: String
    let artifactPath: String?

    static func create(for job: TrainingJob) throws(TrainingFailure) -> CommandJobDirectory {
        if let artifact = job.artifact {
            let name = artifact.fileName
            guard !name.isEmpty, !name.contains("/"), name != ".", name != "..", !name.contains("\0"),
                  !["config.json", "job.json", "metrics.json"].contains(name)
            else { throw .invalidConfig("artifact file name \"\(name)\" must be a plain file name other than config.json, job.json and metrics.json") }
        }
        let base = FileManager.default.temporaryDirectory.standardizedFileURL
        let url = base.appendingPathComponent("kaizen-job-\(UUID().uuidString.lowercased())", isDirectory: true)
        let configPath = url.appendingPathComponent("config.json").path
        let jobPath = url.appendingPathComponent("job.json").path
        let metricsPath = url.appendingPathComponent("metrics.json").path
        let artifactPath = job.artifact.map { url.appendingPathComponent($0.fileName).path }
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try Data(job.config.canonicalText.utf8).write(to: URL(fileURLWithPath: configPath))
            if let artifact = job.artifact, let artifactPath {
                try Data(artifact.source.utf8).write(to: URL(fileURLWithPath: artifactPath))
            }
            // Written by hand so that a 64-bit seed keeps all its digits (JSONValue numbers are Double).
            var fields: [(String, String)] = [
                ("candidate_id", JSONValue.string(job.candidateID).canonicalText),
                ("config_path", JSONValue.string(configPath).canonicalText),
                ("metrics_path", JSONValue.string(metricsPath).canonicalText),
                ("seed", String(job.seed)),
            ]
            if let artifactPath { fields.append(("artifact_path", JSONValue.string(artifactPath).canonicalText)) }
            let text = "{" + fields.sorted { $0.0 < $1.0 }.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}\n"
            try Data(text.utf8).write(to: URL(fileURLWithPath: jobPath))
        } catch {
            try? FileManager.default.removeItem(at: url)
            throw .launchFailed("could not write the job directory \(url.path): \(error.localizedDescription)")
        }
        return CommandJobDirectory(url: url, configPath: configPath, jobPath: jobPath, metricsPath: metricsPath, artifactPath: artifactPath)
    }
}

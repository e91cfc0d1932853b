import Foundation
import KaizenCore
import KaizenSandbox
import Logging

/// A user's own experimentation platform behind three commands that exchange JSON.
///
/// ## The command protocol
/// Each call to `start`, `poll` or `stop` runs its command once, in `workingDirectory`
/// (relative paths in the argv are relative to it; a bare argv[0] such as `python3` is looked up
/// on the allow-listed `PATH`). The request is written to the command's standard input as ONE
/// line of compact JSON, keys sorted, followed by a newline; stdin is then closed. The reply is
/// ONE JSON object on standard output (it may span lines; log lines before it are tolerated
/// only when the object is alone on the last line: logs belong on standard error).
///
/// **start**: starts serving the treatment to a fraction of traffic.
///
///     stdin:  {"candidate": "CANDIDATE_ID", "control": {config}, "experiment": "ID",
///              "north_star": "NAME", "seed": N, "traffic_fraction": F, "treatment": {config}}
///     stdout: {"handle": "..."}
///
/// `control` is the production config when the experiment started, `treatment` the candidate's
/// full config; `traffic_fraction` is the fraction of all users in the treatment arm (as many
/// again form the control arm); `seed` is an unsigned 64-bit integer written with all its
/// digits (a platform may ignore it). `handle` is a non-empty string, passed back to `poll` and
/// `stop`. `start` MUST be idempotent per experiment id: Kaizen retries it after a crash
/// between `start` and recording the handle, and the second call must return the same
/// experiment (the same or an equivalent handle), not a second one.
///
/// **poll**: what has been measured since the last poll.
///
///     stdin:  {"after_day": D, "experiment": "ID", "handle": "H"}
///     stdout: {"days": [{"day": d, "control": {"metric": number, ...}, "treatment": {...}}, ...],
///              "north_star": [{"cohort_day": c, "control": [numbers], "treatment": [numbers]}, ...]}
///
/// `D` is the last day Kaizen already holds (-1 before the first poll; day 0 is the
/// experiment's first day). Poll must be answered from `after_day`, not from what the command
/// sent before: Kaizen may repeat a poll with the same `after_day` (after a crash), and the
/// answer must then include those days again. `days` is required and may be empty (nothing new
/// yet); otherwise it holds the days `D+1, D+2, ...` in order, without gaps (anything else is
/// `.missingDays`). Each day has an integer `day` and one object per arm mapping metric names
/// to finite numbers (`null` = not measured that day; the metric is skipped for that arm).
/// `north_star` is optional (default `[]`): the north-star cohorts whose window closed within
/// the returned days, each with its entry day (`0 <= cohort_day <= ` the last day measured,
/// each cohort once per reply) and, per arm, one finite number per user: the north-star metric
/// summed over the metric's window. Fields not named here are ignored.
///
/// **stop**: the treatment no longer gets traffic.
///
///     stdin:  {"experiment": "ID", "handle": "H", "reason": "TEXT"}
///
/// Exit status 0 is success; standard output is ignored. Stopping an experiment that is already
/// stopped should succeed too.
///
/// ## Environment and limits
/// Each command gets only the allow-listed variables of Kaizen's environment (by default
/// `Sandbox.defaultEnvironmentAllowList`: PATH, HOME, LANG, LC_ALL, TMPDIR, PYTHONPATH,
/// VIRTUAL_ENV; API keys and other secrets are NOT passed: list the variables the adapter
/// needs in `environmentAllowList`, an entry ending in `*` allows a prefix). The network is NOT
/// blocked (an adapter talks to its platform). Each call is limited to `timeout` of wall-clock
/// time; then the command's whole process group is killed. Standard output beyond 64 MiB is
/// an error; the last 4 KiB of standard error are kept for error reports.
///
/// ## Failures (`LiveEnvironmentError`)
/// - The command cannot be started (not found, not executable, working directory missing,
///   empty argv), runs past `timeout`, or the calling task is cancelled: `.launchFailed`.
/// - It exits with a non-zero status or dies from a signal: `.commandFailed`, with the tail of
///   standard error.
/// - Its standard output is not a JSON object, or a field is missing or of the wrong type, or a
///   number is not finite (`NaN`, `Infinity`, as Python's `json.dumps` writes them):
///   `.badOutput`, whose `field` is the JSON path of the offending value (`handle`,
///   `days[2].treatment.ctr`, `north_star[0].control[5]`; `stdout` for the whole document).
/// - `days` that do not start at `after_day + 1` or have a gap: `.missingDays`.
///
/// `command` in errors is the argv joined by spaces, with argv[0] shortened to its last path
/// component.
public struct CommandEnvironment: LiveEnvironment {
    public var kind: String { "command" }

    /// argv of the `start` command, e.g. `["python3", "/abs/platform.py", "start"]`.
    public var startCommand: [String]
    /// argv of the `poll` command.
    public var pollCommand: [String]
    /// argv of the `stop` command.
    public var stopCommand: [String]
    /// Wall-clock limit of each call.
    public var timeout: Duration
    /// Where the commands run; relative paths in their argv are relative to it.
    public var workingDirectory: URL
    /// Variables of Kaizen's environment passed to the commands (an entry ending in `*` is a prefix).
    public var environmentAllowList: [String]
    public var logger: Logger

    /// The most standard-output bytes a `start` or `poll` reply may have.
    static let maxReplyBytes = 64 << 20

    public init(
        start: [String], poll: [String], stop: [String], timeout: Duration = .seconds(120), workingDirectory: URL,
        environmentAllowList: [String] = Sandbox.defaultEnvironmentAllowList,
        logger: Logger = Logger(label: "kaizen.online")
    ) {
        self.startCommand = start
        self.pollCommand = poll
        self.stopCommand = stop
        self.timeout = timeout
        self.workingDirectory = workingDirectory
        self.environmentAllowList = environmentAllowList
        self.logger = logger
    }

    public func start(_ spec: ExperimentSpec) async throws(LiveEnvironmentError) -> String {
        let request = CommandEnvironmentRequest.start(spec)
        let reply = try await call(startCommand, step: "start", experiment: spec.id, request: request)
        let handle = try CommandEnvironmentReply(command: Self.commandName(startCommand)).handle(from: reply)
        logger.debug("started the experiment on the platform", metadata: ["experiment": "\(spec.id)", "handle": "\(handle)"])
        return handle
    }

    public func poll(_ spec: ExperimentSpec, handle: String, afterDay: Int) async throws(LiveEnvironmentError) -> PollReport {
        let request = CommandEnvironmentRequest.poll(spec, handle: handle, afterDay: afterDay)
        let reply = try await call(pollCommand, step: "poll", experiment: spec.id, request: request)
        let report = try CommandEnvironmentReply(command: Self.commandName(pollCommand)).pollReport(from: reply, afterDay: afterDay)
        logger.debug(
            "polled the platform",
            metadata: ["experiment": "\(spec.id)", "after_day": "\(afterDay)", "days": "\(report.days.count)", "cohorts": "\(report.cohorts.count)"])
        return report
    }

    public func stop(_ spec: ExperimentSpec, handle: String, reason: String) async throws(LiveEnvironmentError) {
        let request = CommandEnvironmentRequest.stop(spec, handle: handle, reason: reason)
        _ = try await run(stopCommand, step: "stop", experiment: spec.id, request: request, maxOutputBytes: 1 << 16)
        logger.debug("stopped the experiment on the platform", metadata: ["experiment": "\(spec.id)", "reason": "\(reason)"])
    }

    /// Runs the command and returns its reply object.
    private func call(_ argv: [String], step: String, experiment: String, request: String) async throws(LiveEnvironmentError) -> [String: JSONValue] {
        let result = try await run(argv, step: step, experiment: experiment, request: request, maxOutputBytes: Self.maxReplyBytes)
        return try CommandEnvironmentReply(command: Self.commandName(argv))
            .document(result.stdout, droppedBytes: result.stdoutDroppedBytes, limit: Self.maxReplyBytes, stderrTail: result.stderrTail)
    }

    /// Runs the command once with `request` on stdin; returns only when it exited with status 0.
    private func run(_ argv: [String], step: String, experiment: String, request: String, maxOutputBytes: Int) async throws(LiveEnvironmentError) -> SandboxResult {
        let name = Self.commandName(argv)
        guard let executable = argv.first, !executable.isEmpty else {
            throw .launchFailed(command: name, reason: "the \(step) command is empty")
        }
        let environment = Sandbox.environment(from: ProcessInfo.processInfo.environment, allow: environmentAllowList)
        let sandboxRequest = SandboxRequest(
            executable: executable, arguments: Array(argv.dropFirst()), workingDirectory: workingDirectory,
            environment: environment, stdin: Data(request.utf8))
        let limits = SandboxLimits(wallClock: timeout, memoryBytes: nil, blockNetwork: false, maxOutputBytes: maxOutputBytes)
        logger.debug("running the \(step) command", metadata: ["experiment": "\(experiment)", "command": "\(argv)"])
        let result: SandboxResult
        do {
            result = try await Sandbox.run(sandboxRequest, limits: limits)
        } catch is CancellationError {
            throw .launchFailed(command: name, reason: "cancelled (the command was killed)")
        } catch {
            throw .launchFailed(command: name, reason: "\(error)")
        }
        let tail = result.stderrTail.trimmingCharacters(in: .whitespacesAndNewlines)
        switch result.status {
        case .exited(0): return result
        case .timedOut:
            throw .launchFailed(command: name, reason: "timed out after \(Self.format(timeout)) (the command and its children were killed)")
        case .exited, .signaled, .memoryLimitExceeded:
            throw .commandFailed(command: name, status: result.status.description, stderrTail: tail)
        }
    }

    /// The argv as errors name it: argv[0]'s last path component, then the arguments.
    static func commandName(_ argv: [String]) -> String {
        guard let first = argv.first else { return "" }
        let base = first.split(separator: "/").last.map(String.init) ?? first
        return ([base] + argv.dropFirst()).joined(separator: " ")
    }

    static func format(_ duration: Duration) -> String {
        let seconds = duration.seconds
        return seconds.rounded() == seconds ? "\(Int(seconds)) s" : "\(seconds) s"
    }
}

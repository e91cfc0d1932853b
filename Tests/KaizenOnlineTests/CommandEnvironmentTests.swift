import Foundation
import KaizenCore
import Testing
@testable import KaizenOnline

/// A scripted external platform: small scripts in a temporary folder, which is also the
/// commands' working directory, keeping their state in files there.
private struct Platform {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("kaizen-command-env-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let path = url.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func read(_ name: String) -> String? {
        FileManager.default.contents(atPath: url.appendingPathComponent(name).path).map { String(decoding: $0, as: UTF8.self) }
    }

    func environment(start: [String] = ["sh", "reply.sh"], poll: [String] = ["sh", "reply.sh"], stop: [String] = ["sh", "reply.sh"], timeout: Duration = .seconds(60), allow: [String]? = nil) -> CommandEnvironment {
        if let allow {
            return CommandEnvironment(start: start, poll: poll, stop: stop, timeout: timeout, workingDirectory: url, environmentAllowList: allow)
        }
        return CommandEnvironment(start: start, poll: poll, stop: stop, timeout: timeout, workingDirectory: url)
    }

    /// `reply.sh` saves its stdin to `request.txt` and prints `reply.txt`.
    func replying(_ reply: String) throws {
        try write("reply.sh", "cat > request.txt\ncat reply.txt\n")
        try write("reply.txt", reply)
    }

    func cleanup() { try? FileManager.default.removeItem(at: url) }
}

/// The platform's `start`: saves its stdin, answers the same handle every time.
private let startScript = """
    cat > start.stdin
    echo "starting the experiment" >&2
    printf '{"handle": "h-42"}\\n'
    """

/// The platform's `poll`: every call advances its clock by `step` days (2 unless the file
/// `step` says otherwise), and answers from `after_day`, with the cohorts (window of 2 days:
/// cohort c closes on day c+1) closed in the days returned.
private let pollScript = """
    import json, os, sys
    raw = sys.stdin.read()
    with open("poll.stdin", "a") as f:
        f.write(raw)
    request = json.loads(raw)
    assert request["handle"] == "h-42", request
    step = int(open("step").read()) if os.path.exists("step") else 2
    clock = (int(open("clock").read()) if os.path.exists("clock") else 0) + step
    with open("clock", "w") as f:
        f.write(str(clock))
    after = request["after_day"]
    days = [{"day": d,
             "control": {"ctr": 0.125 + d / 64, "active_users": 1000 + d},
             "treatment": {"ctr": 0.25 + d / 64, "active_users": 1000 + d, "satisfaction": None if d == 1 else 4.5}}
            for d in range(after + 1, clock)]
    cohorts = [{"cohort_day": c, "control": [c, c + 0.5], "treatment": [c + 1, c + 1.5, c + 2]}
               for c in range(max(after, 0), clock - 1)]
    print("polled up to day", clock - 1, file=sys.stderr)
    print(json.dumps({"days": days, "north_star": cohorts, "platform_version": "1.2"}, indent=1))
    """

private let stopScript = """
    cat > stop.stdin
    echo "stopped; this is not JSON"
    """

private func scriptedPlatform() throws -> (Platform, CommandEnvironment) {
    let platform = try Platform()
    try platform.write("start.sh", startScript)
    try platform.write("poll.py", pollScript)
    try platform.write("stop.sh", stopScript)
    return (platform, platform.environment(start: ["sh", "start.sh"], poll: ["python3", "poll.py"], stop: ["sh", "stop.sh"]))
}

private let spec = ExperimentSpec(
    id: "exp-1", candidateID: "cand-7",
    control: .object(["name": .string("base"), "lr": .number(0.001)]),
    treatment: .object(["name": .string("cand \"7\""), "lr": .number(0.003), "layers": .array([.number(64), .number(32)])]),
    trafficFraction: 0.05, seed: UInt64.max, northStar: "watch_seconds")

/// What the scripted platform reports for day `d`.
private func expectedDay(_ d: Int) -> DayMetrics {
    var treatment: [String: Double] = ["ctr": 0.25 + Double(d) / 64, "active_users": Double(1000 + d)]
    if d != 1 { treatment["satisfaction"] = 4.5 }
    return DayMetrics(day: d, control: ["ctr": 0.125 + Double(d) / 64, "active_users": Double(1000 + d)], treatment: treatment)
}

private func expectedCohort(_ c: Int) -> CohortObservations {
    let c = Double(c)
    return CohortObservations(cohortDay: Int(c), control: [c, c + 0.5], treatment: [c + 1, c + 1.5, c + 2])
}

/// The environment's error, or nil when the call succeeded (any other error fails the test).
private func failure<T>(_ body: () async throws -> T) async -> LiveEnvironmentError? {
    do {
        _ = try await body()
        return nil
    } catch let error as LiveEnvironmentError {
        return error
    } catch {
        Issue.record("not a LiveEnvironmentError: \(error)")
        return nil
    }
}

@Suite(.serialized) struct CommandEnvironmentTests {
    @Test func fullCycleDecodesTheRepliesAndSendsTheContractRequests() async throws {
        let (platform, environment) = try scriptedPlatform()
        defer { platform.cleanup() }
        #expect(environment.kind == "command")

        let handle = try await environment.start(spec)
        #expect(handle == "h-42")
        #expect(platform.read("start.stdin") == """
            {"candidate":"cand-7","control":{"lr":0.001,"name":"base"},"experiment":"exp-1","north_star":"watch_seconds",\
            "seed":18446744073709551615,"traffic_fraction":0.05,"treatment":{"layers":[64,32],"lr":0.003,"name":"cand \\"7\\""}}

            """)

        let first = try await environment.poll(spec, handle: handle, afterDay: -1)
        #expect(first == PollReport(days: [expectedDay(0), expectedDay(1)], cohorts: [expectedCohort(0)]))
        #expect(first.days[1].treatment["satisfaction"] == nil)

        let second = try await environment.poll(spec, handle: handle, afterDay: 1)
        #expect(second == PollReport(days: [expectedDay(2), expectedDay(3)], cohorts: [expectedCohort(1), expectedCohort(2)]))
        #expect(platform.read("poll.stdin") == """
            {"after_day":-1,"experiment":"exp-1","handle":"h-42"}
            {"after_day":1,"experiment":"exp-1","handle":"h-42"}

            """)

        try await environment.stop(spec, handle: handle, reason: "launch: \"ctr\" up 3%")
        #expect(platform.read("stop.stdin") == #"{"experiment":"exp-1","handle":"h-42","reason":"launch: \"ctr\" up 3%"}"# + "\n")
    }

    @Test func perUserGuardrailValuesAreDecoded() async throws {
        let platform = try Platform()
        defer { platform.cleanup() }
        let environment = platform.environment()
        try platform.replying(#"{"days": [], "user_metrics": {"active_users": {"control": [0.5, 1], "treatment": [0.25, 0.75, 1]}}}"#)
        let report = try await environment.poll(spec, handle: "h-42", afterDay: 3)
        #expect(report.userMetrics == ["active_users": ArmObservations(control: [0.5, 1], treatment: [0.25, 0.75, 1])])
    }

    @Test func repeatedAfterDayIsAnsweredAgainAndAnEmptyPollIsFine() async throws {
        let (platform, environment) = try scriptedPlatform()
        defer { platform.cleanup() }
        // start is idempotent on the platform's side: the same handle again.
        #expect(try await environment.start(spec) == "h-42")
        #expect(try await environment.start(spec) == "h-42")

        let first = try await environment.poll(spec, handle: "h-42", afterDay: -1)
        #expect(first.days.map(\.day) == [0, 1])
        // A retry with the same after_day (Kaizen crashed before storing the first reply) gets
        // those days again, plus what was measured since.
        let retry = try await environment.poll(spec, handle: "h-42", afterDay: -1)
        #expect(retry == PollReport(days: (0...3).map(expectedDay), cohorts: (0...2).map(expectedCohort)))
        let next = try await environment.poll(spec, handle: "h-42", afterDay: 3)
        #expect(next == PollReport(days: [expectedDay(4), expectedDay(5)], cohorts: [expectedCohort(3), expectedCohort(4)]))

        try platform.write("step", "0")
        let nothing = try await environment.poll(spec, handle: "h-42", afterDay: 5)
        #expect(nothing == PollReport(days: [], cohorts: []))
        let afterDays = (platform.read("poll.stdin") ?? "").split(separator: "\n").compactMap { try? JSONValue.parse(String($0))["after_day"]?.intValue }
        #expect(afterDays == [-1, -1, 3, 5])
    }

    @Test func nonZeroExitReportsTheStatusAndTheStderrTail() async throws {
        let platform = try Platform()
        defer { platform.cleanup() }
        try platform.write("fail.sh", """
            cat > /dev/null
            echo '{"handle": "ignored"}'
            echo "connecting to platform.example" >&2
            echo "quota exceeded for team ranking" >&2
            exit 3
            """)
        let environment = platform.environment(start: ["sh", "fail.sh"], poll: ["sh", "fail.sh"], stop: ["/bin/sh", "fail.sh"])
        let expected = LiveEnvironmentError.commandFailed(
            command: "sh fail.sh", status: "exited with status 3", stderrTail: "connecting to platform.example\nquota exceeded for team ranking")
        #expect(await failure { try await environment.start(spec) } == expected)
        #expect(await failure { try await environment.poll(spec, handle: "h", afterDay: -1) } == expected)
        #expect(await failure { try await environment.stop(spec, handle: "h", reason: "done") } == expected)

        try platform.write("killed.sh", "echo 'about to die' >&2\nkill -9 $$\n")
        let killed = platform.environment(start: ["sh", "killed.sh"])
        #expect(await failure { try await killed.start(spec) } == .commandFailed(command: "sh killed.sh", status: "killed by signal 9", stderrTail: "about to die"))
    }

    @Test func badStartRepliesNameTheField() async throws {
        let platform = try Platform()
        defer { platform.cleanup() }
        let environment = platform.environment()
        let cases: [(reply: String, field: String, reason: String)] = [
            ("Traceback: platform down\n", "stdout", "not JSON"),
            ("", "stdout", "empty"),
            ("[\"h-42\"]\n", "stdout", "not an object"),
            ("{\"id\": \"h-42\"}\n", "handle", "missing"),
            ("{\"handle\": 42}\n", "handle", "a number (42)"),
            ("{\"handle\": \"  \"}\n", "handle", "empty"),
        ]
        for item in cases {
            try platform.replying(item.reply)
            let error = await failure { try await environment.start(spec) }
            guard case .badOutput(let command, let field, let reason)? = error else {
                Issue.record("expected bad output for \(item.reply.debugDescription), got \(String(describing: error))")
                continue
            }
            #expect(command == "sh reply.sh")
            #expect(field == item.field, "reply \(item.reply.debugDescription)")
            #expect(reason.contains(item.reason), "reply \(item.reply.debugDescription): \(reason)")
        }
        // Progress lines before a one-line reply are tolerated.
        try platform.replying("connecting...\nconnected\n{\"handle\": \"h-42\"}\n")
        #expect(try await environment.start(spec) == "h-42")
    }

    @Test func badPollRepliesNameTheJSONPath() async throws {
        let platform = try Platform()
        defer { platform.cleanup() }
        let environment = platform.environment()
        let day0 = #"{"day": 0, "control": {"ctr": 0.1}, "treatment": {"ctr": 0.2}}"#
        let day1 = #"{"day": 1, "control": {"ctr": 0.1}, "treatment": {"ctr": 0.2}}"#
        let cases: [(reply: String, field: String, reason: String)] = [
            (#"{"north_star": []}"#, "days", "missing"),
            (#"{"days": {"0": {}}}"#, "days", "expected an array"),
            (#"{"days": [\#(day0), \#(day1), {"day": 2, "control": {"ctr": 0.1}, "treatment": {"ctr": "0.3"}}]}"#,
             "days[2].treatment.ctr", #"a string ("0.3")"#),
            (#"{"days": [{"day": "0", "control": {}, "treatment": {}}]}"#, "days[0].day", "expected an integer"),
            (#"{"days": [{"day": 0.5, "control": {}, "treatment": {}}]}"#, "days[0].day", "expected an integer"),
            (#"{"days": [{"day": 0, "treatment": {}}]}"#, "days[0].control", "missing"),
            (#"{"days": [{"day": 0, "control": [0.1], "treatment": {}}]}"#, "days[0].control", "an array"),
            (#"{"days": [{"day": 0, "control": {"ctr": NaN}, "treatment": {}}]}"#, "days[0].control.ctr", "NaN is not a finite number"),
            (#"{"days": [{"day": 0, "control": {}, "treatment": {"ctr": -Infinity}}]}"#, "days[0].treatment.ctr", "not a finite number"),
            (#"{"days": [\#(day0)], "north_star": [{"cohort_day": 0, "control": [1, 2, 3, 4, 5, "6"], "treatment": []}]}"#,
             "north_star[0].control[5]", #"a string ("6")"#),
            (#"{"days": [\#(day0)], "north_star": [{"cohort_day": 0, "control": [1], "treatment": [2, null]}]}"#,
             "north_star[0].treatment[1]", "null"),
            (#"{"days": [\#(day0)], "north_star": [{"cohort_day": 0, "treatment": [2]}]}"#, "north_star[0].control", "missing"),
            (#"{"days": [\#(day0)], "north_star": [{"cohort_day": 1, "control": [1], "treatment": [2]}]}"#, "north_star[0].cohort_day", "outside 0...0"),
            (#"{"days": [\#(day0), \#(day1)], "north_star": [{"cohort_day": 0, "control": [1], "treatment": [2]}, {"cohort_day": 0, "control": [1], "treatment": [2]}]}"#,
             "north_star[1].cohort_day", "twice"),
            (#"{"days": [], "north_star": {"cohort_day": 0}}"#, "north_star", "expected an array"),
            (#"{"days": [], "user_metrics": [1]}"#, "user_metrics", "expected an object"),
            (#"{"days": [], "user_metrics": {"satisfaction": [0.8]}}"#, "user_metrics.satisfaction", "expected an object"),
            (#"{"days": [], "user_metrics": {"satisfaction": {"control": [0.8, "x"], "treatment": []}}}"#,
             "user_metrics.satisfaction.control[1]", #"a string ("x")"#),
        ]
        for item in cases {
            try platform.replying(item.reply)
            let error = await failure { try await environment.poll(spec, handle: "h-42", afterDay: -1) }
            guard case .badOutput(let command, let field, let reason)? = error else {
                Issue.record("expected bad output for \(item.reply), got \(String(describing: error))")
                continue
            }
            #expect(command == "sh reply.sh")
            #expect(field == item.field, "reply \(item.reply)")
            #expect(reason.contains(item.reason), "reply \(item.reply): \(reason)")
        }

        // null metrics are skipped, unknown fields ignored, north_star optional; Python's bare
        // NaN inside a string is just text.
        try platform.replying(#"{"days": [{"day": 0, "control": {"ctr": 0.1, "satisfaction": null, "note": 1}, "treatment": {"ctr": 0.2}, "label": "NaN day"}], "extra": true}"#)
        let report = try await environment.poll(spec, handle: "h-42", afterDay: -1)
        #expect(report == PollReport(days: [DayMetrics(day: 0, control: ["ctr": 0.1, "note": 1], treatment: ["ctr": 0.2])], cohorts: []))
        #expect(platform.read("request.txt") == #"{"after_day":-1,"experiment":"exp-1","handle":"h-42"}"# + "\n")
    }

    @Test func daysMustFollowOnWithoutGaps() async throws {
        let platform = try Platform()
        defer { platform.cleanup() }
        let environment = platform.environment()
        func day(_ d: Int) -> String { #"{"day": \#(d), "control": {"ctr": 0.1}, "treatment": {"ctr": 0.2}}"# }
        let cases: [(days: [Int], afterDay: Int, expected: Int, found: Int)] = [
            ([0, 2], -1, 1, 2),  // a gap
            ([1, 2], -1, 0, 1),  // does not start after after_day
            ([3, 4], 3, 4, 3),  // repeats a day already received
            ([4, 5, 5], 3, 6, 5),  // a duplicate
        ]
        for item in cases {
            try platform.replying(#"{"days": [\#(item.days.map(day).joined(separator: ", "))]}"#)
            let error = await failure { try await environment.poll(spec, handle: "h-42", afterDay: item.afterDay) }
            #expect(error == .missingDays(command: "sh reply.sh", expected: item.expected, found: item.found), "days \(item.days) after \(item.afterDay)")
        }
        try platform.replying(#"{"days": [\#(day(4)), \#(day(5))]}"#)
        #expect(try await environment.poll(spec, handle: "h-42", afterDay: 3).days.map(\.day) == [4, 5])
    }

    @Test func aCommandPastTheTimeoutIsKilledAndFailsFast() async throws {
        let platform = try Platform()
        defer { platform.cleanup() }
        try platform.write("slow.sh", "cat > /dev/null\nsleep 60\necho '{\"handle\": \"late\"}'\n")
        let environment = platform.environment(start: ["sh", "slow.sh"], timeout: .seconds(2))
        let clock = ContinuousClock()
        let began = clock.now
        let error = await failure { try await environment.start(spec) }
        let elapsed = clock.now - began
        guard case .launchFailed(let command, let reason)? = error else {
            Issue.record("expected a launch failure, got \(String(describing: error))")
            return
        }
        #expect(command == "sh slow.sh")
        #expect(reason.contains("timed out after 2 s"), "\(reason)")
        #expect(elapsed < .seconds(30), "took \(elapsed)")
    }

    @Test func commandsThatCannotStartAreLaunchFailures() async throws {
        let platform = try Platform()
        defer { platform.cleanup() }
        let missing = platform.environment(start: ["no-such-platform-cli-8731", "start"])
        guard case .launchFailed(let command, let reason)? = await failure({ try await missing.start(spec) }) else {
            Issue.record("expected a launch failure")
            return
        }
        #expect(command == "no-such-platform-cli-8731 start")
        #expect(reason.contains("not found"), "\(reason)")

        let empty = platform.environment(poll: [])
        #expect(await failure { try await empty.poll(spec, handle: "h", afterDay: -1) } == .launchFailed(command: "", reason: "the poll command is empty"))

        let gone = CommandEnvironment(start: ["sh", "-c", "true"], poll: ["true"], stop: ["true"], workingDirectory: platform.url.appendingPathComponent("missing"))
        guard case .launchFailed(let goneCommand, _)? = await failure({ try await gone.start(spec) }) else {
            Issue.record("expected a launch failure for a missing working directory")
            return
        }
        #expect(goneCommand == "sh -c true")
    }

    @Test func commandsGetOnlyTheAllowListedEnvironmentAndTheHostNetwork() async throws {
        let platform = try Platform()
        defer { platform.cleanup() }
        // /proc/PID/environ is the environment the shell was started with (wrappers such as a
        // pyenv shim add their own variables, so this is plain sh).
        try platform.write("env.sh", """
            cat > /dev/null
            tr '\\000' '\\n' < /proc/$$/environ | cut -d= -f1 | sort > env-names.txt
            readlink /proc/$$/ns/net > net.txt
            pwd -P > cwd.txt
            echo '{"handle": "h-env"}'
            """)
        let environment = platform.environment(start: ["sh", "env.sh"], allow: ["PATH", "HOME"])
        #expect(try await environment.start(spec) == "h-env")
        let names = (platform.read("env-names.txt") ?? "").split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        #expect(Set(names).isSubset(of: ["PATH", "HOME"]), "\(names)")
        #expect(names.contains("PATH"))
        // The network is not blocked: the command shares Kaizen's network namespace.
        let network = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/net")
        #expect(platform.read("net.txt")?.trimmingCharacters(in: .whitespacesAndNewlines) == network)
        #expect(platform.read("cwd.txt")?.trimmingCharacters(in: .whitespacesAndNewlines) == platform.url.resolvingSymlinksInPath().path)
    }
}

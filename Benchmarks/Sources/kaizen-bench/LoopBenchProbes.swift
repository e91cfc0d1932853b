import Foundation
import KaizenCore
import KaizenLoop
import KaizenOnline
import KaizenTrainer
import ScriptedLLMServer
import Synchronization

/// A lock around a value, shareable between the loop's tasks and the server's threads.
final class Box<T: Sendable>: Sendable {
    private let mutex: Mutex<T>
    init(_ value: T) { mutex = Mutex(value) }
    func withLock<R>(_ body: (inout T) -> R) -> R { mutex.withLock { body(&$0) } }
    var value: T { mutex.withLock { $0 } }
}

/// Seconds on one monotonic clock for every probe of a loop run, from `origin`.
struct BenchClock: Sendable {
    /// CPU seconds (user + system) this process has used so far, all threads.
    static var processCPU: Double {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    let origin = ContinuousClock.now
    let wallOrigin = Date()

    var now: Double { (ContinuousClock.now - origin).seconds }
    /// A `Date` (as `llm_calls.started_at` stores it) on the same scale.
    func seconds(_ date: Date) -> Double { date.timeIntervalSince(wallOrigin) }
}

/// One interval on the bench clock.
struct Span: Sendable {
    var start: Double
    var end: Double
    var label = ""
    var seconds: Double { end - start }
}

/// A loopback OpenAI-compatible server standing in for the LLM: post-reading reasoning
/// requests (no `response_format`) get a line of text; proposal requests get a random
/// instance of the request's own JSON schema, so every reply validates and most differ.
/// Each reply comes after `delay` seconds; usage is reported as about 4 characters a token.
final class ProposalLLMServer: Sendable {
    let server: ScriptedLLMServer
    /// Arrival time and handler seconds of every request, and whether it asked for a proposal.
    let hits: Box<[(at: Double, handler: Double, proposal: Bool)]>

    init(delay: Double, seed: UInt64, clock: BenchClock) throws {
        let rng = Box(SeededGenerator(seed: seed))
        let hits = Box<[(at: Double, handler: Double, proposal: Bool)]>([])
        self.hits = hits
        server = try ScriptedLLMServer { request in
            let arrived = clock.now
            let body = (try? JSONValue.parse(request.body)) ?? .object([:])
            let promptChars = (body["messages"]?.arrayValue ?? []).reduce(0) { $0 + ($1["content"]?.stringValue?.count ?? 0) }
                + (body["prompt"]?.stringValue?.count ?? 0)
            let schema = body["response_format"]?["json_schema"]?["schema"] ?? body["response_format"]?["schema"]
            let content: String
            if let schema {
                content = rng.withLock { SchemaInstance.make(schema, using: &$0) }.canonicalText
            } else {
                content = "The opened notes suggest warmup for adaptive optimizers and satisfaction-weighted rewards; GLU towers look promising."
            }
            let reply = OpenAIBody.chat(
                content: content, model: "gemma-3-270m", promptTokens: max(1, promptChars / 4), completionTokens: max(1, content.count / 4))
            hits.withLock { $0.append((arrived, clock.now - arrived, schema != nil)) }
            let answer = ScriptedAction.respond(status: 200, body: reply)
            return delay > 0 ? .delay(seconds: delay, then: answer) : answer
        }
    }

    func stop() { server.stop() }
}

/// The stand-in trainer: sleeps `seconds` (a trainer process or a GPU, not this machine's
/// cores) and returns plausible finite proxy metrics, a deterministic function of the config
/// so that candidates rank differently and some beat the baseline.
final class SleepTrainer: Trainer, Sendable {
    let seconds: Double
    let clock: BenchClock
    let jobs = Box<[Span]>([])

    init(seconds: Double, clock: BenchClock) {
        self.seconds = seconds
        self.clock = clock
    }

    func train(_ job: TrainingJob) async throws(TrainingFailure) -> TrainingResult {
        let start = clock.now
        if seconds > 0 { try? await Task.sleep(for: .milliseconds(Int((seconds * 1000).rounded()))) }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in job.config.canonicalText.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        func unit(_ k: UInt64) -> Double { Double((h >> (k * 8)) & 0xffff) / 65_535 }
        let loss = 0.46 + 0.02 * unit(0)
        let metrics = [
            "val_logloss": loss, "auc": 0.70 - 0.1 * (loss - 0.46) + 0.01 * unit(1), "ndcg@10": 0.35 + 0.03 * unit(2),
            "ltv_kendall_tau": 0.12 + 0.04 * unit(3),
        ]
        jobs.withLock { $0.append(Span(start: start, end: clock.now, label: job.candidateID)) }
        return TrainingResult(
            metrics: metrics, curve: [CurvePoint(epoch: 1, trainLoss: loss + 0.02, validationLoss: loss)], wallSeconds: seconds,
            parameterCount: 120_000, inferenceFLOPsPerRequest: 4.8e6)
    }
}

/// The built-in world behind a stopwatch: the live environment's own time (training the
/// arms' rankers, simulating days) is not orchestration.
///
/// A treatment the world refuses to train for serving (its ranker scores every item alike, so
/// `ltv_kendall_tau` is NaN; the stand-in trainer scored it offline) is served as production
/// instead, an A/A experiment, and counted: left refused, the experiment stays `starting` and
/// the online agent's next step fails the whole run (`createExperiment` for a candidate that
/// already has one: UNIQUE constraint failed: experiments.candidate_id).
final class TimedEnvironment: LiveEnvironment {
    let base: any LiveEnvironment
    let clock: BenchClock
    let calls = Box<[Span]>([])
    let substituted = Box<Set<String>>([])
    let refusals = Box<[String]>([])

    init(base: any LiveEnvironment, clock: BenchClock) {
        self.base = base
        self.clock = clock
    }

    var kind: String { base.kind }

    private func served(_ spec: ExperimentSpec) -> ExperimentSpec {
        guard substituted.value.contains(spec.id) else { return spec }
        var s = spec
        s.treatment = spec.control
        return s
    }

    func start(_ spec: ExperimentSpec) async throws(LiveEnvironmentError) -> String {
        let t = clock.now
        defer { record(t, "start") }
        do {
            return try await base.start(served(spec))
        } catch {
            guard !substituted.value.contains(spec.id) else { throw error }
            refusals.withLock { $0.append("\(error)") }
            substituted.withLock { _ = $0.insert(spec.id) }
            return try await base.start(served(spec))
        }
    }

    func poll(_ spec: ExperimentSpec, handle: String, afterDay: Int) async throws(LiveEnvironmentError) -> PollReport {
        let t = clock.now
        defer { record(t, "poll") }
        return try await base.poll(served(spec), handle: handle, afterDay: afterDay)
    }

    func stop(_ spec: ExperimentSpec, handle: String, reason: String) async throws(LiveEnvironmentError) {
        let t = clock.now
        defer { record(t, "stop") }
        try await base.stop(served(spec), handle: handle, reason: reason)
    }

    private func record(_ start: Double, _ label: String) {
        let end = clock.now
        calls.withLock { $0.append(Span(start: start, end: end, label: label)) }
    }
}

/// Keeps the loop's notes with their times (rounds end, online events) and its last snapshot.
final class NoteObserver: LoopObserver {
    let clock: BenchClock
    let notes = Box<[(at: Double, line: String)]>([])
    let last = Box(LoopProgress())
    let echo: Bool

    init(clock: BenchClock, echo: Bool) {
        self.clock = clock
        self.echo = echo
    }

    func update(_ progress: LoopProgress) { last.withLock { $0 = progress } }

    func note(_ line: String, progress: LoopProgress) {
        let at = clock.now
        notes.withLock { $0.append((at, line)) }
        if echo { print(String(format: "  [%7.3f s] ", at) + line) }
    }
}

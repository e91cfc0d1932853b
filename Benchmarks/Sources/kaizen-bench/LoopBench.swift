import Foundation
import KaizenAgent
import KaizenCore
import KaizenLLM
import KaizenLoop
import KaizenOnline
import KaizenStore
import KaizenWorkspace
import KaizenWorld
import Logging

/// `kaizen run`'s own cost and pipelining (issue 6): the real `RunLoop` over a real file store,
/// offline agent (hybrid proposer, bundled prompts, policies and knowledge, BM25 evidence),
/// LLM client, training pool and online agent on a tiny built-in world. Only the LLM (a
/// loopback server answering schema-valid proposals after a set delay) and the trainer (sleeps,
/// returns plausible metrics) are stand-ins, so their times are known.
///
/// 1. Overhead: LLM and trainer instant. Per proposal: wall time minus LLM time (request
///    latencies from `llm_calls`) minus training time / workers, and the same without the live
///    environment's time (the world training its arms' rankers and simulating days); with a
///    breakdown of where the loop's time went.
/// 2. Utilisation: LLM delay and trainer time per setting; summed trainer-call seconds over
///    workers × time, from the first job's start to the last one's end and over the whole run,
///    with worker idle time attributed to what the loop was doing then.
///
/// Overhead runs twice: with `--online-steps` per cycle and with none (no world at all); the
/// latter also times the round's public pieces alone on the store the run leaves.
/// Stand-in treatments the world cannot train are served as production (see TimedEnvironment).
///
/// Usage: kaizen-bench loop [--repeats 3] [--cycles 5] [--count 8] [--online-steps 1]
///        [--settings LLMms:TRAINms[:ONLINE_STEPS],... (default 40:400,150:400,40:400:0,150:400:0)]
///        [--util-cycles 4] [--workers 2] [--world USERS:ITEMS:IMPRESSIONS (default 1000:300:10000)] [--verbose]
enum LoopBench {
    struct Scenario {
        var llmSeconds: Double
        var trainSeconds: Double
        var workers: Int
        var cycles: Int
        var count: Int
        var onlineSteps: Int
        var world: WorldConfig
        var seed: UInt64
        var verbose: Bool
        /// Time the round's public pieces on the store the run leaves (see LoopBenchParts).
        var measureParts = false
    }

    /// Everything one run measured, on one clock (seconds from the probes' origin).
    struct Outcome {
        var start = 0.0
        var end = 0.0
        var summary = LoopSummary()
        var llm: [Span] = []
        var serverHandlerSeconds = 0.0
        var proposalRequests = 0
        var jobs: [Span] = []
        var environment: [Span] = []
        var agentBuilds: [Span] = []
        var onlineCalls: [Double] = []
        var notes: [(at: Double, line: String)] = []
        var verdicts: [String: Int] = [:]
        var leftQueued = 0
        var refusals: [String] = []
        var capacity = 0
        var tokens = 0
        var worldSeconds = 0.0
        var cpuSeconds = 0.0
        /// Treatments the world would not train, served as production instead.
        var substitutions: [String] = []
        var parts: [(name: String, ms: Double)] = []
        /// The error that ended the run, if one did.
        var failure: String?
        /// Experiments the environment refused to start (candidate delta, error).
        var startErrors: [String] = []

        var wall: Double { end - start }
        var llmSeconds: Double { llm.reduce(0) { $0 + $1.seconds } }
        var trainSeconds: Double { jobs.reduce(0) { $0 + $1.seconds } }
        var environmentSeconds: Double { environment.reduce(0) { $0 + $1.seconds } }
    }

    static func say(_ line: String) {
        print(line)
        fflush(nil)
    }

    static func pad(_ name: String) -> String { name.count >= 36 ? name : name.padding(toLength: 36, withPad: " ", startingAt: 0) }

    static func loadAverage() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
    }

    static func run() async throws {
        let benchStart = ContinuousClock.now
        let repeats = Int(Repository.option("repeats", "3")) ?? 3
        let cycles = Int(Repository.option("cycles", "5")) ?? 5
        let count = Int(Repository.option("count", "8")) ?? 8
        let onlineSteps = Int(Repository.option("online-steps", "1")) ?? 1
        let workers = Int(Repository.option("workers", "2")) ?? 2
        let utilCycles = Int(Repository.option("util-cycles", "4")) ?? 4
        let verbose = CommandLine.arguments.contains("--verbose")
        let worldParts = Repository.option("world", "1000:300:10000").split(separator: ":").compactMap { Int($0) }
        let world = WorldConfig(users: worldParts[0], items: worldParts[1], impressions: worldParts[2])
        // LLM ms : trainer ms [: online steps per cycle, default --online-steps]
        let settings: [(Double, Double, Int)] = Repository.option("settings", "40:400,150:400,40:400:0,150:400:0").split(separator: ",").compactMap { pair in
            let p = pair.split(separator: ":").compactMap { Double($0) }
            return p.count >= 2 ? (p[0] / 1000, p[1] / 1000, p.count > 2 ? Int(p[2]) : onlineSteps) : nil
        }
        let load = loadAverage()
        say("\(pad("loop.setup")) real RunLoop, file store (WAL), OfflineAgent --proposer hybrid with the bundled defaults, LLMClient -> loopback stand-in LLM, TrainingPool (queue \(WorkspaceConfig().trainer.queue)) -> sleeping trainer, OnlineAgent on a \(world.users)-user/\(world.items)-item/\(world.impressions)-impression world; load average before: \(load)")

        // 1. Overhead: with the online steps asked for, and with none (no world at all).
        if repeats > 0 {
            for steps in Array(Set([onlineSteps, 0])).sorted(by: >) {
                let scenario = Scenario(
                    llmSeconds: 0, trainSeconds: 0, workers: workers, cycles: cycles, count: count, onlineSteps: steps, world: world,
                    seed: 1, verbose: verbose)
                let tag = steps == 0 ? "loop.overhead.no_online" : "loop.overhead"
                say("\(pad(tag + ".settings")) LLM 0 ms, trainer 0 ms, \(workers) workers; \(cycles) cycles x 3 personas x \(count) proposals, \(steps) online step(s) per cycle; \(repeats) repeats")
                var outcomes: [Outcome] = []
                for r in 0..<repeats {
                    var s = scenario
                    s.seed = UInt64(r + 1)
                    s.measureParts = steps == 0
                    let o = try await runOnce(s)
                    outcomes.append(o)
                    problems(o, tag: tag + ".problem")
                    say("\(pad(tag + ".repeat")) \(r + 1): wall \(Bench.fmt(o.wall, 3)) s, CPU \(Bench.fmt(o.cpuSeconds, 3)) s, \(o.summary.proposed) proposals (\(verdictText(o))), \(o.jobs.count) jobs, \(o.llm.count) LLM calls \(Bench.fmt(o.llmSeconds * 1000, 0)) ms, environment \(Bench.fmt(o.environmentSeconds * 1000, 0)) ms; overhead \(Bench.fmt(overhead(o, workers: workers, excludingEnvironment: true) * 1000, 2)) ms/proposal; stopped: \(o.summary.stoppedBecause)")
                }
                let values = outcomes.map { overhead($0, workers: workers, excludingEnvironment: true) * 1000 }
                let median = outcomes.sorted { overhead($0, workers: workers, excludingEnvironment: true) < overhead($1, workers: workers, excludingEnvironment: true) }[outcomes.count / 2]
                say("\(pad(tag + "_ms_per_proposal")) \(Bench.fmt(Bench.percentile(values, 0.5), 2))   (median of \(repeats), range \(Bench.fmt(values.min()!, 2))-\(Bench.fmt(values.max()!, 2)): (wall - LLM latency from llm_calls - training / workers - live environment) / proposals; goal < 5 ms)")
                if steps > 0 {
                    let raw = outcomes.map { overhead($0, workers: workers, excludingEnvironment: false) * 1000 }
                    say("\(pad(tag + "_ms_incl_world")) \(Bench.fmt(Bench.percentile(raw, 0.5), 2))   (the same with the built-in world's time counted as overhead)")
                } else {
                    let cpu = outcomes.map { ($0.cpuSeconds - $0.serverHandlerSeconds) / Double(max(1, $0.summary.proposed)) * 1000 }
                    say("\(pad(tag + "_cpu_ms")) \(Bench.fmt(Bench.percentile(cpu, 0.5), 2))   (median process CPU per proposal, all threads, less the stand-in server's handler: the loop, agent, LLM client, pool and store; a load-independent figure)")
                }
                say("\(pad(tag + "_ms_per_valid")) \(Bench.fmt(overhead(median, workers: workers, excludingEnvironment: true) * Double(median.summary.proposed) / Double(max(1, median.summary.valid)) * 1000, 2))   (median run, per valid candidate: \(median.summary.valid) of \(median.summary.proposed))")
                breakdown(median, tag: tag)
            }
        }

        // 2. Utilisation.
        for (llm, train, steps) in settings {
            let scenario = Scenario(
                llmSeconds: llm, trainSeconds: train, workers: workers, cycles: utilCycles, count: count, onlineSteps: steps,
                world: world, seed: 11, verbose: verbose)
            let tag = "loop.util.\(Int(llm * 1000))_\(Int(train * 1000))" + (steps == 0 ? ".no_online" : "")
            say("\(pad(tag + ".settings")) LLM \(Int(llm * 1000)) ms per request, trainer \(Int(train * 1000)) ms per job, \(workers) workers, queue \(WorkspaceConfig().trainer.queue); \(utilCycles) cycles x 3 personas x \(count) proposals, \(steps) online step(s) per cycle")
            let o = try await runOnce(scenario)
            problems(o, tag: tag + ".problem")
            utilisation(o, tag: tag, workers: workers, train: train)
        }
        say("\(pad("loop.wall")) \(Bench.fmt((ContinuousClock.now - benchStart).seconds, 0)) s; load average after: \(loadAverage()) (other processes share the \(ProcessInfo.processInfo.activeProcessorCount) cores)")
    }

    // MARK: - One run

    static func runOnce(_ s: Scenario) async throws -> Outcome {
        let clock = BenchClock()
        let dir = FileManager.default.temporaryDirectory.appending(path: "kaizen-bench-loop-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let workspace = try Workspace.create(at: dir)
        var logger = Logger(label: "kaizen.bench.loop")
        logger.logLevel = s.verbose ? .notice : .critical
        let store = try workspace.openStore(logger: logger)
        let server = try ProposalLLMServer(delay: s.llmSeconds, seed: s.seed, clock: clock)
        defer { server.stop() }
        let llm = workspace.config.llm
        let endpoint = LLMEndpoint(
            baseURL: server.server.baseURL, model: "gemma-3-270m", connectTimeout: .milliseconds(Int(llm.connectTimeoutSeconds * 1000)),
            requestTimeout: .milliseconds(Int(llm.requestTimeoutSeconds * 1000)), maxRetries: llm.maxRetries, maxInFlight: llm.maxInFlight)
        let trainer = SleepTrainer(seconds: s.trainSeconds, clock: clock)
        let policy = try workspace.loadPolicy()
        let pool = TrainingPool(
            store: store, trainer: trainer, gate: BudgetGate(budgets: policy.budgets, store: store), workers: s.workers,
            capacity: workspace.config.trainer.queue, logger: logger)
        let worldStart = clock.now
        let world = World(config: s.world)
        let worldSeconds = clock.now - worldStart
        let environment = TimedEnvironment(
            base: WorldEnvironment(world: world, daysPerPoll: workspace.config.online.daysPerStep, logger: logger), clock: clock)
        var online = OnlineSettings()
        online.topK = workspace.config.online.topK
        online.topKPerPersona = workspace.config.online.topKPerPersona
        online.trafficFraction = workspace.config.online.trafficFraction
        online.seed = workspace.config.online.seed
        let onlineAgent = OnlineAgent(
            store: store, environment: environment, policy: policy, settings: online, initialProduction: try workspace.defaultProductionConfig(),
            logger: logger)
        let services = BenchLoopServices(
            workspace: workspace, store: store, endpoint: endpoint, pool: pool, onlineAgent: onlineAgent, logger: logger, clock: clock)
        var settings = LoopSettings(cycles: s.cycles)
        settings.proposalsPerRound = s.count
        settings.onlineStepsPerCycle = s.onlineSteps
        settings.daysPerStep = workspace.config.online.daysPerStep
        settings.resume = false
        settings.budgets = policy.budgets
        settings.llmModel = endpoint.model
        let observer = NoteObserver(clock: clock, echo: s.verbose)

        var o = Outcome()
        o.worldSeconds = worldSeconds
        o.start = clock.now
        let cpu = BenchClock.processCPU
        do {
            o.summary = try await RunLoop(store: store, services: services, settings: settings, logger: logger).run(stop: StopFlag(), observer: observer)
        } catch {
            o.failure = "\(error)"
            o.summary = observer.last.value.summary
        }
        o.end = clock.now
        o.cpuSeconds = BenchClock.processCPU - cpu
        o.substitutions = environment.refusals.value
        for e in try store.experiments() where e.lastError != nil {
            let delta = try store.candidates().first { $0.id == e.candidateID }?.delta?.canonicalText ?? "?"
            o.startErrors.append("\(e.status.rawValue) experiment for \(delta): \(e.lastError!)")
        }

        o.llm = try store.llmCalls(limit: 1_000_000).map {
            let start = clock.seconds($0.startedAt)
            return Span(start: start, end: start + $0.latency.seconds, label: $0.purpose ?? "")
        }.sorted { $0.start < $1.start }
        let usage = try store.llmUsage()
        o.tokens = usage.promptTokens + usage.completionTokens
        let hits = server.hits.value
        o.serverHandlerSeconds = hits.reduce(0) { $0 + $1.handler }
        o.proposalRequests = hits.filter(\.proposal).count
        o.jobs = trainer.jobs.value.sorted { $0.start < $1.start }
        o.environment = environment.calls.value
        o.agentBuilds = services.agentBuilds.value
        o.onlineCalls = services.onlineCalls.value
        o.notes = observer.notes.value
        for c in try store.candidates() where c.proposer != JournalSnapshot.baselineProposer {
            o.verdicts[c.state == .duplicate ? (c.reason?.hasPrefix("near") == true ? "near-duplicate" : "duplicate") : c.state == .invalid ? "invalid" : "trained", default: 0] += 1
        }
        o.leftQueued = try store.candidates(states: [.queued]).count
        if s.measureParts, let record = try store.runs().first {
            o.parts = try LoopBenchParts.measure(store: store, workspace: workspace, runStart: record.startedAt)
        }
        o.refusals = await pool.stats.refusals
        o.capacity = pool.capacity
        return o
    }

    /// A run that failed, and experiments the environment would not start.
    static func problems(_ o: Outcome, tag: String) {
        if let failure = o.failure { say("\(pad(tag)) THE RUN FAILED: \(failure)") }
        for line in o.startErrors.prefix(3) { say("\(pad(tag)) \(line)") }
        if let first = o.substitutions.first {
            say("\(pad(tag)) \(o.substitutions.count) treatment(s) the world would not train were served as production (A/A) so the run could go on; e.g. \(first)")
        }
    }

    static func overhead(_ o: Outcome, workers: Int, excludingEnvironment: Bool) -> Double {
        let rest = o.wall - o.llmSeconds - o.trainSeconds / Double(workers) - (excludingEnvironment ? o.environmentSeconds : 0)
        return rest / Double(max(1, o.summary.proposed))
    }

    static func verdictText(_ o: Outcome) -> String {
        ["trained", "duplicate", "near-duplicate", "invalid"].compactMap { k in o.verdicts[k].map { "\($0) \(k)" } }.joined(separator: ", ")
    }

    // MARK: - Where the loop's time goes

    /// What the loop was doing, as intervals on the run's clock (not overlapping; the rest is
    /// bookkeeping between steps).
    static func phases(_ o: Outcome) -> [Span] {
        var out: [Span] = []
        for b in o.agentBuilds { out.append(Span(start: b.start, end: b.end, label: "agent build (policy, space, prompts, knowledge sync)")) }
        // Rounds: from the cycle's agent build (first round) or the previous round's note to this round's note.
        let roundNotes = o.notes.filter { $0.line.contains(" round: ") || $0.line.contains(" round failed") }
        var previous: Double?
        var cycleSeen = 0
        for note in roundNotes {
            let cycle = Int(note.line.split(separator: ":").first?.split(separator: " ").last ?? "") ?? 0
            var start = previous ?? o.start
            if cycle != cycleSeen, cycle - 1 < o.agentBuilds.count {
                start = o.agentBuilds[cycle - 1].end
                cycleSeen = cycle
            }
            let inRound = o.llm.filter { $0.start >= start && $0.end <= note.at + 1e-3 }
            var cursor = start
            for (i, call) in inRound.enumerated() {
                let label = i == 0 ? "round setup (checkpoint, journal, index, baseline, cards, BM25)" : "between requests (settle, next prompt)"
                if call.start > cursor { out.append(Span(start: cursor, end: call.start, label: label)) }
                out.append(Span(start: call.start, end: call.end, label: call.label.hasPrefix("agent.reasoning") ? "LLM request: reasoning" : "LLM request: proposal"))
                cursor = max(cursor, call.end)
            }
            if note.at > cursor { out.append(Span(start: cursor, end: note.at, label: inRound.isEmpty ? "round without LLM" : "round tail (settle last)")) }
            previous = note.at
        }
        // Online steps: from `online()` to the next cycle's agent build or the run's end.
        for call in o.onlineCalls {
            let end = (o.agentBuilds.map(\.start).filter { $0 > call } + [o.end]).min()!
            var cursor = call
            for e in o.environment.filter({ $0.start >= call && $0.end <= end }).sorted(by: { $0.start < $1.start }) {
                if e.start > cursor { out.append(Span(start: cursor, end: e.start, label: "online step: agent (store, judge, select)")) }
                out.append(Span(start: e.start, end: e.end, label: "online step: world (\(e.label))"))
                cursor = e.end
            }
            out.append(Span(start: cursor, end: end, label: end == o.end ? "after the last online step (drain, finish)" : "online step: agent (store, judge, select)"))
        }
        for note in o.notes where note.line.hasSuffix("waiting for training") {
            let end = o.onlineCalls.filter { $0 > note.at }.min() ?? o.end
            out.append(Span(start: note.at, end: end, label: "last cycle: waiting for training"))
        }
        return out.sorted { $0.start < $1.start }
    }

    static func breakdown(_ o: Outcome, tag: String) {
        let p = Double(max(1, o.summary.proposed))
        var byLabel: [String: (seconds: Double, count: Int)] = [:]
        let spans = phases(o)
        for s in spans { byLabel[s.label, default: (0, 0)].seconds += s.seconds; byLabel[s.label, default: (0, 0)].count += 1 }
        let covered = spans.reduce(0) { $0 + $1.seconds }
        say("\(pad(tag + ".breakdown")) median run: \(Bench.fmt(o.wall * 1000, 0)) ms wall for \(o.summary.proposed) proposals; ms per proposal by what the loop was doing (times counted):")
        for (label, v) in byLabel.sorted(by: { $0.value.seconds > $1.value.seconds }) {
            say("\(pad(tag + ".breakdown"))   \(Bench.fmt(v.seconds * 1000 / p, 3).padding(toLength: 8, withPad: " ", startingAt: 0)) \(label) (\(v.count)x, \(Bench.fmt(v.seconds * 1000 / Double(v.count), 2)) ms each)")
        }
        say("\(pad(tag + ".breakdown"))   \(Bench.fmt((o.wall - covered) * 1000 / p, 3).padding(toLength: 8, withPad: " ", startingAt: 0)) other (run start, checkpoints between steps, stop checks)")
        let setups = spans.filter { $0.label.hasPrefix("round setup") }.map { Bench.fmt($0.seconds * 1000, 0) }
        say("\(pad(tag + ".growth")) round setup ms, round by round: \(setups.joined(separator: " "))")
        let cycleStarts = o.agentBuilds.map(\.start) + [o.end]
        let gapsByCycle = (0..<max(0, cycleStarts.count - 1)).map { c in
            spans.filter { $0.label.hasPrefix("between requests") && $0.start >= cycleStarts[c] && $0.start < cycleStarts[c + 1] }.map { $0.seconds * 1000 }
        }
        say("\(pad(tag + ".growth")) between requests, median ms per cycle: \(gapsByCycle.map { Bench.fmt(Bench.percentile($0, 0.5), 2) }.joined(separator: " ")); agent build ms per cycle: \(o.agentBuilds.map { Bench.fmt($0.seconds * 1000, 0) }.joined(separator: " "))")
        if !o.parts.isEmpty {
            say("\(pad(tag + ".parts")) the round's public pieces timed alone after the run, on its store (\(o.verdicts.values.reduce(0, +) + 1) candidates), ms, median of 5:")
            for part in o.parts { say("\(pad(tag + ".parts"))   \(Bench.fmt(part.ms, 3).padding(toLength: 8, withPad: " ", startingAt: 0)) \(part.name)") }
        }
        let serverMs = o.serverHandlerSeconds * 1000 / Double(max(1, o.llm.count))
        let llmMs = o.llmSeconds * 1000 / Double(max(1, o.llm.count))
        say("\(pad(tag + ".llm")) \(Bench.fmt(llmMs, 3)) ms per request as llm_calls records it (client: body, libcurl over loopback, envelope + schema check), of which the stand-in server's handler \(Bench.fmt(serverMs, 3)) ms; \(o.llm.count) requests, \(o.tokens) tokens")
        say("\(pad(tag + ".world")) world built in \(Bench.fmt(o.worldSeconds * 1000, 0)) ms before the run (not counted); \(o.environment.count) environment calls took \(Bench.fmt(o.environmentSeconds * 1000, 0)) ms in the run")
    }

    // MARK: - Utilisation

    static func utilisation(_ o: Outcome, tag: String, workers: Int, train: Double) {
        let w = Double(workers)
        guard let first = o.jobs.map(\.start).min(), let last = o.jobs.map(\.end).max() else {
            say("\(pad(tag)) no training jobs ran")
            return
        }
        let busy = o.trainSeconds
        let spanFraction = busy / (w * (last - first))
        let runFraction = busy / (w * o.wall)
        say("\(pad(tag + ".busy_span")) \(Bench.fmt(spanFraction * 100, 1))%   (trainer-call seconds \(Bench.fmt(busy, 2)) / (\(workers) workers x \(Bench.fmt(last - first, 2)) s from the first job's start to the last one's end); goal >= 90%)")
        say("\(pad(tag + ".busy_run")) \(Bench.fmt(runFraction * 100, 1))%   (over the whole run, \(Bench.fmt(o.wall, 2)) s; first job started \(Bench.fmt((first - o.start) * 1000, 0)) ms into the run, last ended \(Bench.fmt((o.end - last) * 1000, 0)) ms before its end)")
        say("\(pad(tag + ".run")) \(o.summary.cycles) cycles, \(o.summary.proposed) proposals (\(verdictText(o))), \(o.jobs.count) jobs incl. baselines, \(o.llm.count) LLM calls (\(o.tokens) tokens), \(o.summary.experimentsStarted) experiments started; left queued \(o.leftQueued)\(o.refusals.isEmpty ? "" : "; pool refusals: " + o.refusals.joined(separator: "; ")); stopped: \(o.summary.stoppedBecause)")
        let requestGaps = phases(o).filter { $0.label.hasPrefix("between requests") }.map(\.seconds)
        let blocked = requestGaps.filter { $0 > 0.1 }
        say("\(pad(tag + ".pipeline")) between LLM requests the agent took median \(Bench.fmt(Bench.percentile(requestGaps, 0.5) * 1000, 1)) ms, p25 \(Bench.fmt(Bench.percentile(requestGaps, 0.25) * 1000, 1)) ms; \(blocked.count) of \(requestGaps.count) gaps over 100 ms (\(Bench.fmt(blocked.reduce(0, +), 2)) s: the agent waiting for queue space, i.e. proposals ahead of training); LLM \(Bench.fmt(o.llmSeconds / Double(max(1, o.llm.count)) * 1000, 0)) ms per request; \(workers) workers train \(Bench.fmt(w / max(train, 1e-9), 2)) jobs/s")
        // Idle worker-seconds, attributed to what the loop was doing then.
        let spans = phases(o)
        var events: [Double] = [o.start, o.end]
        for j in o.jobs { events += [j.start, j.end] }
        for s in spans { events += [s.start, s.end] }
        events = Array(Set(events)).sorted()
        var idleByPhase: [String: Double] = [:]
        var idleInSpan = 0.0
        var gaps: [(start: Double, end: Double, idle: Double, phases: [String: Double])] = []
        var current: (start: Double, end: Double, idle: Double, phases: [String: Double])?
        for i in 0..<(events.count - 1) {
            let a = events[i], b = events[i + 1]
            guard b > a, a >= o.start, b <= o.end + 1e-9 else { continue }
            let mid = (a + b) / 2
            let running = o.jobs.filter { $0.start <= mid && $0.end > mid }.count
            let idle = Double(max(0, workers - running)) * (b - a)
            let phase = spans.last { $0.start <= mid && $0.end > mid }?.label ?? "other (bookkeeping between steps)"
            let where_ = mid < first ? "before the first job: " + phase : mid > last ? "after the last job: " + phase : phase
            if idle > 0 {
                idleByPhase[where_, default: 0] += idle
                if mid >= first && mid <= last { idleInSpan += idle }
                if current == nil { current = (a, b, 0, [:]) }
                current!.end = b
                current!.idle += idle
                current!.phases[phase, default: 0] += idle
            } else if let c = current {
                gaps.append(c)
                current = nil
            }
        }
        if let current { gaps.append(current) }
        let totalIdle = w * o.wall - busy
        say("\(pad(tag + ".idle")) \(Bench.fmt(totalIdle, 2)) worker-seconds idle in the run (\(Bench.fmt(idleInSpan, 2)) between the first job's start and the last one's end), by what the loop was doing:")
        for (phase, idle) in idleByPhase.sorted(by: { $0.value > $1.value }).prefix(10) {
            say("\(pad(tag + ".idle")) \(Bench.fmt(idle, 3)) s  \(Bench.fmt(idle / max(1e-9, totalIdle) * 100, 1))%  \(phase)")
        }
        for g in gaps.sorted(by: { $0.idle > $1.idle }).prefix(5) where g.idle > 0.05 {
            let main = g.phases.sorted { $0.value > $1.value }.prefix(2).map { "\($0.key) \(Bench.fmt($0.value, 2)) s" }.joined(separator: ", ")
            say("\(pad(tag + ".gap")) at \(Bench.fmt(g.start - o.start, 2))-\(Bench.fmt(g.end - o.start, 2)) s: \(Bench.fmt(g.idle, 2)) worker-s idle; \(main)")
        }
        let longest = spans.filter { $0.label.hasPrefix("online step") }
        if !longest.isEmpty {
            let perStep = Dictionary(grouping: longest, by: { s in o.onlineCalls.last { $0 <= s.start + 1e-9 } ?? 0 }).map { $0.value.reduce(0) { $0 + $1.seconds } }
            say("\(pad(tag + ".online")) online steps took \(perStep.map { Bench.fmt($0 * 1000, 0) }.joined(separator: ", ")) ms (world: \(Bench.fmt(o.environmentSeconds * 1000, 0)) ms in all)")
        }
    }
}

import Foundation
import KaizenAgent
import KaizenCore
import KaizenPolicy
import KaizenStore

extension OnlineAgent {
    /// Asks the environment to start a recorded experiment; on success the candidate goes live.
    /// A failure leaves it `starting`, retried next step (environments start idempotently).
    func start(_ record: ExperimentRecord, report: inout OnlineStepReport) async {
        do {
            let handle = try await environment.start(Self.spec(record))
            try store.markExperimentRunning(record.id, handle: handle, at: now())
            report.add(.started, record.id, "candidate \(record.candidateID) live on \(Percent.format(record.trafficFraction, sign: false)) of traffic (\(record.test) test)")
        } catch {
            let message = "start failed: \(error)"
            try? store.setExperimentError(record.id, message, at: now())
            logger.warning("experiment start failed", metadata: ["experiment": "\(record.id)", "error": "\(error)"])
            report.add(.error, record.id, message)
        }
    }

    /// Polls one running experiment, stores the new days, and decides it if it can be.
    func advance(_ record: ExperimentRecord, report: inout OnlineStepReport) async throws {
        let poll: PollReport
        do {
            poll = try await environment.poll(Self.spec(record), handle: record.handle ?? record.id, afterDay: record.lastDay)
            // Checked here too, so one environment's gap fails its experiment's poll, not the step.
            for (offset, day) in poll.days.enumerated() where day.day != record.lastDay + 1 + offset {
                throw LiveEnvironmentError.missingDays(command: environment.kind, expected: record.lastDay + 1 + offset, found: day.day)
            }
        } catch {
            let message = "poll failed: \(error)"
            try store.setExperimentError(record.id, message, at: now())
            logger.warning("experiment poll failed", metadata: ["experiment": "\(record.id)", "error": "\(error)"])
            report.add(.error, record.id, message)
            return
        }
        let days = try store.experimentDays(record.id) + poll.days
        var cohorts = try store.experimentCohorts(record.id)
        for cohort in poll.cohorts where !cohorts.contains(where: { $0.cohortDay == cohort.cohortDay }) { cohorts.append(cohort) }
        let test = Policy.Launch.Test(rawValue: record.test) ?? policy.launch.test
        let judge = ExperimentJudge(launch: policy.launch, guardrails: policy.guardrails, test: test)
        var userMetrics = try store.experimentUserMetrics(record.id)
        userMetrics.merge(poll.userMetrics) { $1 }
        let verdict = judge.judge(days: days, cohorts: cohorts, userMetrics: userMetrics, state: record.state)
        let state: JSONValue
        switch verdict {
        case .running(let s, _), .decided(_, let s): state = s
        }
        try store.recordPoll(record.id, days: poll.days, cohorts: poll.cohorts, userMetrics: poll.userMetrics, state: state, at: now())
        if !poll.days.isEmpty { report.add(.polled, record.id, "days \(poll.days.first!.day)–\(poll.days.last!.day), \(poll.cohorts.count) north-star cohort(s) closed") }
        switch verdict {
        case .running(_, let note):
            report.add(.running, record.id, "day \(days.count): \(note)")
        case .decided(let decision, let state):
            try await finish(record, decision: decision, state: state, report: &report)
        }
    }

    /// Stops the experiment and stores the decision; a launch makes the treatment production.
    func finish(_ record: ExperimentRecord, decision: Decision, state: JSONValue, report: inout OnlineStepReport) async throws {
        do {
            try await environment.stop(Self.spec(record), handle: record.handle ?? record.id, reason: decision.reason)
        } catch {
            // The decision stands; a platform that failed to stop is the operator's to check.
            logger.warning("experiment stop failed", metadata: ["experiment": "\(record.id)", "error": "\(error)"])
            report.add(.error, record.id, "stop failed (decision stored anyway): \(error)")
        }
        var json = decision.json.objectValue ?? [:]
        if let gain = state["offline_gain"]?.doubleValue { json["offline_gain"] = .number(gain) }
        var metrics: [MetricValue] = [MetricValue(name: "days", value: Double(decision.days), source: .online)]
        for (name, value) in [
            ("north_star_lift", decision.relativeEstimate), ("north_star_estimate", decision.estimate),
            ("north_star_ci_low", decision.ciLow), ("north_star_ci_high", decision.ciHigh), ("p_value", decision.pValue),
        ] where value.isFinite {
            metrics.append(MetricValue(name: name, value: value, source: .online))
        }
        let status: ExperimentRecord.Status = switch decision.outcome {
        case .launched: .launched
        case .notLaunched: .notLaunched
        case .aborted: .aborted
        }
        let launch = decision.outcome == .launched ? (config: record.treatment, fingerprint: Fingerprint.ofConfig(record.treatment)) : nil
        let production = try store.finishExperiment(
            record.id, status: status, decision: .object(json), metrics: metrics, reason: decision.reason, launch: launch, at: now())
        var message = "\(decision.outcome.rawValue): \(decision.reason)"
        if let production { message += "; production is now config \(production.id)" }
        report.add(.decided, record.id, message, outcome: decision.outcome)
        logger.notice("experiment decided", metadata: ["experiment": "\(record.id)", "outcome": "\(decision.outcome.rawValue)", "reason": "\(decision.reason)"])
    }
}

import Foundation
import KaizenCore
import KaizenStore
import ScriptedLLMServer
import Testing

/// The LLM fault test of the reliability checks: a whole `kaizen run` talks to the scripted
/// LLM through a `FaultProxy` that faults a seeded 30% of requests — connection resets, 429
/// with Retry-After, 500s, 30-second stalls, truncated bodies and non-JSON bodies, in
/// rotation. The run must complete its cycles without crashing, and every injected fault must
/// be in `llm_calls` under its error class.
@Suite(.serialized) struct LLMFaultCLITests {
    @Test(.timeLimit(.minutes(6))) func aRunThroughThirtyPercentFaultsCompletesAndRecordsEveryFault() throws {
        let began = ContinuousClock.now
        let llm = try ProposalLLM(seed: 9)
        let proxy = try FaultProxy(upstreamPort: llm.server.port, seed: 30, rate: 0.3, stallSeconds: 30)
        defer { proxy.stop() }
        let dir = try ProposalLLM.quickWorkspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A stall must end in the client's timeout (3 s), not the proxy's 30 s; four retries
        // make a request that meets a fault on every attempt (0.3^5) rare.
        try ProposalLLM.pointWorkspace(dir, at: proxy.baseURL, requestTimeout: 3, maxRetries: 4)

        let run = try CLI.run(["run", "--cycles", "2", "--count", "3", "--proposer", "hybrid", "--json", "--workspace", dir.path])
        let runDuration = ContinuousClock.now - began
        #expect(run.status == 0, "\(run.stderr.suffix(4000))")
        #expect(!run.stderr.contains("Fatal error") && !run.stderr.contains("Stack dump"), "\(run.stderr.suffix(4000))")
        let summary = try JSONValue.parse(run.stdout)
        #expect(summary["cycles"]?.intValue == 2, "\(run.stdout)")
        #expect(summary["stopped_because"]?.stringValue == "2 cycle(s) done", "\(run.stdout)")
        let store = try Store.open(at: dir.appending(path: ".kaizen/kaizen.sqlite"))
        let record = try #require(try store.runs().first { $0.command == "run" })
        #expect(record.status == .finished)

        // Every request the proxy saw is one row of llm_calls (one per attempt), and each
        // injected fault is there under the class the client gives it:
        //   429 → http_429, 500 → http_500, stall → timeout, non-JSON 200 → bad_response;
        //   a reset and a truncated body are both a broken transfer to libcurl (errors 56/52
        //   and 18), classed `connection`, so those two are compared as a sum.
        let injected = proxy.injected
        let calls = try store.llmCalls(limit: 1_000_000)
        var byClass: [String: Int] = [:]
        for call in calls { byClass[call.errorClass ?? "ok", default: 0] += 1 }
        let faults = injected.values.reduce(0, +)
        for fault in FaultProxy.Fault.allCases {
            #expect(injected[fault, default: 0] >= 1, "no \(fault.rawValue) fault was injected: \(injected)")
        }
        #expect(calls.count == proxy.requestCount, "llm_calls \(byClass), proxy saw \(proxy.requestCount) requests")
        #expect(byClass["http_429", default: 0] == injected[.tooManyRequests, default: 0], "\(byClass) vs \(injected)")
        #expect(byClass["http_500", default: 0] == injected[.serverError, default: 0], "\(byClass) vs \(injected)")
        #expect(byClass["timeout", default: 0] == injected[.stall, default: 0], "\(byClass) vs \(injected)")
        #expect(byClass["bad_response", default: 0] == injected[.notJSON, default: 0], "\(byClass) vs \(injected)")
        #expect(
            byClass["connection", default: 0] == injected[.reset, default: 0] + injected[.truncated, default: 0],
            "\(byClass) vs \(injected)")
        #expect(byClass["ok", default: 0] == proxy.forwardedCount, "\(byClass); forwarded \(proxy.forwardedCount)")
        // The scripted model only gives schema-valid answers, so no content errors were made up.
        #expect(Set(byClass.keys).isSubset(of: ["ok", "http_429", "http_500", "timeout", "bad_response", "connection"]), "\(byClass)")
        // Every fault was retried (four retries allowed): each failed attempt before the fifth
        // has a next attempt of the same request in the table.
        let ordered = calls.sorted { $0.startedAt < $1.startedAt }
        for (index, call) in ordered.enumerated() where call.errorClass != nil && call.attempt <= 4 {
            let retried = ordered[(index + 1)...].contains { $0.kind == call.kind && $0.purpose == call.purpose && $0.attempt == call.attempt + 1 }
            #expect(retried, "attempt \(call.attempt) failed with \(call.errorClass ?? "") and was not retried")
        }

        let candidates = try store.candidates()
        #expect(candidates.allSatisfy { ![.queued, .training, .proposed].contains($0.state) })
        let doctor = try CLI.run(["doctor", "--workspace", dir.path])
        #expect(doctor.status == 0, "\(doctor.stdout)\(doctor.stderr)")
        #expect(try store.doctor().filter { $0.severity == .error }.isEmpty)

        let perClass = FaultProxy.Fault.allCases.map { "\($0.rawValue) \(injected[$0, default: 0])" }.joined(separator: ", ")
        let llmProposals = candidates.filter { $0.proposer == "hybrid" }.count
        let fallbacks = candidates.filter { $0.proposer == "evolutionary" }.count
        let gaveUp = calls.filter { $0.errorClass != nil && $0.attempt == 5 }.count
        print("""
            LLM fault test: \(proxy.requestCount) requests through the proxy, \(faults) faulted (\(perClass)); \
            llm_calls by class: \(byClass.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")); \
            \(gaveUp) request(s) failed all 5 attempts; \(summary["proposed"]?.intValue ?? 0) proposed (\(llmProposals) by the LLM (hybrid), \(fallbacks) by the evolutionary fallback); \
            run \(KillResumeCLITests.seconds(runDuration))
            """)
    }
}

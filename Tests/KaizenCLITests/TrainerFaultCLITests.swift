import Foundation
import KaizenAgent
import KaizenCore
import KaizenStore
import Testing

/// A command trainer that misbehaves on some candidates, through the whole `kaizen run`
/// loop: each faulty candidate is failed with its own reason, the others are scored, and the
/// run finishes normally.
@Suite(.serialized) struct TrainerFaultCLITests {
    /// The trainer: production's own config (the baseline) always trains well; the other
    /// candidates, in the order they are trained, crash, hang, report NaN, flood stdout, then
    /// train well. Each job appends "candidate fault" to `ledger` before it acts.
    static let script = """
        #!/bin/sh
        ws="$1"
        if [ "$(cat "$KAIZEN_CONFIG")" = "$(cat "$ws/production.canonical.json")" ]; then
            fault=none
        else
            n=$(( $(cat "$ws/count" 2>/dev/null || echo 0) + 1 ))
            echo "$n" > "$ws/count"
            case "$n" in 1) fault=crash ;; 2) fault=hang ;; 3) fault=nan ;; 4) fault=huge ;; *) fault=none ;; esac
        fi
        echo "$KAIZEN_CANDIDATE_ID $fault" >> "$ws/ledger"
        case "$fault" in
            crash) echo "simulated trainer crash" >&2; exit 3 ;;
            hang) sleep 600 ;;
            nan) echo '{"metrics": {"val_logloss": NaN, "auc": 0.6, "ndcg@10": 0.3, "ltv_kendall_tau": 0.2}}' ;;
            huge) head -c 6000000 /dev/zero | tr '\\0' x; echo ;;
            *) echo "epoch 1 loss 0.5"; echo '{"metrics": {"val_logloss": 0.5, "auc": 0.6, "ndcg@10": 0.3, "ltv_kendall_tau": 0.2}}' ;;
        esac
        """

    @Test(.timeLimit(.minutes(20))) func eachFaultFailsItsCandidateWithItsReasonAndTheLoopGoesOn() throws {
        let dir = try CLI.tinyWorkspace()
        let trainer = dir.appending(path: "faulty-trainer.sh").path
        let yaml = dir.appending(path: "kaizen.yaml")
        var text = try String(contentsOf: yaml, encoding: .utf8)
        for (old, new) in [
            ("  kind: builtin\n", "  kind: command\n"),
            ("  command: []\n", "  command: [\"/bin/sh\", \"\(trainer)\", \"\(dir.path)\"]\n"),
            ("  timeout_s: 1800\n", "  timeout_s: 5\n"),
            ("  workers: 0\n", "  workers: 1\n"),
        ] {
            let range = try #require(text.range(of: old), "kaizen.yaml has no line \(old)")
            text.replaceSubrange(range, with: new)
        }
        try text.write(to: yaml, atomically: true, encoding: .utf8)
        try Self.script.write(to: dir.appending(path: "faulty-trainer.sh"), atomically: true, encoding: .utf8)
        let production = try JSONValue.parse(String(contentsOf: dir.appending(path: "Policies/production.json"), encoding: .utf8))
        try production.canonicalText.write(to: dir.appending(path: "production.canonical.json"), atomically: true, encoding: .utf8)

        let run = try CLI.run(["run", "--cycles", "1", "--proposer", "evolutionary", "--count", "3", "--online-steps", "0", "--json", "--workspace", dir.path])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")

        let store = try Store.open(at: dir.appending(path: ".kaizen/kaizen.sqlite"))
        let ledger = try String(contentsOf: dir.appending(path: "ledger"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        var faultOf: [String: String] = [:]
        for entry in ledger where entry.count == 2 { faultOf[entry[0]] = entry[1] }
        #expect(faultOf.count == ledger.count, "a candidate was trained twice: \(ledger)")
        let expected = [
            "crash": ["the trainer exited with status 3", "simulated trainer crash"],
            "hang": ["timed out after 5 s"],
            "nan": ["metric val_logloss is NaN or infinite"],
            "huge": ["output too large: 5.7 MiB on stdout"],
        ]
        for (fault, phrases) in expected {
            let id = try #require(faultOf.first { $0.value == fault }?.key, "no candidate got the \(fault) fault: \(ledger)")
            let candidate = try store.candidate(id)
            #expect(candidate.state == .failed, "\(fault): \(candidate.state)")
            for phrase in phrases { #expect(candidate.reason?.contains(phrase) == true, "\(fault): \(candidate.reason ?? "no reason")") }
        }
        // The loop went on: every other job, the baseline included, was scored.
        let good = faultOf.filter { $0.value == "none" }.map(\.key)
        #expect(good.count >= 2)
        for id in good { #expect(try store.candidate(id).state == .scored, "\(id)") }
        #expect(try store.candidates().contains { $0.proposer == JournalSnapshot.baselineProposer && $0.state == .scored })
        #expect(try store.candidates(states: [.queued, .training]).isEmpty)
        #expect(try store.runs().first { $0.command == "run" }?.status == .finished)

        let doctor = try CLI.run(["doctor", "--json", "--workspace", dir.path])
        #expect(doctor.status == 0, "\(doctor.stdout)\(doctor.stderr)")
        #expect(try JSONValue.parse(doctor.stdout)["ok"] == .bool(true))
    }
}

import Testing

@testable import KaizenCore

@Suite struct LifecycleTests {
    @Test func theDocumentedPathIsLegalAndShortcutsAreNot() {
        let path: [LifecycleState] = [.proposed, .queued, .training, .scored, .selected, .awaitingApproval, .approved, .live, .launched]
        for (a, b) in zip(path, path.dropFirst()) { #expect(a.canMove(to: b), "\(a) → \(b)") }
        #expect(!LifecycleState.proposed.canMove(to: .live))
        #expect(!LifecycleState.awaitingApproval.canMove(to: .live))
        #expect(LifecycleState.training.canMove(to: .queued))
        #expect(LifecycleState.launched.isTerminal && LifecycleState.rejected.isTerminal)
    }
}

@Suite struct TrajectoryEventTests {
    @Test func roundTripKeepsUnknownFields() throws {
        let line = #"{"schema":"kaizen.trajectory.v1","trajectory":"t1","step":2,"type":"search","query":"glu","results":[{"doc":"d1","rank":1,"score":3.5}],"agent":"other-agent"}"#
        let event = try TrajectoryEvent.parse(line: line, number: 1)
        #expect(event.kind == .search && event.step == 2 && event.fields["agent"] == .string("other-agent"))
        #expect(event.json.canonicalText == (try JSONValue.parse(line)).canonicalText)
    }

    @Test(arguments: [
        (#"{"trajectory":"t","step":0,"type":"task","text":"x"}"#, "missing \"schema\""),
        (#"{"schema":"kaizen.trajectory.v2","trajectory":"t","step":0,"type":"task","text":"x"}"#, "unsupported schema"),
        (#"{"schema":"kaizen.trajectory.v1","trajectory":"t","step":-1,"type":"task","text":"x"}"#, "\"step\""),
        (#"{"schema":"kaizen.trajectory.v1","trajectory":"t","step":0,"type":"dance"}"#, "unknown type"),
        (#"{"schema":"kaizen.trajectory.v1","trajectory":"t","step":0,"type":"browse"}"#, "\"doc\""),
        (#"{"schema":"kaizen.trajectory.v1","trajectory":"t","step":0,"type":"search","query":"q","results":[{"doc":"d","rank":0}]}"#, "rank"),
        (#"{"schema":"kaizen.trajectory.v1","trajectory":"t","step":0,"type":"outcome"}"#, "success"),
        ("not json", "invalid JSON"),
        ("[1, 2]", "expected a JSON object"),
        (#"{"schema":"kaizen.trajectory.v1","step":0,"type":"task","text":"x"}"#, "\"trajectory\" must be a non-empty string"),
        (#"{"schema":"kaizen.trajectory.v1","trajectory":"t","step":1.5,"type":"task","text":"x"}"#, "\"step\" must be a non-negative integer"),
        (#"{"schema":"kaizen.trajectory.v1","trajectory":"t","step":0,"text":"x"}"#, "missing \"type\""),
        (#"{"schema":"kaizen.trajectory.v1","trajectory":"t","step":0,"type":"task"}"#, "task needs a string \"text\""),
        (#"{"schema":"kaizen.trajectory.v1","trajectory":"t","step":0,"type":"answer","text":3}"#, "answer needs a string \"text\""),
        (#"{"schema":"kaizen.trajectory.v1","trajectory":"t","step":0,"type":"proposal"}"#, "proposal needs a string \"text\""),
        (#"{"schema":"kaizen.trajectory.v1","trajectory":"t","step":0,"type":"reason","text":"r","tokens":-2}"#, "\"tokens\" must be a non-negative integer"),
        (#"{"schema":"kaizen.trajectory.v1","trajectory":"t","step":0,"type":"search","results":[]}"#, "search needs a string \"query\""),
        (#"{"schema":"kaizen.trajectory.v1","trajectory":"t","step":0,"type":"search","query":"q"}"#, "search needs an array \"results\""),
        (#"{"schema":"kaizen.trajectory.v1","trajectory":"t","step":0,"type":"search","query":"q","results":[{"rank":1}]}"#, "results[0] needs a string \"doc\""),
        (#"{"schema":"kaizen.trajectory.v1","trajectory":"t","step":0,"type":"search","query":"q","results":[{"doc":"d","rank":1,"score":"high"}]}"#, "results[0].score must be a number"),
        (#"{"schema":"kaizen.trajectory.v1","trajectory":"t","step":0,"type":"outcome","success":true,"metrics":[1]}"#, "\"metrics\" must be an object"),
    ])
    func invalidLinesSayWhy(line: String, fragment: String) {
        do {
            _ = try TrajectoryEvent.parse(line: line, number: 7)
            Issue.record("expected an error for \(line)")
        } catch {
            #expect(error.line == 7)
            #expect(error.reason.contains(fragment), "\(error.reason)")
        }
    }
}

@Suite struct TrajectoryFileTests {
    @Test func aFileKeepsValidLinesAndNamesEveryInvalidOne() {
        let text = """
            {"schema":"kaizen.trajectory.v1","trajectory":"b","step":1,"type":"browse","doc":"d2"}

            {"schema":"kaizen.trajectory.v1","trajectory":"b","step":0,"type":"search","query":"q","results":[{"doc":"d2","rank":1}]}
            {"schema":"kaizen.trajectory.v1","trajectory":"b","step":1,"type":"browse","doc":"d3"}
            not json
            {"schema":"kaizen.trajectory.v1","trajectory":"a","step":0,"type":"task","text":"find it","extra":{"k":[1,2]}}
            """
        let file = TrajectoryFile(text: text)
        #expect(file.events.map { "\($0.trajectory)/\($0.step)" } == ["b/1", "b/0", "a/0"])
        #expect(file.errors.map(\.line) == [4, 5])
        #expect(file.errors.first?.reason == "step 1 of trajectory b appears twice in the file")
        // Export order is (trajectory, step); the unknown field survives the round trip.
        let exported = TrajectoryFile.text(file.events)
        #expect(exported.split(separator: "\n").first?.contains("\"extra\":{\"k\":[1,2]}") == true)
        #expect(TrajectoryFile(text: exported).events.sorted { ($0.trajectory, $0.step) < ($1.trajectory, $1.step) }
            == file.events.sorted { ($0.trajectory, $0.step) < ($1.trajectory, $1.step) })
        #expect(TrajectoryFile.text(TrajectoryFile(text: exported).events) == exported)
    }
}

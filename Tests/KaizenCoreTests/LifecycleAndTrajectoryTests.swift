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

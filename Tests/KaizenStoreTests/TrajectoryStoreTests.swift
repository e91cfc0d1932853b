import Foundation
import GRDB
import KaizenCore
import Testing

@testable import KaizenStore

@Suite struct TrajectoryStoreTests {
    static func event(_ step: Int, _ kind: TrajectoryEvent.Kind, _ fields: [String: JSONValue]) -> TrajectoryEvent {
        TrajectoryEvent(trajectory: "t1", step: step, kind: kind, fields: fields)
    }

    @Test func aReImportChangesNothingAndAConflictingStepIsLeftOut() throws {
        let store = try Store.inMemory()
        let events = [Self.event(0, .task, ["text": "find a doc"]), Self.event(1, .browse, ["doc": "d1"])]
        #expect(try store.importTrajectoryEvents(events, source: "import:a.jsonl") == TrajectoryImportResult(inserted: 2, unchanged: 0, conflicts: []))
        #expect(try store.importTrajectoryEvents(events, source: "import:a.jsonl") == TrajectoryImportResult(inserted: 0, unchanged: 2, conflicts: []))
        let changed = [Self.event(1, .browse, ["doc": "d2"]), Self.event(2, .outcome, ["success": true])]
        #expect(try store.importTrajectoryEvents(changed, source: "import:b.jsonl") == TrajectoryImportResult(inserted: 1, unchanged: 0, conflicts: [0]))
        #expect(try store.trajectoryEvents(trajectory: "t1").map(\.fields) == [["text": "find a doc"], ["doc": "d1"], ["success": true]])
    }

    @Test func theV6MigrationRewritesEarlierAgentEventsIntoValidV1() throws {
        let queue = try DatabaseQueue()
        let store = Store(writer: queue, path: ":memory:")
        try store.migrate(upTo: "v5-review")
        let old: [(Int, String, String)] = [
            (0, "task", #"{"count":2,"persona":"optimizer"}"#),
            (1, "search", #"{"query":"q","results":[{"id":"d1","rank":1,"score":2,"title":"T"}]}"#),
            (2, "browse", #"{"id":"d1","title":"T"}"#),
            (3, "proposal", #"{"candidate":"c1","delta":{"a":1},"hypothesis":"h"}"#),
            (4, "outcome", #"{"candidate":"c1","offline":{"state":"failed"}}"#),
        ]
        try queue.write { db in
            try db.execute(sql: "INSERT INTO trajectories (id, source, created_at) VALUES ('t1', 'agent', 0)")
            for (step, type, json) in old {
                try db.execute(sql: "INSERT INTO trajectory_events (trajectory_id, step, type, fields_json) VALUES ('t1', ?, ?, ?)", arguments: [step, type, json])
            }
        }
        try store.migrate()
        let events = try store.trajectoryEvents(trajectory: "t1")
        #expect(events.allSatisfy { $0.validationProblem == nil }, "\(events.compactMap(\.validationProblem))")
        #expect(events[0].fields["text"] == "Propose 2 change(s) to the production config as the optimizer persona.")
        #expect(events[1].fields["results"] == [["doc": "d1", "rank": 1, "score": 2, "title": "T"]])
        #expect(events[2].fields == ["doc": "d1", "title": "T"])
        #expect(events[3].fields["text"] == "h\n{\"a\":1}")
        #expect(events[4].fields["success"] == false)
    }
}

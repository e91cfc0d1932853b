import Foundation
import KaizenCore
import KaizenStore

/// Trajectory-event inserts into a WAL file store: one transaction per event, and batches of 1,000.
enum StoreBench {
    static func run() throws {
        let dir = FileManager.default.temporaryDirectory.appending(path: "kaizen-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Store.open(at: dir.appending(path: "bench.sqlite"))
        func event(_ t: Int, _ s: Int) -> TrajectoryEvent {
            TrajectoryEvent(trajectory: "traj-\(t)", step: s, kind: .search, fields: [
                "query": .string("gated linear units for ranking towers \(s)"),
                "results": .array((1...5).map { .object(["doc": .string("doc-\($0)"), "rank": .number(Double($0)), "score": .number(10.0 / Double($0))]) }),
            ])
        }

        // Events are built before the clock starts: this measures the store, not the caller.
        let singles = 5_000
        let singleEvents = (0..<singles).map { event($0 / 50, $0 % 50) }
        var start = ContinuousClock.now
        for e in singleEvents { try store.appendTrajectoryEvents([e], source: "bench") }
        let singleRate = Double(singles) / (ContinuousClock.now - start).seconds

        let batches = 100
        let batchSize = 1_000
        let batchEvents = (0..<batches).map { b in (0..<batchSize).map { event(1_000_000 + b, $0) } }
        start = ContinuousClock.now
        for batch in batchEvents { try store.appendTrajectoryEvents(batch, source: "bench") }
        let batchRate = Double(batches * batchSize) / (ContinuousClock.now - start).seconds
        start = ContinuousClock.now
        var bytes = 0
        for e in batchEvents.joined() { bytes += JSONValue.object(e.fields).canonicalText.utf8.count }
        let encodeRate = 100_000 / (ContinuousClock.now - start).seconds
        print("store.encode_events_per_s      \(Bench.fmt(encodeRate, 0))   (canonical JSON of the event fields alone, \(bytes / 100_000) bytes each; part of every insert)")
        print("store.single_tx_events_per_s   \(Bench.fmt(singleRate, 0))   (\(singles) events, one transaction each, WAL, synchronous=NORMAL; goal >= 2000)")
        print("store.batch1000_events_per_s   \(Bench.fmt(batchRate, 0))   (\(batches) x \(batchSize) events; goal >= 50000)")
        print("store.total_events             \(try store.trajectoryEventCount())")
    }
}

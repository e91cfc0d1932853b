import Foundation
import KaizenCore
import Testing

@testable import KaizenStore

@Suite struct ConcurrencyTests {
    /// A CLI in another process opens its own connection while the loop writes: in WAL mode
    /// its reads neither fail nor wait for the writer, and see only committed transactions.
    @Test func readersSeeCommittedDataWhileAWriterRuns() async throws {
        let dir = FileManager.default.temporaryDirectory.appending(path: "kaizen-conc-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appending(path: "k.sqlite")
        let writer = try Store.open(at: url)
        let reader = try Store.open(at: url)
        let batches = 200
        let perBatch = 50

        async let written: Void = Task.detached {
            for b in 0..<batches {
                let events = (0..<perBatch).map { i in
                    TrajectoryEvent(trajectory: "t\(b)", step: i, kind: .reason, fields: ["text": .string("step \(i)")])
                }
                try writer.appendTrajectoryEvents(events, source: "test")
            }
        }.value
        var observations: [Int] = []
        for _ in 0..<100 {
            let count = try reader.trajectoryEventCount()
            // Whole transactions only: never a partly written batch.
            #expect(count % perBatch == 0)
            observations.append(count)
            try await Task.sleep(for: .milliseconds(2))
        }
        try await written
        #expect(observations == observations.sorted())
        #expect(try reader.trajectoryEventCount() == batches * perBatch)
    }

    @Test func duplicateTrajectoryStepIsRefusedWholeBatch() throws {
        let store = try Store.inMemory()
        let a = TrajectoryEvent(trajectory: "t", step: 0, kind: .task, fields: ["text": .string("find GLU notes")])
        try store.appendTrajectoryEvents([a], source: "test")
        let b = TrajectoryEvent(trajectory: "t", step: 1, kind: .browse, fields: ["doc": .string("d1")])
        #expect(throws: StoreError.self) { try store.appendTrajectoryEvents([b, a], source: "test") }
        #expect(try store.trajectoryEvents(trajectory: "t") == [a])
    }
}

import Foundation
import KaizenCore
import KaizenStore

/// Writes one agent episode as `kaizen.trajectory.v1` events. With `store == nil` (dry
/// runs) the events are kept in memory only.
struct TrajectoryRecorder {
    let id: String
    let store: Store?
    private(set) var events: [TrajectoryEvent] = []

    init(id: String = KaizenID.make("traj"), store: Store?) {
        self.id = id
        self.store = store
    }

    mutating func log(_ kind: TrajectoryEvent.Kind, _ fields: [String: JSONValue]) throws(StoreError) {
        if let store {
            events.append(try store.appendNextTrajectoryEvent(trajectory: id, kind: kind, fields: fields, source: "agent"))
        } else {
            events.append(TrajectoryEvent(trajectory: id, step: events.count, kind: kind, fields: fields))
        }
    }
}

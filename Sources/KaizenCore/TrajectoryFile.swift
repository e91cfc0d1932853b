import Foundation

/// A `kaizen.trajectory.v1` JSON Lines file: its valid events, and every invalid line with
/// its number and reason, so an import can keep the valid ones and report the rest.
public struct TrajectoryFile: Sendable {
    public var events: [TrajectoryEvent] = []
    public var errors: [TrajectoryLineError] = []

    /// Parses `text`; blank lines are skipped, a repeated (trajectory, step) is an error.
    public init(text: String) {
        var seen = Set<String>()
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            do {
                let event = try TrajectoryEvent.parse(line: trimmed, number: index + 1)
                guard seen.insert("\(event.trajectory)\u{0}\(event.step)").inserted else {
                    errors.append(TrajectoryLineError(line: index + 1, reason: "step \(event.step) of trajectory \(event.trajectory) appears twice in the file"))
                    continue
                }
                events.append(event)
            } catch {
                errors.append(error)
            }
        }
    }

    /// One line per event, in (trajectory, step) order, as `export` writes them.
    public static func text(_ events: [TrajectoryEvent]) -> String {
        events.sorted { ($0.trajectory, $0.step) < ($1.trajectory, $1.step) }.map { $0.json.canonicalText + "\n" }.joined()
    }
}

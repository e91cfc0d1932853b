import Foundation
import KaizenCore
import KaizenLoop
import Synchronization

/// The run's progress for a person: on a terminal, one status line redrawn in place with
/// notes scrolling above it; otherwise plain timestamped log lines, with a status line at
/// each phase change and at most every `plainInterval` seconds.
final class ProgressDisplay: LoopObserver {
    private struct State {
        var lastPhase: LoopProgress.Phase?
        var lastPlain = Date.distantPast
        var lineShown = false
    }

    let terminal: Bool
    let plainInterval: TimeInterval
    private let state = Mutex(State())

    init(terminal: Bool = isatty(STDOUT_FILENO) == 1, plainInterval: TimeInterval = 30) {
        self.terminal = terminal
        self.plainInterval = plainInterval
    }

    func update(_ progress: LoopProgress) {
        state.withLock { s in
            if terminal {
                write("\r\u{1B}[2K" + Self.status(progress))
                s.lineShown = true
            } else if s.lastPhase != progress.phase || Date().timeIntervalSince(s.lastPlain) >= plainInterval {
                write(Self.stamp() + Self.status(progress) + "\n")
                s.lastPlain = Date()
            }
            s.lastPhase = progress.phase
        }
    }

    func note(_ line: String, progress: LoopProgress) {
        state.withLock { s in
            if terminal {
                write("\r\u{1B}[2K" + line + "\n" + Self.status(progress))
                s.lineShown = true
            } else {
                write(Self.stamp() + line + "\n")
            }
        }
    }

    /// Ends the redrawn line so that what follows starts on its own line.
    func finish() {
        state.withLock { s in
            if terminal && s.lineShown { write("\n") }
            s.lineShown = false
        }
    }

    static func status(_ p: LoopProgress) -> String {
        let persona = p.persona.map { " \($0.rawValue)" } ?? ""
        let usd = p.spend.runUSD > 0 ? String(format: " ($%.4f)", p.spend.runUSD) : ""
        let minutes = Int(p.elapsedSeconds) / 60
        let seconds = Int(p.elapsedSeconds) % 60
        return "cycle \(p.cycle) \(p.phase.rawValue)\(persona) | candidates: \(p.count(.queued)) queued, \(p.count(.training)) training, "
            + "\(p.count(.scored)) scored | experiments live \(p.experimentsLive), approvals waiting \(p.approvalsWaiting) | "
            + "day \(p.days) | LLM \(p.spend.runTokens) tokens\(usd) | \(minutes)m\(String(format: "%02d", seconds))s"
    }

    private static func stamp() -> String { Date().formatted(.iso8601) + " " }

    private func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

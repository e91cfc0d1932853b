import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One `kaizen run` per workspace at a time: an advisory `flock` on a file in the state
/// folder. The kernel drops it when the process dies, even by `kill -9`, so a run that is
/// still marked running in the store but whose lock is free was killed and may be resumed.
public final class RunLock: Sendable {
    private let descriptor: Int32
    public let path: String

    /// Takes the lock, or throws naming the process that holds it.
    public init(path: String) throws(RunLockError) {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            close(fd)
            throw .held(path: path, holder: holder?.isEmpty == false ? holder : nil)
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = pid.withCString { pwrite(fd, $0, strlen($0), 0) }
        self.descriptor = fd
        self.path = path
    }

    deinit {
        _ = ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

/// Why the run lock could not be taken.
public enum RunLockError: Error, Sendable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case held(path: String, holder: String?)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open the run lock \(path): \(reason)"
        case .held(let path, let holder):
            "another `kaizen run` is running in this workspace" + (holder.map { " (pid \($0))" } ?? "") + "; stop it first (lock: \(path))"
        }
    }
}

import GRDB

/// What went wrong in the store, with where: the database file, the table or the record.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    /// Another process holds a write lock longer than the busy timeout.
    case locked(path: String)
    case diskFull(path: String)
    case corrupt(path: String, reason: String)
    case readOnly(path: String)
    case constraint(operation: String, message: String)
    case illegalTransition(candidate: String, from: String, to: String)
    case notFound(kind: String, id: String)
    case sqlite(operation: String, code: Int32, message: String)
    case newerSchema(path: String, found: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open the store at \(path): \(reason)"
        case .locked(let path): "the store at \(path) is locked by another writer (timed out waiting); try again when it finishes"
        case .diskFull(let path): "the disk holding \(path) is full; nothing was written by the failed step"
        case .corrupt(let path, let reason): "the store at \(path) is corrupt: \(reason); run `kaizen doctor`"
        case .readOnly(let path): "the store at \(path) is read-only"
        case .constraint(let operation, let message): "\(operation) refused by the store: \(message)"
        case .illegalTransition(let id, let from, let to): "candidate \(id) cannot move from \(from) to \(to)"
        case .notFound(let kind, let id): "no \(kind) with id \(id)"
        case .sqlite(let operation, let code, let message): "\(operation) failed: SQLite error \(code): \(message)"
        case .newerSchema(let path, let found): "the store at \(path) has schema \(found), newer than this kaizen knows; upgrade kaizen"
        }
    }

    static func wrap(_ error: any Error, path: String, operation: String) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let db = error as? DatabaseError else {
            return .sqlite(operation: operation, code: -1, message: "\(error)")
        }
        let message = db.message ?? "\(db)"
        switch db.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: return .locked(path: path)
        case .SQLITE_FULL: return .diskFull(path: path)
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: return .corrupt(path: path, reason: message)
        case .SQLITE_READONLY: return .readOnly(path: path)
        case .SQLITE_CONSTRAINT: return .constraint(operation: operation, message: message)
        default: return .sqlite(operation: operation, code: db.resultCode.rawValue, message: message)
        }
    }
}

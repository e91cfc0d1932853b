import Foundation
import GRDB
import Logging

/// Kaizen's SQLite store: the journal, metrics, LLM calls, audit log, trajectories, documents.
///
/// A file store is a WAL-mode `DatabasePool`, so readers (a CLI in another shell) never wait
/// for the loop's writer. Tests use `Store.inMemory()`, the same schema on a `DatabaseQueue`.
public final class Store: Sendable {
    let writer: any DatabaseWriter
    /// The database file, or `:memory:`; named in every error.
    public let path: String
    let logger: Logger

    /// Opens (creating if needed) the store at `url` and migrates it to the latest schema.
    public static func open(at url: URL, logger: Logger = Logger(label: "kaizen.store"), busyTimeout: TimeInterval = 5) throws(StoreError) -> Store {
        let path = url.path
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw .cannotOpen(path: path, reason: error.localizedDescription)
        }
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(busyTimeout)
        config.prepareDatabase { db in
            // WAL + NORMAL: a crash of the process never loses a committed transaction; only
            // a power loss may drop the last few. Commits need no fsync, which is what makes
            // thousands of single-row transactions per second possible.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: config)
        } catch {
            throw StoreError.wrap(error, path: path, operation: "open")
        }
        let store = Store(writer: pool, path: path, logger: logger)
        try store.migrate()
        return store
    }

    /// A private in-memory store with the full schema, for tests.
    public static func inMemory(logger: Logger = Logger(label: "kaizen.store")) throws(StoreError) -> Store {
        var config = Configuration()
        config.foreignKeysEnabled = true
        do {
            let store = Store(writer: try DatabaseQueue(configuration: config), path: ":memory:", logger: logger)
            try store.migrate()
            return store
        } catch {
            throw StoreError.wrap(error, path: ":memory:", operation: "open")
        }
    }

    /// Wraps an existing GRDB connection without migrating it; for migration tests.
    public init(writer: any DatabaseWriter, path: String, logger: Logger = Logger(label: "kaizen.store")) {
        self.writer = writer
        self.path = path
        self.logger = logger
    }

    /// Runs `body` in one write transaction; StoreErrors name the operation and the file.
    func write<T>(_ operation: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try writer.write(body)
        } catch {
            throw StoreError.wrap(error, path: path, operation: operation)
        }
    }

    func read<T>(_ operation: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try writer.read(body)
        } catch {
            throw StoreError.wrap(error, path: path, operation: operation)
        }
    }
}

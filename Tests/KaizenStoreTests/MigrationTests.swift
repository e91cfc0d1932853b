import Foundation
import GRDB
import KaizenCore
import Testing

@testable import KaizenStore

@Suite struct MigrationTests {
    @Test func migratesFromEmptyToLatest() throws {
        let store = try Store.inMemory()
        #expect(try store.appliedSchemaVersions() == Store.schemaVersions)
        #expect(try store.doctor().isEmpty)
    }

    @Test func migratesFromEachEarlierVersionKeepingData() throws {
        for (index, version) in Store.schemaVersions.enumerated() {
            let queue = try DatabaseQueue()
            let store = Store(writer: queue, path: ":memory:")
            try store.migrate(upTo: version)
            #expect(try store.appliedSchemaVersions() == Array(Store.schemaVersions.prefix(index + 1)))
            // Data written under the older schema survives the upgrade.
            try queue.write { db in
                try db.execute(sql: "INSERT INTO documents (id, title, text, source, created_at) VALUES ('d1', 'GLU variants', 'gated linear units improve transformers', 'test', 0)")
                try db.execute(sql: "INSERT INTO audit_log (at, actor, action) VALUES (0, 'test', 'written at \(version)')")
            }
            try store.migrate()
            #expect(try store.appliedSchemaVersions() == Store.schemaVersions)
            #expect(try store.documentCount() == 1)
            // The FTS index added in v2 is rebuilt over documents that existed before it.
            #expect(try store.searchDocuments("gated units").map(\.id) == ["d1"])
            #expect(try store.auditLog().map(\.action) == ["written at \(version)"])
            #expect(try store.doctor().filter { $0.severity == .error }.isEmpty)
        }
    }

    @Test func refusesADatabaseFromANewerKaizen() throws {
        let queue = try DatabaseQueue()
        let store = Store(writer: queue, path: ":memory:")
        try store.migrate()
        try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-future')") }
        #expect(throws: StoreError.self) { try store.migrate() }
    }

    @Test func fileStoreUsesWALAndForeignKeys() throws {
        let dir = FileManager.default.temporaryDirectory.appending(path: "kaizen-wal-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Store.open(at: dir.appending(path: "k.sqlite"))
        let (mode, fk) = try store.writer.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA foreign_keys"))
        }
        #expect(mode == "wal")
        #expect(fk == 1)
        #expect(throws: StoreError.self) {
            try store.recordMetrics([MetricValue(name: "auc", value: 0.7, source: .offline)], candidate: "no-such-candidate")
        }
    }
}

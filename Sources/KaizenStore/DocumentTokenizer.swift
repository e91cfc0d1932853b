import Foundation
import GRDB
import Synchronization

/// Query words turned into terms by FTS5 itself (`Store.documentTokenizer`, through a private
/// in-memory FTS5 table), so an in-memory index looks up exactly the terms a MATCH would:
/// no re-implementation of unicode61's folding or Porter's stemmer to drift from SQLite's.
public final class DocumentTokenizer: Sendable {
    private let queue: DatabaseQueue
    /// Words seen before, with their terms; queries repeat words, so most are one lookup.
    private let memo = Mutex<[String: [String]]>([:])

    public init() throws(StoreError) {
        do {
            queue = try DatabaseQueue()
            try queue.write { db in
                try db.execute(sql: """
                    CREATE VIRTUAL TABLE words USING fts5(word, tokenize='\(Store.documentTokenizer)');
                    CREATE VIRTUAL TABLE word_tokens USING fts5vocab(words, instance);
                    """)
            }
        } catch {
            throw StoreError.wrap(error, path: ":memory:", operation: "create the query tokenizer")
        }
    }

    /// Each word's terms in order: usually one; none or several where FTS5 splits or drops
    /// characters the query builder kept (a quoted word is then a phrase).
    public func terms(_ words: [String]) throws(StoreError) -> [[String]] {
        let known = memo.withLock { memo in words.map { memo[$0] } }
        let missing = Array(Set(zip(words, known).filter { $0.1 == nil }.map(\.0)))
        var found: [String: [String]] = [:]
        if !missing.isEmpty {
            do {
                found = try queue.write { db in
                    var out: [String: [String]] = Dictionary(uniqueKeysWithValues: missing.map { ($0, []) })
                    try db.inSavepoint {
                        for (i, word) in missing.enumerated() {
                            try db.execute(sql: "INSERT INTO words(rowid, word) VALUES (?, ?)", arguments: [i + 1, word])
                        }
                        for row in try Row.fetchAll(db, sql: "SELECT doc, term FROM word_tokens ORDER BY doc, \"offset\"") {
                            out[missing[Int(row[0] as Int64) - 1], default: []].append(row[1])
                        }
                        return .rollback
                    }
                    return out
                }
            } catch {
                throw StoreError.wrap(error, path: ":memory:", operation: "tokenize query words")
            }
            memo.withLock { memo in
                if memo.count > 100_000 { memo.removeAll() }
                memo.merge(found) { a, _ in a }
            }
        }
        return zip(words, known).map { $0.1 ?? found[$0.0] ?? [] }
    }
}

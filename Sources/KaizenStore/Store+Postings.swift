import Foundation
import GRDB

/// Everything FTS5 knows about `documents_fts` that `bm25()` uses, read in one snapshot, so an
/// in-memory index can score exactly as FTS5 does without evaluating a MATCH per query.
///
/// Postings come from FTS5's own tokens (`fts5vocab`, `instance`), so stemming and case
/// folding are FTS5's. Documents are numbered by ordinal in rowid order.
public struct DocumentPostings: Sendable {
    /// Identifies the FTS5 index state this was read from; see `Store.documentIndexVersion()`.
    public var version: DocumentIndexVersion
    public var ids: [String]
    public var titles: [String]
    /// Tokens per document over all columns (FTS5's `%_docsize`), by ordinal.
    public var lengths: [Int32]
    /// Rows and tokens over all columns as FTS5 counts them (its averages record).
    public var rowCount: Int
    public var totalTokens: Int
    /// Distinct terms, in FTS5's (byte) order; term `t`'s postings are `starts[t]..<starts[t + 1]`.
    public var terms: [String]
    public var starts: [Int]
    /// Per posting: the document's ordinal and the term's count summed over its columns.
    public var documents: [Int32]
    public var frequencies: [Float]
}

/// The state of the FTS5 index: its structure record (changed by every write to the index,
/// including deletes and merges) and its averages record (row and token totals).
public struct DocumentIndexVersion: Sendable, Hashable {
    public var structure: Data
    public var averages: Data
}

extension Store {
    /// The tokenizer of `documents_fts` (migration "v2-documents-fts"); query text must go
    /// through the same one to find the same terms.
    public static let documentTokenizer = "porter unicode61"

    /// The words of a search query as `searchDocuments` quotes them: each becomes one FTS5
    /// phrase, so no query text is FTS5 syntax.
    public static func queryWords(_ query: String) -> [String] {
        query.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    }

    /// A cheap read (two primary-key lookups) that changes whenever the documents do.
    public func documentIndexVersion() throws(StoreError) -> DocumentIndexVersion {
        try snapshot("read document index version") { try Self.indexVersion($0) }
    }

    /// The whole FTS5 index as postings. Reads every token once (seconds at 100,000 documents).
    public func documentPostings() throws(StoreError) -> DocumentPostings {
        try snapshot("read document postings") { db in
            let version = try Self.indexVersion(db)
            let averages = Self.varints(version.averages)
            var ids: [String] = [], titles: [String] = [], rowids: [Int64] = []
            for row in try Row.fetchAll(db, sql: "SELECT rowid, id, title FROM documents ORDER BY rowid") {
                rowids.append(row[0])
                ids.append(row[1])
                titles.append(row[2])
            }
            let ordinal = RowidOrdinals(rowids)
            var lengths = [Int32](repeating: 0, count: ids.count)
            let sizes = try Row.fetchCursor(db, sql: "SELECT id, sz FROM documents_fts_docsize")
            while let row = try sizes.next() {
                guard let o = ordinal[row[0]] else { continue }
                try row.withUnsafeData(atIndex: 1) { lengths[Int(o)] = Int32(Self.varints($0 ?? Data()).reduce(0, +)) }
            }
            try db.execute(sql: "CREATE VIRTUAL TABLE IF NOT EXISTS temp.kaizen_documents_instance USING fts5vocab(main, documents_fts, instance)")
            var terms: [String] = [], starts: [Int] = [], documents: [Int32] = [], frequencies: [Float] = []
            var lastTerm = Data(), lastDoc: Int64 = -1
            // Rows come in (term, doc, col, offset) order: one per token.
            let tokens = try Row.fetchCursor(db, sql: "SELECT term, doc FROM temp.kaizen_documents_instance")
            while let row = try tokens.next() {
                let doc: Int64 = row[1]
                let newTerm = try row.withUnsafeData(atIndex: 0) { data -> Bool in
                    guard let data, data != lastTerm || terms.isEmpty else { return false }
                    lastTerm = Data(data)
                    return true
                }
                if newTerm {
                    terms.append(String(decoding: lastTerm, as: UTF8.self))
                    starts.append(documents.count)
                } else if doc == lastDoc {
                    frequencies[frequencies.count - 1] += 1
                    continue
                }
                guard let o = ordinal[doc] else {
                    lastDoc = -1
                    continue
                }
                lastDoc = doc
                documents.append(o)
                frequencies.append(1)
            }
            starts.append(documents.count)
            return DocumentPostings(
                version: version, ids: ids, titles: titles, lengths: lengths,
                rowCount: averages.first ?? 0, totalTokens: averages.dropFirst().reduce(0, +),
                terms: terms, starts: starts, documents: documents, frequencies: frequencies)
        }
    }

    /// `body` in one read transaction on a connection that may create TEMP tables (GRDB's
    /// `read` on a queue forbids them with `query_only`; a pool's readers allow them).
    func snapshot<T>(_ operation: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try writer.unsafeRead { db in
                var result: T?
                try db.inTransaction(.deferred) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        } catch {
            throw StoreError.wrap(error, path: path, operation: operation)
        }
    }

    static func indexVersion(_ db: Database) throws -> DocumentIndexVersion {
        // FTS5's file format: rowid 10 of %_data is the structure record, rowid 1 the averages.
        let blocks = try Row.fetchAll(db, sql: "SELECT id, block FROM documents_fts_data WHERE id IN (1, 10)")
        func block(_ id: Int64) -> Data { blocks.first { $0[0] == id }?[1] ?? Data() }
        return DocumentIndexVersion(structure: block(10), averages: block(1))
    }

    /// SQLite's varints (FTS5 writes its records with them), decoded one after another.
    static func varints(_ data: Data) -> [Int] {
        var out: [Int] = []
        var i = data.startIndex
        while i < data.endIndex {
            var value: UInt64 = 0, n = 0
            while i < data.endIndex {
                let byte = data[i]
                i += 1
                n += 1
                if n == 9 {
                    value = (value << 8) | UInt64(byte)
                    break
                }
                value = (value << 7) | UInt64(byte & 0x7f)
                if byte & 0x80 == 0 { break }
            }
            out.append(Int(truncatingIfNeeded: value))
        }
        return out
    }
}

/// Rowid to ordinal: a direct table when rowids are dense enough, else a dictionary.
struct RowidOrdinals {
    private var table: [Int32] = []
    private var map: [Int64: Int32] = [:]

    init(_ rowids: [Int64]) {
        if let last = rowids.last, let first = rowids.first, first >= 0, last < Int64(rowids.count) * 4 + 1024 {
            table = [Int32](repeating: -1, count: Int(last) + 1)
            for (o, r) in rowids.enumerated() { table[Int(r)] = Int32(o) }
        } else {
            for (o, r) in rowids.enumerated() { map[r] = Int32(o) }
        }
    }

    subscript(rowid: Int64) -> Int32? {
        if !table.isEmpty {
            guard rowid >= 0, rowid < Int64(table.count), table[Int(rowid)] >= 0 else { return nil }
            return table[Int(rowid)]
        }
        return map[rowid]
    }
}

import Foundation
import KaizenStore

/// BM25 over the documents in memory, scoring exactly as FTS5's `bm25(documents_fts)` (k1 1.2,
/// b 0.75, column weights 1, IDF floored at 1e-6) with the same arithmetic in the same order,
/// so scores agree to the last bit. FTS5 evaluates `bm25()` for every row an OR query matches
/// (nearly all of them for a query with stop words); this touches only the query's postings.
public final class LexicalIndex: Sendable {
    public let version: DocumentIndexVersion
    public let ids: [String]
    public let titles: [String]
    private let termIDs: [String: Int]
    private let starts: [Int]
    private let documents: [Int32]
    private let frequencies: [Float]
    private let rowCount: Double
    /// Per document: `k1 * (1 - b + b * D / avgdl)`, the length part of the denominator.
    private let norms: [Double]
    static let k1 = 1.2, b = 0.75

    public init(_ postings: DocumentPostings) {
        version = postings.version
        ids = postings.ids
        titles = postings.titles
        termIDs = Dictionary(uniqueKeysWithValues: postings.terms.enumerated().map { ($1, $0) })
        starts = postings.starts
        documents = postings.documents
        frequencies = postings.frequencies
        // As fts5Bm25GetData: at least one row, avgdl = tokens / rows.
        let rows = Double(max(1, postings.rowCount))
        rowCount = rows
        let avgdl = Double(postings.totalTokens) / rows
        let k1 = Self.k1, b = Self.b
        norms = postings.lengths.map { k1 * (1 - b + b * Double($0) / avgdl) }
    }

    public var count: Int { ids.count }
    public var termCount: Int { termIDs.count }
    public var postingCount: Int { documents.count }

    /// FTS5's IDF of a term in `n` rows.
    func idf(_ n: Int) -> Double {
        let idf = log((rowCount - Double(n) + 0.5) / (Double(n) + 0.5))
        return idf <= 0 ? 1e-6 : idf
    }

    /// The best `limit` (ordinal, score) for a query of single-term phrases (duplicates count
    /// once each, as FTS5 counts each phrase), best first; ties by ordinal (rowid order).
    public func search(terms: [String], limit: Int) -> [(ordinal: Int, score: Double)] {
        guard limit > 0, !ids.isEmpty else { return [] }
        var scores = [Double](repeating: 0, count: ids.count)
        let k1 = Self.k1
        scores.withUnsafeMutableBufferPointer { s in
            norms.withUnsafeBufferPointer { norm in
                documents.withUnsafeBufferPointer { docs in
                    frequencies.withUnsafeBufferPointer { tfs in
                        for term in terms {
                            guard let t = termIDs[term] else { continue }
                            let range = starts[t]..<starts[t + 1]
                            let idf = idf(range.count)
                            for p in range {
                                let d = Int(docs[p]), tf = Double(tfs[p])
                                // fts5Bm25Function: score += idf * (num / denom).
                                s[d] += idf * ((tf * (k1 + 1.0)) / (tf + norm[d]))
                            }
                        }
                    }
                }
            }
        }
        // Every matching document scores above 0 (IDF >= 1e-6), every other exactly 0.
        return TopK.select(scores, limit: limit, above: 0)
    }
}

import Foundation
import KaizenStore
import Synchronization

/// BM25 search through an in-memory `LexicalIndex`: one per open store, built on first use
/// and rebuilt whenever FTS5's index changed (checked on every search with two primary-key
/// reads), so documents synced between agent rounds are found by the next search.
/// Results equal `Store.searchDocuments`'s, scores included; a query word FTS5 would turn
/// into a phrase of several terms (or none) goes to FTS5 itself.
public enum LexicalSearch {
    public static func search(_ store: Store, _ query: String, limit: Int) throws(StoreError) -> [DocumentHit] {
        let words = Store.queryWords(query)
        guard limit > 0, !words.isEmpty else { return [] }
        let phrases = try tokenizer.get().terms(words)
        guard phrases.allSatisfy({ $0.count == 1 }) else { return try store.searchDocuments(query, limit: limit) }
        let index = try index(for: store)
        return index.search(terms: phrases.map { $0[0] }, limit: limit).map {
            DocumentHit(id: index.ids[$0.ordinal], title: index.titles[$0.ordinal], score: $0.score)
        }
    }

    /// The store's index, current as of this call.
    public static func index(for store: Store) throws(StoreError) -> LexicalIndex {
        let slot = slots.withLock { slots in
            let key = ObjectIdentifier(store)
            if let slot = slots[key], slot.owner.withLock({ $0.store === store }) { return slot }
            slots = slots.filter { $0.value.owner.withLock { $0.store != nil } }
            let slot = Slot(store)
            slots[key] = slot
            return slot
        }
        // Held while building, so concurrent first searches build once.
        return try slot.index.withLock { (current: inout LexicalIndex?) throws(StoreError) -> LexicalIndex in
            if let index = current, try store.documentIndexVersion() == index.version { return index }
            let index = LexicalIndex(try store.documentPostings())
            current = index
            return index
        }
    }

    private static let tokenizer = Result { () throws(StoreError) in try DocumentTokenizer() }
    private static let slots = Mutex<[ObjectIdentifier: Slot]>([:])

    private final class Slot: Sendable {
        struct Owner { weak var store: Store? }
        let owner: Mutex<Owner>
        let index = Mutex<LexicalIndex?>(nil)
        init(_ store: Store) { owner = Mutex(Owner(store: store)) }
    }
}

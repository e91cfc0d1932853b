import Foundation
import KaizenCore
import KaizenStore

/// Keeps the stored document embeddings of an encoder in step with the documents: new and
/// changed documents are encoded, unchanged ones reused.
public enum EmbeddingIndexer {
    /// Encodes what is missing or stale; returns (encoded, reused).
    @discardableResult
    public static func index(store: Store, encoder: any TextEncoder, batch: Int = 256, progress: (Int, Int) -> Void = { _, _ in }) throws(StoreError) -> (encoded: Int, reused: Int) {
        let stored = Dictionary(try store.embeddings(encoder: encoder.name).map { ($0.id, $0.textFingerprint) }, uniquingKeysWith: { a, _ in a })
        let documents = try store.allDocuments()
        let stale = documents.filter { stored[$0.id] != fingerprint($0) }
        var done = 0
        for start in stride(from: 0, to: stale.count, by: batch) {
            let slice = Array(stale[start..<min(stale.count, start + batch)])
            let vectors = encoder.encode(slice.map(text(of:)))
            try store.storeEmbeddings(encoder: encoder.name, zip(slice, vectors).map { ($0.id, fingerprint($0), $1) })
            done += slice.count
            progress(done, stale.count)
        }
        return (stale.count, documents.count - stale.count)
    }

    /// What is embedded: the title, then the text (the encoder truncates long texts).
    public static func text(of document: Document) -> String {
        document.title.isEmpty || document.text.hasPrefix(document.title) ? document.text : document.title + ". " + document.text
    }

    /// What a stored embedding's `textFingerprint` must be for `document`'s vector to count
    /// as fresh (a benchmark that stores vectors itself needs it).
    public static func fingerprint(_ document: Document) -> String {
        var hasher = FNV()
        hasher.add(document.title)
        hasher.add("\u{0}")
        hasher.add(document.text)
        return String(hasher.value, radix: 16)
    }

    /// 64-bit FNV-1a: a stable (across runs) fingerprint of the embedded text.
    struct FNV {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        mutating func add(_ text: String) {
            for byte in text.utf8 { value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        }
    }
}

import Foundation

/// BERT's uncased WordPiece tokenizer, built from a Hugging Face `tokenizer.json`, producing
/// the same ids as the `tokenizers` library that sentence-transformers calls: special tokens
/// written in the text (`[SEP]`, ...) are kept whole, the rest is normalized
/// (`BertNormalizer`), split on whitespace and punctuation, and each word is cut greedily
/// into the longest vocabulary pieces (`##` marking a continuation), a word of more than
/// `maxInputCharsPerWord` scalars or with an unmatchable rest becoming `[UNK]`. `encode` adds
/// `[CLS]`/`[SEP]` and truncates to `maxLength` ids, as the model saw in training.
public struct WordPieceTokenizer: Sendable {
    /// Most ids `encode` returns, `[CLS]` and `[SEP]` included.
    public let maxLength: Int
    /// One more than the largest id `encode` can return.
    public let vocabularySize: Int
    public let classifierID: Int
    public let separatorID: Int
    public let unknownID: Int
    public let paddingID: Int
    let maxInputCharsPerWord: Int
    let normalizer: BertNormalizer
    /// Whole-word pieces, and continuation pieces with their `##` removed.
    private let wordStarts: VocabularyTrie
    private let continuations: VocabularyTrie
    /// Added (special) tokens matched verbatim in the raw text, longest first.
    private let addedTokens: [(bytes: [UInt8], id: Int)]

    /// Reads `tokenizer.json`; `maxLength` is the model's `max_seq_length` (256 for
    /// all-MiniLM-L6-v2, whose `sentence_bert_config.json` says so).
    public init(tokenizerFile url: URL, maxLength: Int = 256) throws {
        let path = url.path
        guard FileManager.default.fileExists(atPath: path) else { throw EncoderError.missingFile(path: path) }
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw EncoderError.unreadableFile(path: path, reason: "\(error)") }
        try self.init(json: data, path: path, maxLength: maxLength)
    }

    /// Parses the contents of a `tokenizer.json`; `path` only names it in errors.
    public init(json data: Data, path: String, maxLength: Int = 256) throws {
        func bad(_ reason: String) -> EncoderError { .badConfiguration(path: path, reason: reason) }
        guard maxLength >= 2 else { throw bad("maxLength \(maxLength) leaves no room for [CLS] and [SEP]") }
        let root: [String: Any]
        do {
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { throw bad("not a JSON object") }
            root = object
        } catch let error as EncoderError {
            throw error
        } catch {
            throw bad("not JSON (\(error.localizedDescription))")
        }
        guard let model = root["model"] as? [String: Any], model["type"] as? String == "WordPiece" else {
            throw bad("model.type is not WordPiece")
        }
        guard let vocab = model["vocab"] as? [String: Any], !vocab.isEmpty else { throw bad("model.vocab is missing or empty") }
        let prefix = model["continuing_subword_prefix"] as? String ?? "##"
        let unknownToken = model["unk_token"] as? String ?? "[UNK]"
        maxInputCharsPerWord = (model["max_input_chars_per_word"] as? NSNumber)?.intValue ?? 100

        var ids: [String: Int] = [:]
        var starts = VocabularyTrie()
        var rests = VocabularyTrie()
        for (token, value) in vocab {
            guard let id = (value as? NSNumber)?.intValue, id >= 0 else { throw bad("vocab entry \(token) has no id") }
            ids[token] = id
            starts.insert(token.utf8, id: id)
            // Byte comparison: `hasPrefix` compares grapheme clusters, and in "##ी" the second
            // "#" and the Devanagari vowel sign form one cluster.
            if !prefix.isEmpty, token.utf8.starts(with: prefix.utf8) { rests.insert(token.utf8.dropFirst(prefix.utf8.count), id: id) }
        }
        // Swift's String keys merge canonically equivalent spellings; a WordPiece vocabulary's
        // ids are 0..<n, so a merge would show as a gap.
        guard Set(ids.values).count == ids.count, ids.values.max() == ids.count - 1 else {
            throw bad("vocab ids are not 0..<\(ids.count) (duplicate ids, gaps, or canonically equivalent entries)")
        }
        wordStarts = starts
        continuations = rests

        var normalizer = BertNormalizer()
        if let spec = root["normalizer"] as? [String: Any] {
            guard spec["type"] as? String == "BertNormalizer" else { throw bad("normalizer \(spec["type"] ?? "?") is not BertNormalizer") }
            normalizer.cleanText = spec["clean_text"] as? Bool ?? true
            normalizer.handleChineseChars = spec["handle_chinese_chars"] as? Bool ?? true
            normalizer.lowercase = spec["lowercase"] as? Bool ?? true
            // null means "as lowercase", BERT's convention.
            normalizer.stripAccents = spec["strip_accents"] as? Bool ?? normalizer.lowercase
        }
        self.normalizer = normalizer
        if let spec = root["pre_tokenizer"] as? [String: Any], spec["type"] as? String != "BertPreTokenizer" {
            throw bad("pre_tokenizer \(spec["type"] ?? "?") is not BertPreTokenizer")
        }

        var added: [(bytes: [UInt8], id: Int)] = []
        for entry in root["added_tokens"] as? [[String: Any]] ?? [] {
            guard let content = entry["content"] as? String, !content.isEmpty, let id = (entry["id"] as? NSNumber)?.intValue else { continue }
            added.append((Array(content.utf8), id))
        }
        addedTokens = added.sorted { $0.bytes.count > $1.bytes.count }
        // Every id `encode` can return indexes the embedding table, added tokens' included.
        vocabularySize = max(ids.values.max() ?? -1, added.map(\.id).max() ?? -1) + 1

        func special(_ name: String) throws -> Int {
            if let processor = root["post_processor"] as? [String: Any],
               let specials = processor["special_tokens"] as? [String: Any],
               let entry = specials[name] as? [String: Any],
               let first = (entry["ids"] as? [Any])?.first as? NSNumber {
                return first.intValue
            }
            guard let id = ids[name] else { throw bad("vocabulary has no \(name)") }
            return id
        }
        classifierID = try special("[CLS]")
        separatorID = try special("[SEP]")
        guard let unknown = ids[unknownToken] else { throw bad("vocabulary has no unknown token \(unknownToken)") }
        unknownID = unknown
        paddingID = ids["[PAD]"] ?? 0
        self.maxLength = maxLength
    }

    /// `[CLS]`, the text's word pieces (cut to `maxLength - 2`), `[SEP]`.
    public func encode(_ text: String) -> [Int] {
        var ids = [classifierID]
        ids.reserveCapacity(min(maxLength, text.utf8.count / 3 + 8))
        let budget = maxLength - 1
        var scalars: [Unicode.Scalar] = []
        var bytes: [UInt8] = []
        forEachSegment(of: text) { segment, addedID in
            if ids.count >= budget { return false }
            if let addedID {
                ids.append(addedID)
                return true
            }
            normalizer.normalize(segment.unicodeScalars, into: &scalars)
            return appendWordPieces(of: scalars, bytes: &bytes, to: &ids, budget: budget)
        }
        ids.append(separatorID)
        return ids
    }

    /// Calls `body` with the text between added tokens (nil id) and with each added token
    /// (its id), left to right; `body` returns false to stop.
    private func forEachSegment(of text: String, _ body: (Substring, Int?) -> Bool) {
        guard !addedTokens.isEmpty else {
            _ = body(text[...], nil)
            return
        }
        let utf8 = text.utf8
        var segmentStart = utf8.startIndex
        var i = utf8.startIndex
        while i < utf8.endIndex {
            var matched: (end: String.Index, id: Int)?
            for token in addedTokens where utf8[i] == token.bytes[0] {
                if let end = utf8.index(i, offsetBy: token.bytes.count, limitedBy: utf8.endIndex),
                   utf8[i..<end].elementsEqual(token.bytes) {
                    matched = (end, token.id)
                    break
                }
            }
            if let matched {
                if segmentStart < i, !body(text[segmentStart..<i], nil) { return }
                if !body(text[i..<i], matched.id) { return }
                i = matched.end
                segmentStart = i
            } else {
                i = utf8.index(after: i)
            }
        }
        if segmentStart < utf8.endIndex { _ = body(text[segmentStart...], nil) }
    }

    /// Splits normalized scalars into words (whitespace removed, each punctuation character
    /// its own word) and appends their word pieces until `ids` holds `budget` ids. Returns
    /// false once the budget is reached.
    private func appendWordPieces(of scalars: [Unicode.Scalar], bytes: inout [UInt8], to ids: inout [Int], budget: Int) -> Bool {
        var wordStart = 0
        var i = 0
        func flush(_ end: Int) -> Bool {
            if end > wordStart { return appendWord(scalars[wordStart..<end], bytes: &bytes, to: &ids, budget: budget) }
            return ids.count < budget
        }
        while i < scalars.count {
            let scalar = scalars[i]
            if BertNormalizer.isWhitespace(scalar) {
                if !flush(i) { return false }
                wordStart = i + 1
            } else if BertNormalizer.isPunctuation(scalar) {
                if !flush(i) { return false }
                wordStart = i
                if !flush(i + 1) { return false }
                wordStart = i + 1
            }
            i += 1
        }
        return flush(scalars.count)
    }

    /// Greedy longest-match WordPiece on one word.
    private func appendWord(_ word: ArraySlice<Unicode.Scalar>, bytes: inout [UInt8], to ids: inout [Int], budget: Int) -> Bool {
        if word.count > maxInputCharsPerWord {
            ids.append(unknownID)
            return ids.count < budget
        }
        bytes.removeAll(keepingCapacity: true)
        for scalar in word { bytes.append(contentsOf: UTF8.encode(scalar)!) }
        let firstPiece = ids.count
        let complete: Bool = bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            while start < buffer.count {
                let trie = start == 0 ? wordStarts : continuations
                guard let match = trie.longestMatch(buffer, from: start) else { return false }
                ids.append(match.id)
                start = match.end
            }
            return true
        }
        if !complete {
            ids.removeSubrange(firstPiece...)
            ids.append(unknownID)
        }
        if ids.count > budget { ids.removeSubrange(budget...) }
        return ids.count < budget
    }
}

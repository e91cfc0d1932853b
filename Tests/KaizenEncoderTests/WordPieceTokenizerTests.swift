import Foundation
import KaizenEncoder
import Testing

/// BERT tokenization rules on a small vocabulary (see `TinyModel.vocabulary`: [PAD] 0,
/// [UNK] 1, [CLS] 2, [SEP] 3, [MASK] 4, un 5, ##aff 6, ##able 7, hello 8, ! 9, cafe 10,
/// 你 11, 好 12, a 13, ##a 14, world 15, "," 16, the 17, wing 18, ##s 19, न 20, ##ी 21).
@Suite struct WordPieceTokenizerTests {
    static func tokenizer(maxLength: Int = 256) throws -> WordPieceTokenizer {
        try WordPieceTokenizer(json: TinyModel.tokenizerJSON(), path: "tokenizer.json", maxLength: maxLength)
    }

    @Test(arguments: [
        ("UnAffable!", [2, 5, 6, 7, 9, 3]),
        ("  hello,\tworld\n", [2, 8, 16, 15, 3]),
        ("Café CAFÉ cafe\u{0301}", [2, 10, 10, 10, 3]),
        ("你好", [2, 11, 12, 3]),
        ("hello你好world", [2, 8, 11, 12, 15, 3]),
        ("the wings", [2, 17, 18, 19, 3]),
        ("xyz hello", [2, 1, 8, 3]),
        ("unxyz", [2, 1, 3]),
        ("hel\u{0}lo\u{200B}", [2, 8, 3]),
        ("hello[SEP]world [MASK]", [2, 8, 3, 15, 4, 3]),
        ("[sep]", [2, 1, 1, 1, 3]),
        ("", [2, 3]),
        (" \t\n", [2, 3]),
        // A spacing vowel sign (Mc) is kept, and "##ी" is one grapheme cluster after "#".
        ("\u{928}\u{940}", [2, 20, 21, 3]),
    ])
    func encodes(text: String, expected: [Int]) throws {
        #expect(try Self.tokenizer().encode(text) == expected, "\(text.debugDescription)")
    }

    @Test func wordsOverOneHundredScalarsAreUnknown() throws {
        let tokenizer = try Self.tokenizer()
        #expect(tokenizer.encode(String(repeating: "a", count: 100)) == [2, 13] + Array(repeating: 14, count: 99) + [3])
        #expect(tokenizer.encode(String(repeating: "a", count: 101)) == [2, 1, 3])
    }

    @Test func truncatesToMaxLengthWithSpecialTokens() throws {
        let tokenizer = try Self.tokenizer(maxLength: 5)
        #expect(tokenizer.encode("hello hello hello hello") == [2, 8, 8, 8, 3])
        // A word cut in the middle keeps its first pieces, as Hugging Face truncation does.
        #expect(tokenizer.encode("the the unaffable") == [2, 17, 17, 5, 3])
        #expect(try Self.tokenizer(maxLength: 2).encode("hello") == [2, 3])
    }

    @Test func specialIDs() throws {
        let tokenizer = try Self.tokenizer()
        #expect(tokenizer.classifierID == 2)
        #expect(tokenizer.separatorID == 3)
        #expect(tokenizer.unknownID == 1)
        #expect(tokenizer.paddingID == 0)
        #expect(tokenizer.vocabularySize == TinyModel.vocabulary.count)
    }

    @Test func nonWordPieceModelIsRefused() throws {
        let json = Data(#"{"model":{"type":"BPE","vocab":{}}}"#.utf8)
        #expect(throws: EncoderError.badConfiguration(path: "t.json", reason: "model.type is not WordPiece")) {
            try WordPieceTokenizer(json: json, path: "t.json")
        }
    }
}

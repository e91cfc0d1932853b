import Foundation
import Testing

@testable import KaizenCore

@Suite struct JSONValueTests {
    @Test func parsesEveryKindOfValue() throws {
        let value = try JSONValue.parse(#"{"a": [1, -2.5e3, "x\n\u00e9\ud83d\ude00", true, false, null, {}], "b": {"c": []}}"#)
        #expect(value["a"]?.arrayValue == [.number(1), .number(-2500), .string("x\né😀"), .bool(true), .bool(false), .null, .object([:])])
        #expect(value["b"]?["c"] == .array([]))
        #expect(try JSONValue.parse(#"{"steps":[">2","3","4"]}"#)["steps"]?.arrayValue?.count == 3)
    }

    @Test(arguments: [
        #"{"a": 1,}"#, #"[1 2]"#, #"{"a" 1}"#, #"{'a': 1}"#, "NaN", #""unterminated"#, "01", "1.", #"{"a": tru}"#, "", #"[1] x"#,
    ])
    func rejectsInvalidJSON(text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
    }

    @Test func errorsSayWhere() {
        do {
            _ = try JSONValue.parse(#"{"a": [1, 2,, 3]}"#)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("byte 12"))
        }
    }

    @Test func canonicalTextSortsKeysAndIsStable() throws {
        let a = try JSONValue.parse(#"{ "b": 1, "a": { "d": [1, 2.5], "c": "x" } }"#)
        let b = try JSONValue.parse(#"{"a":{"c":"x","d":[1,2.5]},"b":1.0}"#)
        #expect(a.canonicalText == #"{"a":{"c":"x","d":[1,2.5]},"b":1}"#)
        #expect(a.canonicalText == b.canonicalText)
        #expect(try JSONValue.parse(a.canonicalText) == a)
    }

    @Test func mergePatchFollowsRFC7396() throws {
        let base = try JSONValue.parse(#"{"optimizer": {"name": "adam", "lr": 0.001, "clip": 1}, "epochs": 3}"#)
        let patch = try JSONValue.parse(#"{"optimizer": {"lr": 0.01, "clip": null}, "dropout": 0.1}"#)
        let merged = base.merging(patch: patch)
        #expect(merged == (try JSONValue.parse(#"{"optimizer": {"name": "adam", "lr": 0.01}, "epochs": 3, "dropout": 0.1}"#)))
        #expect(patch.leafPaths() == ["dropout", "optimizer.clip", "optimizer.lr"])
    }
}

@Suite struct ModelOutputParsingTests {
    @Test func rawNewlinesInStringsAreKeptForModelOutput() throws {
        let text = "{\"hypothesis\": \"line one\nline two\"}"
        #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
        #expect(try JSONValue.parseModelOutput(text)["hypothesis"] == .string("line one\nline two"))
        #expect(throws: JSONParseError.self) { try JSONValue.parseModelOutput("{\"a\": 1,}") }
    }
}

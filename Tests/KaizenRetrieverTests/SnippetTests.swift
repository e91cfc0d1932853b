import Testing

@testable import KaizenRetriever

@Suite struct SnippetTests {
    @Test func shortTextIsWholeWithoutTitleAndExtraWhitespace() {
        #expect(Snippet.make(text: "# Title\n\nSome   text\nhere.", query: "text") == "Some text here.")
    }

    @Test func longTextIsCutAroundTheFirstQueryTermAtWordBoundaries() {
        let words = (0..<200).map { "word\($0)" }
        let text = words.joined(separator: " ")
        let snippet = Snippet.make(text: text, query: "WORD120", length: 100)
        #expect(snippet.hasPrefix("…word") && snippet.hasSuffix("…"))
        #expect(snippet.contains("word120"))
        #expect(snippet.count <= 102)
        let inner = snippet.dropFirst().dropLast()
        #expect(inner.split(separator: " ").allSatisfy { words.contains(String($0)) })

        let head = Snippet.make(text: text, query: "nothing matches", length: 100)
        #expect(head.hasPrefix("word0 ") && head.hasSuffix("…"))
        let tail = Snippet.make(text: text, query: "word199", length: 100)
        #expect(tail.hasPrefix("…") && tail.hasSuffix("word199"))
    }
}

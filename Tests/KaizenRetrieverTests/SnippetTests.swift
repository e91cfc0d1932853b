import KaizenCore
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

    @Test func theASCIIPathFindsWhatACharacterSearchFinds() {
        let text = "flow over a flat plate: flutter of wings, shock at mach 3 and the boundary layer flows"
        for query in ["plate", "wings flow", "mach 3", "layer flat", "nothing", "k", "café flutter", "FLOWS"] {
            let terms = query.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber })
            let slow = terms.compactMap { text.firstRange(of: $0)?.lowerBound }.min().map { text.distance(from: text.startIndex, to: $0) }
            #expect(Snippet.asciiOffset(of: terms, in: text) == slow, "\(query)")
        }
        #expect(Snippet.asciiOffset(of: ["cafe"], in: "un café") == nil)
    }

    @Test func theASCIISnippetIsTheCharacterOne() {
        var rng = SeededGenerator(seed: 5)
        let words = ["flow", "Plate", "boundary", "layer", "Mach", "3.14", "shock-wave", "a", "the", "of", "longwordwithoutanyspacesatallinsideit"]
        let spaces = [" ", "  ", "\n", "\t", "\r\n", " \u{0B}", "\u{0C}"]
        for n in [0, 5, 40, 80, 200] {
            for title in ["", "# A title line\n", "#notitle "] {
                let text = title + (0..<n).map { _ in words.randomElement(using: &rng)! + spaces.randomElement(using: &rng)! }.joined()
                for query in ["mach", "SHOCK wave", "nothing", "the layer", "3"] {
                    for length in [20, 60, 200] {
                        #expect(Snippet.makeASCII(text: text, query: query, length: length) == Snippet.makeCharacters(text: text, query: query, length: length), "\(text.debugDescription) \(query) \(length)")
                    }
                }
            }
        }
    }
}

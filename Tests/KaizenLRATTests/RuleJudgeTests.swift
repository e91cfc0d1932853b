import Testing

@testable import KaizenLRAT

/// The default judge's verdicts on sentences agents write after a browse.
@Suite struct RuleJudgeTests {
    @Test(arguments: [
        ("This is not relevant to the question", JudgeVerdict.notRelevant),
        ("The page is irrelevant.", .notRelevant),
        ("IRRELEVANT", .notRelevant),
        ("It does not help with the date.", .notRelevant),
        ("This doesn't help.", .notRelevant),
        ("This doesn\u{2019}t help.", .notRelevant),
        ("Not useful at all", .notRelevant),
        ("The article is unrelated to our query", .notRelevant),
        ("There is no relevant information here", .notRelevant),
        ("The page does not answer the question", .notRelevant),
        ("Off-topic: it is about football", .notRelevant),
        ("The page is off topic", .notRelevant),
        ("It isn't relevant.", .notRelevant),
        ("Not really useful.", .notRelevant),
        ("No, irrelevant.", .notRelevant),
        ("Relevant at first sight. Not useful though", .notRelevant),
        ("The page is not irrelevant: it gives the year.", .relevant),
        ("This is not entirely unrelated", .relevant),
        ("The page is relevant and answers the question", .relevant),
        ("Useful table of populations", .relevant),
        ("This confirms the founding year", .relevant),
        ("It helps narrow down the candidates", .relevant),
        ("Not only relevant, it also lists sources", .relevant),
        ("The agents' notes are relevant", .relevant),
        ("The relevance is unclear; reading the next page", .unclear),
        ("An irrelevantly long introduction", .unclear),
        ("Reading the second paragraph now", .unclear),
        ("", .unclear),
    ])
    func verdict(sentence: String, expected: JudgeVerdict) async throws {
        let judge = RuleJudge()
        #expect(judge.verdict(for: sentence) == expected)
        #expect(try await judge.judge(query: "q", document: "d", reasoning: sentence) == expected)
    }

    @Test func customPhraseLists() {
        let judge = RuleJudge(negativePhrases: ["dead end"], positivePhrases: ["bingo"])
        #expect(judge.verdict(for: "Another dead end.") == .notRelevant)
        #expect(judge.verdict(for: "Bingo, the year is there") == .relevant)
        #expect(judge.verdict(for: "This is not relevant") == .unclear)
    }

    @Test func tokensKeepContractionsAndSplitClauses() {
        let tokens = RuleJudge.tokens(of: "Doesn\u{2019}t help, off-topic.")
        #expect(tokens.map(\.word) == ["doesn't", "help", "off", "topic"])
        #expect(tokens.map(\.clause) == [0, 0, 1, 1])
    }
}

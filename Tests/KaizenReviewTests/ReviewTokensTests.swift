import KaizenReview
import Testing

@Suite struct ReviewTokensTests {
    @Test func tokensAreKeptAsSHA256AndMapToTheirReviewer() throws {
        #expect(ReviewTokens.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let entries = try ReviewTokens.parse(list: "dana:approver:dana-secret-token-1, sam:viewer:sam:secret:token:2", source: "env")
        #expect(entries.map(\.reviewer) == [Reviewer(name: "dana", role: .approver), Reviewer(name: "sam", role: .viewer)])
        #expect(entries.allSatisfy { $0.sha256.count == 64 && !$0.sha256.contains("secret") })
        let tokens = ReviewTokens(entries)
        #expect(tokens.reviewer(for: "sam:secret:token:2")?.name == "sam")
        #expect(tokens.reviewer(for: "dana-secret-token-2") == nil)
        #expect(tokens.records.map(\.role) == ["approver", "viewer"])
        #expect(ReviewTokens.random() != ReviewTokens.random())
        #expect(ReviewTokens.random().count >= 43)
    }

    @Test(arguments: [
        ("dana:approver", "env entry 1: expected name:role:token"),
        ("dana:boss:0123456789abcdef", "env entry 1: role must be viewer or approver, found 'boss'"),
        ("ok:viewer:0123456789abcdef,dana:approver:short", "env entry 2: the token of dana is shorter than 16 characters"),
        ("da na:viewer:0123456789abcdef", "env entry 1: a reviewer name is 1-64 letters, digits, '.', '_', '@' or '-'"),
    ])
    func malformedEntriesNameTheEntryAndNeverTheToken(list: String, message: String) {
        do {
            _ = try ReviewTokens.parse(list: list, source: "env")
            Issue.record("accepted \(list)")
        } catch {
            #expect(error.description == message)
            #expect(!error.description.contains("0123456789abcdef"))
        }
    }
}

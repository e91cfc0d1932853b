import Testing

@testable import KaizenCode

/// Replies come in many shapes; the extractor must find the model in each.
@Suite struct CodeExtractorTests {
    static let net = """
        import torch
        from torch import nn

        class Net(nn.Module):
            def __init__(self, in_shape, num_classes):
                super().__init__()
                self.fc = nn.Linear(in_shape[0] * in_shape[1] * in_shape[2], num_classes)

            def forward(self, x):
                return self.fc(x.flatten(1))
        """

    @Test func fencedWithProseAroundIt() {
        let reply = "Here is a compact model:\n\n```python\n\(Self.net)\n```\n\nIt should train quickly."
        #expect(CodeExtractor.extract(reply) == Self.net + "\n")
    }

    @Test func fencedWithoutLanguageTag() {
        #expect(CodeExtractor.extract("```\n\(Self.net)\n```") == Self.net + "\n")
    }

    @Test func theFenceWithNetWinsOverAnEarlierSnippet() {
        let reply = "Install it with:\n```bash\npip install torch\n```\nThen:\n```python\n\(Self.net)\n```"
        #expect(CodeExtractor.extract(reply) == Self.net + "\n")
    }

    @Test func unfencedWithProseBeforeAndAfter() {
        let reply = "Sure! The model follows.\n\(Self.net)\nThis model has one linear layer.\nI hope it helps."
        #expect(CodeExtractor.extract(reply) == Self.net + "\n")
    }

    @Test func unfencedKeepsTopLevelAssignmentsAndDecorators() {
        let source = "import torch\nHIDDEN = 64\n\n@torch.no_grad()\ndef init(m):\n    pass\n\nclass Net(torch.nn.Module):\n    pass\n"
        #expect(CodeExtractor.extract(source + "\nThat is all.") == source)
    }

    @Test func anUnclosedFenceCutAtTheTokenLimitStillYieldsItsCode() {
        let extracted = CodeExtractor.extract("```python\n\(Self.net)")
        #expect(extracted?.contains("class Net(nn.Module):") == true)
    }

    @Test(arguments: ["I cannot write that model.", "", "```\n\n```"])
    func noCodeGivesNil(reply: String) {
        #expect(CodeExtractor.extract(reply) == nil)
    }
}

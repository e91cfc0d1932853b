import Foundation
import KaizenSandbox
import Testing

@testable import KaizenCode

@Suite struct CodeChecksTests {
    @Test(arguments: [
        ("class Net(nn.Module):\n    pass\n", true),
        ("class Net:\n    pass\n", true),
        ("class Network(nn.Module):\n    pass\n", false),
        ("    class Net(nn.Module):\n        pass\n", false),
        ("def Net():\n    pass\n", false),
    ])
    func findsOnlyATopLevelNetClass(source: String, expected: Bool) {
        #expect(CodeChecks.hasNetClass(source) == expected)
    }

    @Test func theFingerprintIgnoresEveryWhitespaceDifference() {
        let a = "class Net(nn.Module):\n    def forward(self, x):\n        return x\n"
        let b = "class Net(nn.Module):\n\n  def forward(self,x):\n\treturn  x\r\n\n"
        #expect(CodeChecks.fingerprint(a) == CodeChecks.fingerprint(b))
        #expect(CodeChecks.fingerprint(a) != CodeChecks.fingerprint(a.replacingOccurrences(of: "return x", with: "return -x")))
        // SHA-256 of "classNet:pass", checked with `printf 'classNet:pass' | sha256sum`.
        #expect(CodeChecks.fingerprint("class Net:\n    pass\n") == "413d3a713f6ab289e5843a8b90abe36d70e1b6c7823b5f5896bb9af92029bbee")
    }
}

/// The whole validation, with the real sandboxed `python3 -m py_compile`.
@Suite struct CodeValidatorTests {
    static let good = "import torch\nclass Net(torch.nn.Module):\n    def forward(self, x):\n        return x\n"

    @Test func acceptsCompilingCodeWithItsFingerprint() async throws {
        let result = await CodeValidator().validate(reply: "```python\n\(Self.good)```") { _ in nil }
        let accepted = try result.get()
        #expect(accepted.source == Self.good)
        #expect(accepted.fingerprint == CodeChecks.fingerprint(Self.good))
    }

    @Test func rejectsASyntaxErrorWithTheCompilersLine() async {
        let result = await CodeValidator().validate(reply: "class Net:\n    def f(self:\n        pass\n") { _ in nil }
        guard case .failure(.syntax(let message)) = result else {
            Issue.record("expected a syntax rejection, got \(result)")
            return
        }
        #expect(message.hasPrefix("line 2: SyntaxError"), "\(message)")
    }

    @Test func rejectsCodeWithoutNet() async {
        let result = await CodeValidator().validate(reply: "import torch\nclass Model(torch.nn.Module):\n    pass\n") { _ in nil }
        #expect(result == .failure(.noNetClass))
    }

    @Test func rejectsCodeAlreadySeenModuloWhitespace() async {
        let seen = CodeChecks.fingerprint(Self.good)
        let respaced = Self.good.replacingOccurrences(of: "    ", with: "  ").replacingOccurrences(of: "\n", with: "\n\n")
        let result = await CodeValidator().validate(reply: respaced) { $0 == seen ? "cand_earlier" : nil }
        #expect(result == .failure(.duplicate(of: "cand_earlier")))
    }

    @Test func aMissingPythonIsACheckFailureNotASyntaxError() async {
        let checker = SyntaxChecker(python: "/nonexistent/python3")
        guard case .checkFailed = await checker.check(Self.good) else {
            Issue.record("expected checkFailed")
            return
        }
    }
}

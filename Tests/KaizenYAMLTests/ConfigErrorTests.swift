import Testing
import KaizenYAML

/// The description is what users see in the terminal: compiler-style, so it is clickable.
struct ConfigErrorTests {
    @Test func describesEveryPart() {
        let error = ConfigError(file: "kaizen.yaml", line: 7, column: 3, key: "llm.max_retries",
                                message: "expected an integer, found 'many'")
        #expect(error.description == "kaizen.yaml:7:3: llm.max_retries: expected an integer, found 'many'")
    }

    @Test func omitsUnknownParts() {
        #expect(ConfigError(file: "a.yaml", line: nil, column: nil, key: nil, message: "cannot read: no such file").description
            == "a.yaml: cannot read: no such file")
        #expect(ConfigError(file: "a.yaml", line: 2, column: nil, key: "x", message: "bad").description == "a.yaml:2: x: bad")
        #expect(ConfigError(file: "a.yaml", line: 2, column: 5, key: nil, message: "bad").description == "a.yaml:2:5: bad")
        #expect(ConfigError(file: "a.yaml", line: nil, column: 5, key: "k", message: "bad").description == "a.yaml: k: bad")
    }
}

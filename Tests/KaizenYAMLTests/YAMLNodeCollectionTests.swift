import Testing
import KaizenYAML

/// Mappings, sequences and string maps, and the key paths their children get.
struct YAMLNodeCollectionTests {
    @Test func unknownKeyIsReportedAtThatKeyWithSuggestion() {
        let text = "llm:\n  model: local\n  max_retires: 3\n"
        #expect(throws: ConfigError(file: "k.yaml", line: 3, column: 3, key: "llm.max_retires",
                                    message: "unknown key 'max_retires' (did you mean 'max_retries'?)")) {
            try YAMLNode.parse(text, file: "k.yaml").mapping(allowed: ["llm"]).required("llm")
                .mapping(allowed: ["model", "max_retries"])
        }
    }

    @Test func unknownKeyWithoutCloseMatchListsAllowedKeys() {
        #expect(throws: ConfigError(file: "k.yaml", line: 2, column: 1, key: "colour",
                                    message: "unknown key 'colour' (allowed: model, max_retries)")) {
            try YAMLNode.parse("model: x\ncolour: red\n", file: "k.yaml").mapping(allowed: ["model", "max_retries"])
        }
        #expect(throws: ConfigError(file: "k.yaml", line: 1, column: 1, key: "a",
                                    message: "unknown key 'a' (no keys are allowed here)")) {
            try YAMLNode.parse("a: 1\n", file: "k.yaml").mapping(allowed: [])
        }
    }

    @Test func mappingRejectsOtherKinds() {
        #expect(throws: ConfigError(file: "k.yaml", line: 1, column: 1, key: nil, message: "expected a mapping, found a sequence")) {
            try YAMLNode.parse("- a\n- b\n", file: "k.yaml").mapping(allowed: [])
        }
        #expect(throws: ConfigError(file: "k.yaml", line: 1, column: 1, key: nil, message: "expected a mapping, found 'just text'")) {
            try YAMLNode.parse("just text\n", file: "k.yaml").mapping(allowed: [])
        }
        #expect(throws: ConfigError(file: "k.yaml", line: 1, column: 6, key: "when", message: "expected a mapping, found null")) {
            try value("when", in: "when:\n", file: "k.yaml").mapping(allowed: [])
        }
    }

    @Test func arrayElementsHaveIndexedPaths() throws {
        let text = """
            rules:
              - name: first
                when: {persona: [reward]}
              - name: second
                when:
                  persona: [optimizer, reward]
            """
        let rules = try value("rules", in: text, file: "approval.yaml").array()
        #expect(rules.count == 2)
        #expect(rules.map(\.path) == ["rules[0]", "rules[1]"])
        let second = try rules[1].mapping(allowed: ["name", "when"])
        #expect(second.keys == ["name", "when"])
        let personas = try second.required("when").mapping(allowed: ["persona"]).required("persona").array()
        #expect(personas.map(\.path) == ["rules[1].when.persona[0]", "rules[1].when.persona[1]"])
        #expect((personas[1].line, personas[1].column) == (6, 28))
        #expect(throws: ConfigError(file: "approval.yaml", line: 6, column: 16, key: "rules[1].when.persona",
                                    message: "expected a string, found a sequence")) {
            try second.required("when").mapping(allowed: ["persona"]).required("persona").string()
        }
    }

    @Test func arrayRejectsOtherKinds() {
        #expect(throws: ConfigError(file: "t.yaml", line: 1, column: 4, key: "a", message: "expected a sequence, found 'x'")) {
            try value("a", in: "a: x\n").array()
        }
        #expect(throws: ConfigError(file: "t.yaml", line: 1, column: 3, key: "a", message: "expected a sequence, found null")) {
            try value("a", in: "a:\n").array()
        }
    }

    @Test func rootSequencePaths() throws {
        let items = try YAMLNode.parse("- 1\n- 2\n", file: "s.yaml").array()
        #expect(items.map(\.path) == ["[0]", "[1]"])
        #expect(try items.map { try $0.int() } == [1, 2])
    }

    @Test func stringMapReadsScalarValues() throws {
        let map = try value("labels", in: "labels:\n  team: ranking\n  tier: 2\n").stringMap()
        #expect(map == ["team": "ranking", "tier": "2"])
        #expect(try value("labels", in: "labels: {}\n").stringMap().isEmpty)
    }

    @Test func stringMapRejectsNestedValues() {
        #expect(throws: ConfigError(file: "t.yaml", line: 2, column: 9, key: "labels.team", message: "expected a string, found a sequence")) {
            try value("labels", in: "labels:\n  team: [a]\n").stringMap()
        }
        #expect(throws: ConfigError(file: "t.yaml", line: 1, column: 9, key: "labels", message: "expected a mapping of strings, found 'x'")) {
            try value("labels", in: "labels: x\n").stringMap()
        }
    }
}

import Testing
import KaizenYAML

/// Lookups on a checked mapping: absent, null, required and optional keys.
struct YAMLMappingTests {
    let text = """
        llm:
          model: local
          timeout:
          max_retries: 3
        """

    @Test func keysAreInDocumentOrder() throws {
        let llm = try value("llm", in: text).mapping(allowed: ["model", "timeout", "max_retries"])
        #expect(llm.keys == ["model", "timeout", "max_retries"])
        #expect(llm.node.path == "llm")
    }

    @Test func subscriptDistinguishesAbsentFromNull() throws {
        let llm = try value("llm", in: text).mapping(allowed: ["model", "timeout", "max_retries", "base_url"])
        #expect(llm["base_url"] == nil)
        #expect(llm["timeout"]?.isNull == true)
        #expect(llm["model"]?.isNull == false)
    }

    @Test func optionalReturnsNilForAbsentAndNull() throws {
        let llm = try value("llm", in: text).mapping(allowed: ["model", "timeout", "max_retries", "base_url"])
        #expect(try llm.optional("base_url") { try $0.string() } == nil)
        #expect(try llm.optional("timeout") { try $0.double() } == nil)
        #expect(try llm.optional("max_retries") { try $0.int() } == 3)
        #expect(throws: ConfigError(file: "t.yaml", line: 2, column: 10, key: "llm.model", message: "expected an integer, found 'local'")) {
            try llm.optional("model") { try $0.int() }
        }
    }

    @Test func requiredReportsMissingKeyAtMapping() throws {
        let llm = try value("llm", in: text).mapping(allowed: ["model", "timeout", "max_retries", "base_url"])
        #expect(try llm.required("model").string() == "local")
        #expect(throws: ConfigError(file: "t.yaml", line: 2, column: 3, key: "llm.base_url", message: "missing required key 'base_url'")) {
            try llm.required("base_url")
        }
        let root = try YAMLNode.parse("", file: "empty.yaml").mapping(allowed: ["llm"])
        #expect(throws: ConfigError(file: "empty.yaml", line: 1, column: 1, key: "llm", message: "missing required key 'llm'")) {
            try root.required("llm")
        }
    }

    @Test func requiredReturnsPresentNull() throws {
        let llm = try value("llm", in: text).mapping(allowed: ["model", "timeout", "max_retries"])
        #expect(try llm.required("timeout").isNull)
    }
}

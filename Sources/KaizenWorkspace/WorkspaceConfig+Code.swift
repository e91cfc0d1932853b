import KaizenYAML

extension WorkspaceConfig {
    /// `code:` — the architecture persona writes whole PyTorch `Net` classes (see
    /// `kaizen init --example vision`). Absent: it proposes config deltas.
    public struct Code: Sendable, Equatable {
        public var dataset = "digits"
        public var task = ""
        public var inputShape: [Int] = []
        public var classes = 10
        public var metric = "accuracy"
        /// Supporting models per prompt (the study's n).
        public var examples = 3
        /// Workspace-relative paths of the reference model and the seed models.
        public var reference = ""
        public var seeds: [String] = []
        public var maxTokens = 1500
    }

    static func parseCode(_ node: YAMLNode) throws -> Code {
        var code = Code()
        let m = try node.mapping(allowed: ["dataset", "task", "input_shape", "classes", "metric", "examples", "reference", "seeds", "max_tokens"])
        if let v = try m.optional("dataset", { try $0.string() }) { code.dataset = v }
        if let v = try m.optional("task", { try $0.string() }) { code.task = v }
        if let v = try m.optional("input_shape", { try $0.array().map { try $0.int(in: 1...4096) } }) {
            guard v.count == 3 else { throw m["input_shape"]!.error("expected [channels, height, width], found \(v.count) numbers") }
            code.inputShape = v
        }
        if let v = try m.optional("classes", { try $0.int(in: 2...100_000) }) { code.classes = v }
        if let v = try m.optional("metric", { try $0.string() }) { code.metric = v }
        if let v = try m.optional("examples", { try $0.int(in: 1...6) }) { code.examples = v }
        if let v = try m.optional("reference", { try $0.string() }) { code.reference = v }
        if let v = try m.optional("seeds", { try $0.array().map { try $0.string() } }) { code.seeds = v }
        if let v = try m.optional("max_tokens", { try $0.int(in: 256...16_384) }) { code.maxTokens = v }
        if code.task.isEmpty { throw (m["task"] ?? node).error("code.task is required: one sentence on what the models solve") }
        if code.inputShape.isEmpty { throw (m["input_shape"] ?? node).error("code.input_shape is required: [channels, height, width]") }
        if code.reference.isEmpty { throw (m["reference"] ?? node).error("code.reference is required: the reference model's file") }
        return code
    }
}

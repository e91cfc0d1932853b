import KaizenLRAT

/// A judge that must not be asked: mining fails loudly if it is.
struct RefusingJudge: ReasoningJudge {
    struct Asked: Error, Equatable {
        let reasoning: String
    }
    func judge(query: String, document: String, reasoning: String) async throws -> JudgeVerdict {
        throw Asked(reasoning: reasoning)
    }
}

/// A judge with fixed verdicts per document (unclear otherwise) that records what it was
/// asked, to check the arguments the miner passes.
struct ScriptedJudge: ReasoningJudge {
    let verdicts: [String: JudgeVerdict]
    let log = Log()

    actor Log {
        private(set) var calls: [String] = []
        func append(_ call: String) { calls.append(call) }
    }

    func judge(query: String, document: String, reasoning: String) async throws -> JudgeVerdict {
        await log.append("\(query)|\(document)|\(reasoning)")
        return verdicts[document] ?? .unclear
    }
}

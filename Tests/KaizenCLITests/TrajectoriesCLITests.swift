import Foundation
import KaizenCore
import ScriptedLLMServer
import Testing

@Suite struct TrajectoriesCLITests {
    @Test func importReportsEachInvalidLineKeepsTheRestAndExportRoundTrips() throws {
        let dir = try CLI.tinyWorkspace()
        let file = dir.appending(path: "other-agent.jsonl")
        try """
            {"schema":"kaizen.trajectory.v1","trajectory":"x1","step":0,"type":"task","text":"find boundary-layer papers","agent":"other"}
            {"schema":"kaizen.trajectory.v1","trajectory":"x1","step":1,"type":"search","query":"boundary layer","results":[{"doc":"d1","rank":1,"score":7.5},{"doc":"d2","rank":2}]}
            {"schema":"kaizen.trajectory.v1","trajectory":"x1","step":2,"type":"browse","doc":"d1"}
            {"schema":"kaizen.trajectory.v1","trajectory":"x1","step":3,"type":"reason","text":"d1 answers it","tokens":3}
            {"schema":"kaizen.trajectory.v1","trajectory":"x1","step":4,"type":"browse"}
            {"schema":"kaizen.trajectory.v1","trajectory":"x1","step":5,"type":"outcome","success":true,"metrics":{"reward":1}}
            {"schema":"kaizen.trajectory.v2","trajectory":"x1","step":6,"type":"answer","text":"a"}
            """.write(to: file, atomically: true, encoding: .utf8)
        let imported = try CLI.run(["trajectories", "import", file.path, "--workspace", dir.path])
        #expect(imported.status == 2)
        #expect(imported.stdout.contains("5 event(s) imported, 0 already there, 2 invalid"))
        #expect(imported.stderr.contains("\(file.path):5: browse needs a string \"doc\""))
        #expect(imported.stderr.contains("\(file.path):7: unsupported schema \"kaizen.trajectory.v2\""))

        let again = try CLI.run(["trajectories", "import", "--json", file.path, "--workspace", dir.path])
        #expect(try JSONValue.parse(again.stdout).arrayValue?.first?["unchanged"]?.intValue == 5)

        let out = dir.appending(path: "export.jsonl")
        #expect(try CLI.run(["trajectories", "export", "--out", out.path, "--workspace", dir.path]).status == 0)
        let exported = try String(contentsOf: out, encoding: .utf8)
        let original = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").prefix(6).filter { !$0.contains("\"step\":4,") }
        #expect(exported.split(separator: "\n").map { try! JSONValue.parse(String($0)) } == original.map { try! JSONValue.parse(String($0)) })

        let fresh = try CLI.tinyWorkspace()
        #expect(try CLI.run(["trajectories", "import", out.path, "--workspace", fresh.path]).status == 0)
        #expect(try CLI.run(["trajectories", "export", "--workspace", fresh.path]).stdout == exported)
    }

    @Test func docsImportKeepsTheValidDocumentsAndExitsTwoOnBadLines() throws {
        let dir = try CLI.tinyWorkspace()
        let file = dir.appending(path: "docs.jsonl")
        try "{\"id\":\"c1\",\"title\":\"Flat plates\",\"text\":\"boundary layer on a flat plate\"}\n{\"id\":\"c2\"}\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try CLI.run(["docs", "import", file.path, "--json", "--workspace", dir.path])
        #expect(result.status == 2)
        #expect(try JSONValue.parse(result.stdout)["imported"]?.intValue == 1)
        #expect(result.stderr.contains("docs.jsonl:2: \"text\" must be a non-empty string"))
        #expect(try CLI.run(["docs", "import", dir.appending(path: "missing").path, "--workspace", dir.path]).status == 2)
    }
}

@Suite struct RetrieverCLITests {
    @Test func evalPrintsTheFourMetricsAndSearchRanks() throws {
        let dir = try CLI.tinyWorkspace()
        let docs = dir.appending(path: "docs.jsonl"), queries = dir.appending(path: "q.jsonl"), qrels = dir.appending(path: "qrels.txt")
        try """
            {"id":"p","title":"Flat plates","text":"boundary layer on a flat plate"}
            {"id":"w","title":"Wings","text":"lift of a swept wing"}
            """.write(to: docs, atomically: true, encoding: .utf8)
        try "{\"id\":\"1\",\"text\":\"flat plate boundary layer\"}\n{\"id\":\"2\",\"text\":\"wing lift\"}\n".write(to: queries, atomically: true, encoding: .utf8)
        try "1 Q0 p 1\n2 0 w 1\n".write(to: qrels, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["docs", "import", docs.path, "--workspace", dir.path]).status == 0)
        let eval = try CLI.run(["retriever", "eval", "--queries", queries.path, "--qrels", qrels.path, "--json", "--workspace", dir.path])
        #expect(eval.status == 0, "\(eval.stderr)")
        let json = try JSONValue.parse(eval.stdout)
        for key in ["ndcg@10", "recall@10", "recall@100", "mrr@10"] { #expect(json[key]?.doubleValue == 1, "\(key)") }
        let search = try CLI.run(["retriever", "search", "swept wing", "-k", "1", "--json", "--workspace", dir.path])
        #expect(try JSONValue.parse(search.stdout).arrayValue?.first?["doc"]?.stringValue == "w")
        try "1 d1\n".write(to: qrels, atomically: true, encoding: .utf8)
        let bad = try CLI.run(["retriever", "eval", "--queries", queries.path, "--qrels", qrels.path, "--workspace", dir.path])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("qrels.txt:1: expected `qid Q0 doc grade` or `qid doc grade`, found 2 fields"))
    }
}

@Suite struct RetrieverMineCLITests {
    /// Two trajectories: `a` succeeded, browsed d1 ("answers") and d2 ("not relevant"); `b` failed.
    static func importSample(into dir: URL) throws {
        let file = dir.appending(path: "t.jsonl")
        let lines = [
            #""trajectory":"a","step":0,"type":"search","query":"flat plate","results":[{"doc":"d1","rank":1},{"doc":"d2","rank":2},{"doc":"d3","rank":3}]"#,
            #""trajectory":"a","step":1,"type":"browse","doc":"d1""#,
            #""trajectory":"a","step":2,"type":"reason","text":"d1 answers the question about plates","tokens":6"#,
            #""trajectory":"a","step":3,"type":"browse","doc":"d2""#,
            #""trajectory":"a","step":4,"type":"reason","text":"This is not relevant to the question.","tokens":7"#,
            #""trajectory":"a","step":5,"type":"outcome","success":true"#,
            #""trajectory":"b","step":0,"type":"search","query":"wings","results":[{"doc":"d4","rank":1}]"#,
            #""trajectory":"b","step":1,"type":"browse","doc":"d4""#,
            #""trajectory":"b","step":2,"type":"outcome","success":false"#,
        ]
        try lines.map { "{\"schema\":\"kaizen.trajectory.v1\",\($0)}" }.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["trajectories", "import", file.path, "--workspace", dir.path]).status == 0)
    }

    @Test func mineReportsWhatTheJudgeKeptAndTheSwitchesChangeIt() throws {
        let dir = try CLI.tinyWorkspace()
        try Self.importSample(into: dir)
        let mined = try JSONValue.parse(try CLI.run(["retriever", "mine", "--json", "--workspace", dir.path]).stdout)
        #expect(mined["trajectoriesUsed"]?.intValue == 1)
        #expect(mined["positives"]?.intValue == 2)
        #expect(mined["droppedByJudge"]?.intValue == 1)
        #expect(mined["pairs"]?.intValue == 1)
        let text = try CLI.run(["retriever", "mine", "--no-judge", "--all-outcomes", "--workspace", dir.path]).stdout
        #expect(text.contains("pairs: 3"), "\(text)")
    }

    /// `--judge llm` asks the workspace's LLM about each reasoned browse; here the scripted model
    /// rejects d1, whose note the rule judge would keep, and keeps d2, which it would drop.
    @Test func theLLMJudgeDecidesWithTheWorkspacesModel() throws {
        let server = try ScriptedLLMServer { request in
            let prompt = String(decoding: request.body, as: UTF8.self)
            let verdict = prompt.contains("d1 answers the question") ? "not_relevant" : "relevant"
            return .respond(status: 200, body: OpenAIBody.chat(content: "{\"verdict\": \"\(verdict)\"}"))
        }
        defer { server.stop() }
        let dir = try CLI.tinyWorkspace()
        try ProposalLLM.pointWorkspace(dir, at: server.baseURL, requestTimeout: 10, maxRetries: 0)
        try Self.importSample(into: dir)
        let run = try CLI.run(["retriever", "mine", "--judge", "llm", "--json", "--workspace", dir.path])
        let mined = try JSONValue.parse(run.stdout)
        #expect(mined["droppedByJudge"]?.intValue == 1 && mined["keptByJudge"]?.intValue == 1)
        #expect(mined["pairs"]?.intValue == 1)
        #expect(server.requestCount == 2)
        #expect(run.stderr.contains("LLM judge: 2 asked, 0 decided by the rule judge"), "\(run.stderr)")
    }
}

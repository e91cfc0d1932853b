import Foundation
import KaizenCore
import KaizenYAML
import Testing

@testable import KaizenSearchSpace

let policies = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appending(path: "Policies")

@Suite struct SearchSpaceTests {
    let space = try! SearchSpace.load(contentsOf: policies.appending(path: "search-space.yaml"))
    let production = try! JSONValue.parse(String(contentsOf: policies.appending(path: "production.json"), encoding: .utf8))

    @Test func theShippedFilesAgree() {
        #expect(space.fields[.architecture]?.count == 9)
        #expect(space.fields[.optimizer]?.count == 9)
        #expect(space.fields[.reward]?.count == 6)
        #expect(space.problems(inConfig: production).isEmpty, "\(space.problems(inConfig: production))")
    }

    @Test func aLegalDeltaPassesAndAppliesCleanly() throws {
        let delta = try JSONValue.parse(#"{"optimizer": {"name": "adamw", "learning_rate": 0.003, "batch_size": 1024}}"#)
        #expect(space.problems(inDelta: delta, persona: .optimizer).isEmpty)
        #expect(space.problems(inConfig: production.merging(patch: delta)).isEmpty)
    }

    @Test(arguments: [
        (#"{"optimizer": {"lr": 0.1}}"#, Persona.optimizer, "optimizer.lr: not a field"),
        (#"{"architecture": {"dropout": 0.1}}"#, .optimizer, "belongs to another persona"),
        (#"{"optimizer": {"learning_rate": 3}}"#, .optimizer, "outside"),
        (#"{"optimizer": {"name": "lion"}}"#, .optimizer, "is not one of"),
        (#"{"optimizer": {"epochs": 2.5}}"#, .optimizer, "expected an integer"),
        (#"{"optimizer": {"batch_size": 500}}"#, .optimizer, "is not one of"),
        (#"{"architecture": {"tower": [64, 64, 64, 64, 64]}}"#, .architecture, "5 entries"),
        (#"{"architecture": {"tower": [64, 1000]}}"#, .architecture, "entry 1"),
        (#"{"architecture": {"residual": "yes"}}"#, .architecture, "true or false"),
        (#"{"reward": {"click": null}}"#, .reward, "may not remove"),
        (#"{}"#, .reward, "empty"),
        (#"[1]"#, .reward, "expected a JSON object"),
    ])
    func illegalDeltasNameTheFieldAndReason(delta: String, persona: Persona, fragment: String) throws {
        let problems = space.problems(inDelta: try JSONValue.parse(delta), persona: persona)
        #expect(problems.contains { $0.contains(fragment) }, "\(problems)")
    }

    @Test(arguments: [
        ("optimizer:\n  lr: {kind: float, min: 1, max: 0}\narchitecture: {}\nreward: {}\n", 2, "max is below min"),
        ("optimizer:\n  lr: {kind: spline}\narchitecture: {}\nreward: {}\n", 2, "expected one of"),
        ("optimizer:\n  lr: {kind: float, min: 0, max: 1, scale: log}\narchitecture: {}\nreward: {}\n", 2, "log-scale"),
        ("optimizer: {}\narchitecture: {}\n", 1, "missing required key 'reward'"),
        ("optimizer: {}\narchitecture: {}\nreward: {}\nvision: {}\n", 4, "unknown key 'vision'"),
    ])
    func badFilesGetPreciseErrors(text: String, line: Int, fragment: String) {
        do {
            _ = try SearchSpace.parse(text, file: "search-space.yaml")
            Issue.record("expected an error")
        } catch let error as ConfigError {
            #expect(error.line == line, "\(error)")
            #expect(error.description.contains(fragment), "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}

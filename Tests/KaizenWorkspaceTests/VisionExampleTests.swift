import Foundation
import KaizenYAML
import Testing

@testable import KaizenWorkspace

@Suite struct VisionExampleTests {
    @Test func initWritesTheVisionScenario() throws {
        let root = FileManager.default.temporaryDirectory.appending(path: "kaizen-vision-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let workspace = try Workspace.create(at: root, example: .vision)
        let code = try #require(workspace.config.code)
        #expect(code.dataset == "digits" && code.inputShape == [1, 8, 8] && code.classes == 10 && code.examples == 3)
        #expect(workspace.config.trainer.kind == .command)
        #expect(workspace.config.trainer.command == ["/usr/bin/python3", workspace.root.appending(path: "trainer/train.py").path])
        let models = try #require(try workspace.codeModels())
        #expect(models.reference.name == "cnn" && models.reference.source.contains("class Net"))
        #expect(models.seeds.map(\.name) == ["mlp", "resnet"])
        let production = try String(contentsOf: workspace.policiesURL.appending(path: "production.json"), encoding: .utf8)
        #expect(production.contains("\"dataset\": \"digits\""))
    }

    @Test(arguments: [
        ("code:\n  input_shape: [1, 8, 8]\n  reference: m.py\n", "code.task is required"),
        ("code:\n  task: t\n  input_shape: [8, 8]\n  reference: m.py\n", "expected [channels, height, width]"),
        ("code:\n  task: t\n  input_shape: [1, 8, 8]\n", "code.reference is required"),
        ("code:\n  task: t\n  input_shape: [1, 8, 8]\n  reference: m.py\n  examples: 9\n", "examples"),
        ("code:\n  task: t\n  input_shape: [1, 8, 8]\n  reference: m.py\n  colour: red\n", "colour"),
    ])
    func aBadCodeSectionNamesTheKey(yaml: String, message: String) {
        #expect {
            _ = try WorkspaceConfig.parse(yaml, file: "kaizen.yaml")
        } throws: { error in
            "\(error)".contains(message) && "\(error)".contains("kaizen.yaml")
        }
    }
}

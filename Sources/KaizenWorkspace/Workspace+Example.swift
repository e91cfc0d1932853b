import Foundation
import KaizenYAML

/// Scenarios `kaizen init --example NAME` sets up beside the built-in world.
public enum WorkspaceExample: String, Sendable, CaseIterable {
    /// Architectures as code: PyTorch `Net` classes trained for one epoch on 8x8 digits.
    case vision

    /// Bundled file → workspace path.
    var files: [(bundled: String, path: String)] {
        switch self {
        case .vision:
            [
                ("Examples/vision/kaizen.yaml", Workspace.configFileName),
                ("Examples/vision/production.json", "Policies/production.json"),
                ("Examples/vision/train.py", "trainer/train.py"),
                ("Examples/vision/seeds/mlp.py", "Models/mlp.py"),
                ("Examples/vision/seeds/cnn.py", "Models/cnn.py"),
                ("Examples/vision/seeds/resnet.py", "Models/resnet.py"),
            ]
        }
    }
}

extension Workspace {
    /// A new workspace for `example`: the defaults, then the example's config, production
    /// config, trainer and seed models. `__WORKSPACE__` in the config becomes the absolute path.
    @discardableResult
    public static func create(at root: URL, example: WorkspaceExample, force: Bool = false) throws -> Workspace {
        let base = try create(at: root, force: force)
        for (bundled, path) in example.files {
            guard var text = Defaults.file(bundled) else {
                throw WorkspaceError.cannotWrite(path: path, reason: "\(bundled) is missing from this build")
            }
            text = text.replacingOccurrences(of: "__WORKSPACE__", with: base.root.path)
            let url = base.root.appending(path: path)
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try text.write(to: url, atomically: true, encoding: .utf8)
            } catch {
                throw WorkspaceError.cannotWrite(path: url.path, reason: error.localizedDescription)
            }
        }
        return try open(at: root)
    }

    /// The code task of `code:`, with the reference and seed models read from their files.
    public func codeModels() throws -> (reference: (name: String, source: String), seeds: [(name: String, source: String)])? {
        guard let code = config.code else { return nil }
        func read(_ path: String) throws -> (name: String, source: String) {
            let url = resolve(path)
            do {
                return (url.deletingPathExtension().lastPathComponent, try String(contentsOf: url, encoding: .utf8))
            } catch {
                throw ConfigError(file: Self.configFileName, line: nil, column: nil, key: "code", message: "cannot read the model \(path): \(error.localizedDescription)")
            }
        }
        return (try read(code.reference), try code.seeds.map(read))
    }
}

import Mustache

/// The agent's prompt templates (`Prompts/*.mustache`), with partials resolved by name.
/// Prompt text lives only in those files; Swift code supplies values.
public struct PromptLibrary: Sendable {
    public static let personaTemplates = ["propose-optimizer", "propose-architecture", "propose-reward"]
    public static let required = personaTemplates + ["propose-context", "evidence-query", "evidence-reasoning", "propose-code"]

    let library: MustacheLibrary

    /// - Parameter templates: file name (e.g. `propose-reward.mustache`) → template text.
    public init(templates: [String: String]) throws(AgentError) {
        var library = MustacheLibrary()
        for (file, text) in templates where file.hasSuffix(".mustache") {
            let name = String(file.dropLast(".mustache".count))
            do {
                try library.register(text, named: name)
            } catch {
                throw .template(name: file, problem: "\(error)")
            }
        }
        for name in Self.required where library.getTemplate(named: name) == nil {
            throw .template(name: name + ".mustache", problem: "missing from the prompts folder")
        }
        self.library = library
    }

    public func render(_ name: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: name) ?? ""
    }
}

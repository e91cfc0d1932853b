/// The three proposers of the offline agent, one per component of the model.
public enum Persona: String, Sendable, CaseIterable, Codable, Hashable {
    case optimizer
    case architecture
    case reward
}

/// The probability functions the tests in this module need, written out here so that
/// KaizenStats has no dependencies and its accuracy is known: every p-value the online agent
/// acts on goes through these, and they are checked against SciPy.
public enum Distributions: Sendable {}

import ArgumentParser

/// `kaizen`: the root command. Subcommands parse arguments and call into the libraries.
public struct KaizenCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "kaizen",
        abstract: "Improves ML models on their own: propose, train, validate online, ask a person where needed.",
        discussion: "Exit codes: 0 success, 1 runtime failure, 2 usage or input error.",
        version: KaizenVersion.current,
        subcommands: [InitCommand.self, DoctorCommand.self, ConfigCommand.self, LLMCommand.self, WorldCommand.self, TrainCommand.self, ProposeCommand.self, JournalCommand.self, OnlineCommand.self, ExperimentsCommand.self, ProductionCommand.self, StatusCommand.self, ReviewCommand.self, ServeCommand.self, RunCommand.self, DocsCommand.self, TrajectoriesCommand.self, RetrieverCommand.self, CodeCommand.self, ReportCommand.self])

    public init() {}
}

/// The version printed by `kaizen --version`.
public enum KaizenVersion {
    public static let current = "0.1.0"
}

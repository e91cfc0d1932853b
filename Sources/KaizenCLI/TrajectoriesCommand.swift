import ArgumentParser
import Foundation
import KaizenCore
import KaizenStore

/// `kaizen trajectories import|export`: agent logs in the open `kaizen.trajectory.v1` format.
struct TrajectoriesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trajectories", abstract: "Import and export agent trajectories (kaizen.trajectory.v1 JSON Lines).",
        subcommands: [Import.self, Export.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate each line and import the valid ones; every invalid line is reported with its number and reason (exit 2 if any).")
        @Argument(help: "JSON Lines files.")
        var files: [String]
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let (_, store) = try global.openStore()
            var invalid = 0
            var rows: [JSONValue] = []
            for path in files {
                let url = URL(fileURLWithPath: path)
                let text: String
                do { text = try String(contentsOf: url, encoding: .utf8) } catch {
                    throw CommandInputError(description: "\(path): cannot read it as UTF-8 text: \(error.localizedDescription)")
                }
                let file = TrajectoryFile(text: text)
                let result = try store.importTrajectoryEvents(file.events, source: "import:\(url.lastPathComponent)")
                var problems = file.errors.map { "\(path):\($0.line): \($0.reason)" }
                problems += result.conflicts.map { index in
                    let e = file.events[index]
                    return "\(path): step \(e.step) of trajectory \(e.trajectory) is already stored with other content; left out"
                }
                invalid += problems.count
                for problem in problems { FileHandle.standardError.write(Data((problem + "\n").utf8)) }
                rows.append(.object([
                    "file": .string(path), "imported": .number(Double(result.inserted)), "unchanged": .number(Double(result.unchanged)),
                    "invalid": .number(Double(problems.count)), "trajectories": .number(Double(Set(file.events.map(\.trajectory)).count)),
                ]))
                if !output.json {
                    print("\(path): \(result.inserted) event(s) imported, \(result.unchanged) already there, \(problems.count) invalid")
                }
            }
            if output.json { printJSON(.array(rows)) }
            if invalid > 0 { throw ExitCode(2) }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write trajectories as kaizen.trajectory.v1 JSON Lines (the import format).")
        @Option(help: "The file to write (default: standard output).")
        var out: String?
        @Option(help: "Only this trajectory.")
        var trajectory: String?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let (_, store) = try global.openStore()
            let text = TrajectoryFile.text(try store.trajectoryEvents(trajectory: trajectory))
            if let out {
                try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
                FileHandle.standardError.write(Data("wrote \(text.split(separator: "\n").count) event(s) to \(out)\n".utf8))
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
    }
}

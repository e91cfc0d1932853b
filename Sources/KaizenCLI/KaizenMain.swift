import ArgumentParser
import Foundation
import KaizenPolicy
import KaizenRetriever
import KaizenReview
import KaizenReviewServer
import KaizenStore
import KaizenWorkspace
import KaizenYAML
import Logging

/// The executable's entry point: runs a command and maps errors to exit codes
/// (0 success, 1 runtime failure, 2 usage or input error).
public enum KaizenMain {
    public static func run(_ arguments: [String]) async -> Int32 {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        let command: any ParsableCommand
        do {
            command = try KaizenCommand.parseAsRoot(arguments)
        } catch {
            let code = KaizenCommand.exitCode(for: error)
            let message = KaizenCommand.fullMessage(for: error)
            if code == .success {
                print(message)
                return 0
            }
            FileHandle.standardError.write(Data((message + "\n").utf8))
            return 2
        }
        do {
            if var async = command as? any AsyncParsableCommand {
                try await async.run()
            } else {
                var sync = command
                try sync.run()
            }
            return 0
        } catch let exit as ExitCode {
            return exit.rawValue
        } catch {
            // Help requests, clean exits and validation errors thrown while running; ArgumentParser
            // classifies every other error as a plain failure, which ours are.
            let code = KaizenCommand.exitCode(for: error)
            let message = KaizenCommand.fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                return 0
            }
            if code == .validationFailure {
                FileHandle.standardError.write(Data((message + "\n").utf8))
                return 2
            }
            FileHandle.standardError.write(Data(("error: " + describe(error) + "\n").utf8))
            return exitCode(for: error)
        }
    }


    /// Kaizen's errors are CustomStringConvertible, so interpolation gives their message.
    static func describe(_ error: any Error) -> String { "\(error)" }

    /// Input problems (files, arguments, missing secrets) are 2; everything else is 1.
    static func exitCode(for error: any Error) -> Int32 {
        switch error {
        case is ConfigError, is PolicyErrors, is ValidationError, is CommandInputError, is RetrievalInputError: return 2
        case let error as WorkspaceError:
            switch error {
            case .notAWorkspace, .alreadyInitialized, .missingSecret: return 2
            case .cannotWrite: return 1
            }
        case let error as ReviewError:
            if case .invalid = error { return 2 }
            return 1
        case let error as ReviewServerError:
            if case .cannotListen = error { return 1 }
            return 2
        default: return 1
        }
    }
}

/// A bad argument or input file found while running a command.
struct CommandInputError: Error, CustomStringConvertible {
    let description: String
}

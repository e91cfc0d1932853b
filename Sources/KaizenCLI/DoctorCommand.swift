import ArgumentParser
import Foundation
import KaizenCore
import KaizenPolicy
import KaizenStore
import KaizenWorkspace

/// `kaizen doctor`: check the config, the policies and the store, and say what is wrong.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor", abstract: "Check kaizen.yaml, Policies/ and the store (SQLite integrity and Kaizen's invariants).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let workspace = try global.openWorkspace()
        var findings: [StoreFinding] = []
        do {
            _ = try workspace.loadPolicy()
        } catch let error as PolicyErrors {
            findings += error.errors.map { StoreFinding(severity: .error, check: "policy", message: $0.description) }
        }
        let store = try workspace.openStore(logger: global.logger("kaizen.doctor", config: workspace.config))
        findings += try store.doctor()
        let versions = try store.appliedSchemaVersions()
        let errors = findings.filter { $0.severity == .error }.count
        if output.json {
            printJSON(.object([
                "ok": .bool(errors == 0),
                "store": .string(workspace.storeURL.path),
                "schema": .array(versions.map(JSONValue.string)),
                "findings": .array(findings.map {
                    .object(["severity": .string($0.severity.rawValue), "check": .string($0.check), "message": .string($0.message)])
                }),
            ]))
        } else {
            print("store: \(workspace.storeURL.path) (schema \(versions.last ?? "none"))")
            for finding in findings { print(finding.description) }
            print(errors == 0 ? "ok: no problems found\(findings.isEmpty ? "" : " (\(findings.count) warning(s))")" : "\(errors) problem(s) found")
        }
        if errors > 0 { throw ExitCode(1) }
    }
}

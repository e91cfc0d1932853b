import Foundation
import KaizenCode

/// The study's duplicate check on generated models: SHA-256 of the source with all
/// whitespace removed (Kaizen's `CodeChecks.fingerprint` plus a set probe) against a
/// parse-and-compare check (`ast.dump` equality in a long-lived Python helper), on the same
/// files, in the same order.
///
///     kaizen-bench codecheck [--files DIR] [--count 1000] [--python python3]
///
/// DIR is made by `Benchmarks/vision/hash_vs_ast.py generate` when it has no manifest.
enum CodeCheckBench {
    static func run() throws {
        let count = Int(Repository.option("count", "1000")) ?? 1000
        let python = Repository.option("python", "python3")
        let script = Repository.root.appending(path: "Benchmarks/vision/hash_vs_ast.py").path
        let folder = URL(fileURLWithPath: Repository.option("files", FileManager.default.temporaryDirectory.appending(path: "kaizen-codecheck-\(count)").path))
        let manifestURL = folder.appending(path: "manifest.jsonl")
        if !FileManager.default.fileExists(atPath: manifestURL.path) {
            _ = try runProcess(python, [script, "generate", folder.path, "--count", String(count)])
        }
        let manifest = try String(contentsOf: manifestURL, encoding: .utf8).split(separator: "\n").compactMap {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let files = manifest.compactMap { $0["file"] as? String }.map { folder.appending(path: $0).path }
        let models = manifest.map { ($0["model"] as? String) ?? "?" }
        let layouts = manifest.map { "\(($0["model"] as? String) ?? "?")#\(($0["layout"] as? Int) ?? -1)" }

        // Kaizen: read, fingerprint, probe the set.
        var seen: [String: Int] = [:]
        var hashTimes: [Double] = []
        var hashOnly: [Double] = []
        var hashFlags: [Bool] = []
        for (i, path) in files.enumerated() {
            let start = ContinuousClock.now
            let source = try String(contentsOfFile: path, encoding: .utf8)
            let read = ContinuousClock.now
            let key = CodeChecks.fingerprint(source)
            let duplicate = seen[key] != nil
            if !duplicate { seen[key] = i }
            let end = ContinuousClock.now
            hashTimes.append((end - start).seconds * 1e6)
            hashOnly.append((end - read).seconds * 1e6)
            hashFlags.append(duplicate)
        }

        // The alternative: one long-lived Python process, one path per line.
        let reply = try runProcess(python, [script, "check"], stdin: files.joined(separator: "\n") + "\n")
        var astTimes: [Double] = []
        var astOnly: [Double] = []
        var astFlags: [Bool] = []
        for line in reply.split(separator: "\n") {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], object["summary"] == nil else { continue }
            astTimes.append((object["check_us"] as? Double) ?? .nan)
            astOnly.append(((object["check_us"] as? Double) ?? .nan) - ((object["read_us"] as? Double) ?? 0))
            astFlags.append((object["duplicate"] as? Bool) ?? false)
        }

        // Truth: a file repeats an earlier one when its model (same ast) was seen before.
        var firstModel = Set<String>()
        var firstLayout = Set<String>()
        var astTruth: [Bool] = []
        var byteTruth: [Bool] = []
        for i in files.indices {
            astTruth.append(!firstModel.insert(models[i]).inserted)
            byteTruth.append(!firstLayout.insert(layouts[i]).inserted)
        }
        func agree(_ a: [Bool], _ b: [Bool]) -> Int { zip(a, b).filter { $0 == $1 }.count }
        let hashMedian = Bench.percentile(hashTimes, 0.5)
        let astMedian = Bench.percentile(astTimes, 0.5)
        print("codecheck  \(files.count) generated Net files (\(Set(models).count) distinct models)")
        print("  hash (SHA-256, whitespace removed, Swift): median \(Bench.fmt(hashMedian, 1)) µs, p99 \(Bench.fmt(Bench.percentile(hashTimes, 0.99), 1)) µs per check; flags \(hashFlags.filter { $0 }.count) repeats")
        print("    of which hashing and the set probe alone: median \(Bench.fmt(Bench.percentile(hashOnly, 0.5), 1)) µs, p99 \(Bench.fmt(Bench.percentile(hashOnly, 0.99), 1)) µs")
        print("  ast.dump equality (Python helper):          median \(Bench.fmt(astMedian, 1)) µs, p99 \(Bench.fmt(Bench.percentile(astTimes, 0.99), 1)) µs per check; flags \(astFlags.filter { $0 }.count) repeats")
        print("    of which parsing, dumping and the set probe alone: median \(Bench.fmt(Bench.percentile(astOnly, 0.5), 1)) µs")
        print("  ratio (ast / hash, medians): \(Bench.fmt(astMedian / hashMedian, 1))x with the file read, \(Bench.fmt(Bench.percentile(astOnly, 0.5) / Bench.percentile(hashOnly, 0.5), 1))x without")
        print("  truth: \(astTruth.filter { $0 }.count) files repeat an earlier model's ast; \(byteTruth.filter { $0 }.count) repeat an earlier file's exact layout")
        print("  agreement with the ast truth: hash \(agree(hashFlags, astTruth))/\(files.count), ast \(agree(astFlags, astTruth))/\(astFlags.count)")
    }

    /// Runs `executable` (looked up on PATH) with `stdin`, returning its standard output.
    static func runProcess(_ executable: String, _ arguments: [String], stdin: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        let output = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardInput = input
        try process.run()
        // Feed stdin on another thread so a full stdout pipe cannot deadlock the two.
        let text = stdin ?? ""
        let writer = Thread {
            input.fileHandleForWriting.write(Data(text.utf8))
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw NSError(domain: "kaizen-bench", code: Int(process.terminationStatus), userInfo: [NSLocalizedDescriptionKey: "\(executable) \(arguments.first ?? "") exited with \(process.terminationStatus)"]) }
        return String(decoding: data, as: UTF8.self)
    }
}

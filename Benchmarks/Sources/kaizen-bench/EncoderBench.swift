import Foundation
import KaizenEncoder
import KaizenRetriever

/// Documents encoded per second: the native MiniLM encoder (KaizenEncoder) against
/// sentence-transformers on PyTorch CPU, in the same run, on the same texts (the first N
/// Cranfield abstracts) and batch size. The Python side is Benchmarks/cranfield/st_encode.py
/// run as a subprocess with 2 threads; the native encoder splits its work over the machine's
/// cores (2 here). Both get one untimed warm-up batch. Rounds alternate Swift, Python.
///
/// Options: --documents N (1000), --batch B (32), --threads T (2, PyTorch's), --rounds R (1),
/// --python PATH (else $KAIZEN_TORCH_PYTHON, else the first of ~/.cache/kaizen/torch-venv
/// and ~/.cache/kaizen/st-venv whose python has sentence_transformers), --cranfield DIR.
enum EncoderBench {
    static func say(_ line: String) {
        print(line)
        fflush(nil)
    }

    static func run() throws {
        let count = Int(Repository.option("documents", "1000")) ?? 1000
        let batch = Int(Repository.option("batch", "32")) ?? 32
        let threads = Int(Repository.option("threads", "2")) ?? 2
        let rounds = Int(Repository.option("rounds", "1")) ?? 1
        let folder = EncoderLocation.folder()
        let texts = Array(try CranfieldData.load().documents.map(\.text).prefix(count))
        let loadStart = ContinuousClock.now
        let encoder = try MiniLMEncoder(modelFolder: folder)
        let tokens = texts.reduce(0) { $0 + encoder.tokenizer.encode($1).count }
        let truncated = texts.filter { encoder.tokenizer.encode($0).count >= encoder.maxSequenceLength }.count
        say("encoder.setup    \(texts.count) Cranfield abstracts, \(tokens) tokens (\(truncated) cut to \(encoder.maxSequenceLength)), batch \(batch); model \(folder.path) (native load \(Bench.fmt((ContinuousClock.now - loadStart).seconds, 2)) s); load average \(ProcessStats.load())")

        let python = findPython()
        let work = FileManager.default.temporaryDirectory.appending(path: "kaizen-bench-encoder-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let textsFile = work.appending(path: "texts.json")
        try JSONSerialization.data(withJSONObject: texts).write(to: textsFile)
        if python == nil {
            say("encoder.torch    UNAVAILABLE: no python with sentence_transformers (tried --python, $KAIZEN_TORCH_PYTHON, ~/.cache/kaizen/torch-venv, ~/.cache/kaizen/st-venv); only the native figure follows")
        }

        _ = encoder.encode(Array(texts.prefix(batch)), batchSize: batch)  // warm-up, as on the Python side
        var swiftRates: [Double] = [], torchRates: [Double] = [], swiftCPU: [Double] = [], torchCPU: [Double] = []
        var swiftVectors: [[Float]] = []
        for round in 1...max(1, rounds) {
            let cpu0 = ProcessStats.cpuSeconds()
            let start = ContinuousClock.now
            swiftVectors = encoder.encode(texts, batchSize: batch)
            let seconds = (ContinuousClock.now - start).seconds
            let cpu = ProcessStats.cpuSeconds() - cpu0
            swiftRates.append(Double(texts.count) / seconds)
            swiftCPU.append(cpu)
            say("encoder.swift    round \(round): \(Bench.fmt(seconds, 2)) s, \(Bench.fmt(Double(texts.count) / seconds, 2)) docs/s, CPU \(Bench.fmt(cpu, 1)) s (KaizenEncoder, \(buildKind()) build, OpenBLAS sgemm, \(ProcessInfo.processInfo.activeProcessorCount) worker threads)")
            guard let python else { continue }
            let vectorsFile = work.appending(path: "torch-\(round).f32")
            switch runTorch(python: python, model: folder, texts: textsFile, batch: batch, threads: threads, vectors: vectorsFile) {
            case .failure(let message):
                say("encoder.torch    UNAVAILABLE: \(message); only the native figure is valid")
                return summary(swift: swiftRates, torch: [], swiftCPU: swiftCPU, torchCPU: [])
            case .success(let report):
                let rate = report["docs_per_s"] as? Double ?? .nan
                let cpu = report["cpu_seconds"] as? Double ?? .nan
                torchRates.append(rate)
                torchCPU.append(cpu)
                say("encoder.torch    round \(round): \(Bench.fmt(report["seconds"] as? Double ?? .nan, 2)) s, \(Bench.fmt(rate, 2)) docs/s, CPU \(Bench.fmt(cpu, 1)) s (sentence-transformers \(report["sentence_transformers"] ?? "?"), torch \(report["torch"] ?? "?"), transformers \(report["transformers"] ?? "?"), \(report["threads"] ?? "?") threads, \(python))")
                if round == 1, let cosine = minimumCosine(swiftVectors, file: vectorsFile, dimension: encoder.dimension) {
                    say("encoder.parity   minimum cosine native vs PyTorch over \(texts.count) documents: \(String(format: "%.9f", cosine))")
                }
            }
        }
        summary(swift: swiftRates, torch: torchRates, swiftCPU: swiftCPU, torchCPU: torchCPU)
    }

    static func summary(swift: [Double], torch: [Double], swiftCPU: [Double], torchCPU: [Double]) {
        let s = median(swift)
        guard !torch.isEmpty else {
            say("encoder.result   native \(Bench.fmt(s, 2)) docs/s (median of \(swift.count)); sentence-transformers not measured")
            return
        }
        let t = median(torch)
        let cpuRatio = (torchCPU.reduce(0, +) / Double(torchCPU.count)) / (swiftCPU.reduce(0, +) / Double(swiftCPU.count))
        say("encoder.result   native \(Bench.fmt(s, 2)) docs/s vs sentence-transformers \(Bench.fmt(t, 2)) docs/s (medians of \(swift.count)): native/PyTorch = \(Bench.fmt(s / t, 2))x by wall clock, \(Bench.fmt(cpuRatio, 2))x by CPU time; goal >= 1.00x \(s >= t ? "met" : "NOT met"); load average \(ProcessStats.load())")
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    static func buildKind() -> String {
        #if DEBUG
        return "debug"
        #else
        return "release"
        #endif
    }

    /// A python that can import sentence_transformers, or nil.
    static func findPython() -> String? {
        let home = FileManager.default.homeDirectoryForCurrentUser.path
        var candidates: [String] = []
        let explicit = Repository.option("python", "")
        if !explicit.isEmpty { candidates.append(explicit) }
        if let env = ProcessInfo.processInfo.environment["KAIZEN_TORCH_PYTHON"], !env.isEmpty { candidates.append(env) }
        candidates += ["\(home)/.cache/kaizen/torch-venv/bin/python", "\(home)/.cache/kaizen/st-venv/bin/python"]
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            let (status, _, _) = shell(candidate, ["-c", "import importlib.util, sys; sys.exit(0 if importlib.util.find_spec('sentence_transformers') and importlib.util.find_spec('torch') else 1)"], environment: [:])
            if status == 0 { return candidate }
            say("encoder.torch    \(candidate): no sentence_transformers (or torch) there")
        }
        return nil
    }

    static func runTorch(python: String, model: URL, texts: URL, batch: Int, threads: Int, vectors: URL) -> Result<[String: Any], TorchFailure> {
        let script = Repository.root.appending(path: "Benchmarks/cranfield/st_encode.py").path
        let environment = ["OMP_NUM_THREADS": "\(threads)", "MKL_NUM_THREADS": "\(threads)", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"]
        let (status, out, err) = shell(python, [script, model.path, texts.path, "--batch", "\(batch)", "--threads", "\(threads)", "--vectors", vectors.path], environment: environment)
        guard status == 0 else { return .failure(TorchFailure(message: "st_encode.py exited \(status): \(err.split(separator: "\n").suffix(3).joined(separator: " | "))")) }
        guard let line = out.split(separator: "\n").last, let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            return .failure(TorchFailure(message: "st_encode.py printed no JSON report"))
        }
        return .success(object)
    }

    struct TorchFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// Runs a program; stderr goes to a file so neither pipe can fill up and block it.
    static func shell(_ program: String, _ arguments: [String], environment extra: [String: String]) -> (Int32, String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(extra) { _, new in new }
        let out = Pipe()
        let errFile = FileManager.default.temporaryDirectory.appending(path: "kaizen-bench-stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errFile) }
        guard let errHandle = try? FileHandle(forWritingTo: errFile) else { return (-1, "", "cannot create \(errFile.path)") }
        process.standardOutput = out
        process.standardError = errHandle
        do { try process.run() } catch { return (-1, "", "\(error)") }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try? errHandle.close()
        let err = (try? String(contentsOf: errFile, encoding: .utf8)) ?? ""
        return (process.terminationStatus, String(decoding: data, as: UTF8.self), err)
    }

    /// The smallest cosine between each native vector and PyTorch's (float32 rows in `file`).
    static func minimumCosine(_ vectors: [[Float]], file: URL, dimension: Int) -> Double? {
        guard let data = try? Data(contentsOf: file), data.count == vectors.count * dimension * 4 else { return nil }
        let other: [Float] = data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        var lowest = 1.0
        for (i, v) in vectors.enumerated() {
            var dot = 0.0, a = 0.0, b = 0.0
            for j in 0..<dimension {
                let x = Double(v[j]), y = Double(other[i * dimension + j])
                dot += x * y
                a += x * x
                b += y * y
            }
            lowest = min(lowest, dot / (a * b).squareRoot())
        }
        return lowest
    }
}

import Foundation
import KaizenCore
import KaizenSandbox
import KaizenTrainer
import Logging
import ScriptedLLMServer
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The vision example (`Examples/vision/train.py`) through the real command trainer and sandbox:
/// a hand-written `Net` trains on scikit-learn's digits, and broken or hostile `Net`s (an endless
/// loop, an 8 GiB allocation, a network connection, no `Net`, a wrong output shape) fail the job
/// with the right reason.
///
/// They need a Python with torch and scikit-learn (Debian's `python3-torch` and
/// `python3-sklearn`, installed by `scripts/install-deps.sh`): `KAIZEN_VISION_PYTHON` when set,
/// otherwise the first of `python3` on PATH and `/usr/bin/python3` that imports both. Without one
/// the suite is skipped, unless `KAIZEN_REQUIRE_TORCH=1`, when it fails.
@Suite(.serialized, .enabled(if: VisionPython.available || VisionPython.required))
struct VisionTrainerTests {
    static let digits: JSONValue = .object(["training": .object(["dataset": .string("digits"), "epochs": .number(1)])])

    private func python() throws -> VisionPython.Probe {
        switch VisionPython.probe {
        case .success(let probe): return probe
        case .failure(let failure): throw failure
        }
    }

    /// Room for torch itself (its import's address space, measured) plus 1.5 GiB for the model.
    private func limits(_ probe: VisionPython.Probe, wallClock: Duration = .seconds(300), blockNetwork: Bool = true) -> SandboxLimits {
        SandboxLimits(wallClock: wallClock, memoryBytes: probe.footprintBytes + 1536 << 20, blockNetwork: blockNetwork)
    }

    private func train(
        _ source: String, _ probe: VisionPython.Probe, limits: SandboxLimits, config: JSONValue = digits, seed: UInt64 = 1
    ) async -> Result<TrainingResult, TrainingFailure> {
        let trainer = CommandTrainer(
            command: [probe.path, VisionPython.trainScript], limits: limits,
            logger: Logger(label: "test.vision-trainer"))
        let job = TrainingJob(
            candidateID: "vision-\(UUID().uuidString.prefix(8))", config: config,
            artifact: CodeArtifact(fileName: "net.py", source: source), seed: seed)
        do {
            return .success(try await trainer.train(job))
        } catch {
            return .failure(error)
        }
    }

    @Test func seedCNNTrainsOnDigitsWellAboveChance() async throws {
        let probe = try python()
        let source = try String(contentsOf: VisionPython.examples.appending(path: "seeds/cnn.py"), encoding: .utf8)
        // The same memory limit as the allocation test: it leaves room for real training.
        let result = try await train(source, probe, limits: limits(probe)).get()
        let accuracy = try #require(result.metrics["accuracy"])
        print("vision: seed cnn on digits, one epoch, seed 1 (torch \(probe.torchVersion)): accuracy \(accuracy), \(result.parameterCount ?? -1) parameters, \(result.wallSeconds) s")
        #expect(accuracy > 0.5, "one epoch on digits should be far above chance (0.1)")
        #expect(accuracy <= 1)
        #expect((result.parameterCount ?? 0) > 0)
        #expect(result.curve.count == 1)
        #expect(result.curve.first?.validationLoss.map { $0.isFinite } == true)
        #expect(result.metrics["test_loss"].map { $0 > 0 && $0.isFinite } == true)
        #expect((result.inferenceFLOPsPerRequest ?? 0) > 0)
    }

    @Test func theSameSeedGivesTheSameNumbers() async throws {
        let probe = try python()
        let source = try String(contentsOf: VisionPython.examples.appending(path: "seeds/mlp.py"), encoding: .utf8)
        let first = try await train(source, probe, limits: limits(probe), seed: 7).get()
        let again = try await train(source, probe, limits: limits(probe), seed: 7).get()
        let other = try await train(source, probe, limits: limits(probe), seed: 8).get()
        #expect(first.metrics["accuracy"] == again.metrics["accuracy"])
        #expect(first.metrics["train_loss"] == again.metrics["train_loss"])
        #expect(first.metrics["test_loss"] == again.metrics["test_loss"])
        #expect(first.metrics["train_loss"] != other.metrics["train_loss"], "another seed draws other weights and batches")
    }

    @Test func aNetThatLoopsForeverIsTimedOut() async throws {
        let probe = try python()
        let marker = try Marker()
        defer { marker.remove() }
        let source = """
            import torch
            from torch import nn

            class Net(nn.Module):
                def __init__(self, in_shape, num_classes):
                    super().__init__()
                    self.fc = nn.Linear(64, num_classes)

                def forward(self, x):
                    open(\(marker.pythonLiteral), "w").close()
                    while True:
                        pass
            """
        // Long enough for torch's import on a loaded machine, so that the loop itself is stopped.
        let wallClock = Duration.seconds(max(15, 3 * probe.importSeconds + 10))
        let started = ContinuousClock.now
        let result = await train(source, probe, limits: limits(probe, wallClock: wallClock))
        let elapsed = ContinuousClock.now - started
        guard case .failure(.timedOut) = result else {
            Issue.record("expected a time-out, got \(result)")
            return
        }
        #expect(marker.exists, "the endless loop in forward was reached before the time-out")
        #expect(elapsed < wallClock + .seconds(15), "stopped \(elapsed) after the start, limit \(wallClock)")
    }

    @Test func aNetThatAllocates8GiBHitsTheMemoryLimit() async throws {
        let probe = try python()
        try #require(SandboxCapabilities.detect().memoryLimit, "no way to set RLIMIT_AS here (prlimit or ulimit -v)")
        let marker = try Marker()
        defer { marker.remove() }
        let source = """
            import torch
            from torch import nn

            class Net(nn.Module):
                def __init__(self, in_shape, num_classes):
                    super().__init__()
                    self.fc = nn.Linear(64, num_classes)
                    open(\(marker.pythonLiteral), "w").close()
                    self.cache = torch.empty(2 * 1024 ** 3, dtype=torch.float32).fill_(1.0)  # 8 GiB

                def forward(self, x):
                    return self.fc(x.flatten(1))
            """
        let limits = limits(probe)
        let result = await train(source, probe, limits: limits)
        guard case .failure(.memoryLimit(let megabytes)) = result else {
            Issue.record("expected the memory limit, got \(result)")
            return
        }
        #expect(megabytes == (limits.memoryBytes ?? 0) >> 20)
        #expect(marker.exists, "Net's constructor was reached, so it was the 8 GiB that failed")
    }

    @Test(.enabled(if: SandboxCapabilities.detect().networkIsolation, "network namespaces are not available here; the sandbox runs with the host network"))
    func aNetThatOpensASocketCannotConnect() async throws {
        let probe = try python()
        let listener = try LoopbackListener()
        defer { listener.close() }
        let source = """
            import socket
            import torch
            from torch import nn

            class Net(nn.Module):
                def __init__(self, in_shape, num_classes):
                    super().__init__()
                    self.fc = nn.Linear(64, num_classes)
                    try:
                        socket.create_connection(("127.0.0.1", \(listener.port)), timeout=3).close()
                    except OSError as error:
                        raise RuntimeError(f"network blocked: {error}")
                    raise RuntimeError("network reached: connected to 127.0.0.1:\(listener.port)")

                def forward(self, x):
                    return self.fc(x.flatten(1))
            """
        // Control: without the sandbox's isolation, the listener on this host's loopback answers.
        let open = await train(source, probe, limits: limits(probe, blockNetwork: false))
        guard case .failure(.exitCode(3, let openTail)) = open else {
            Issue.record("expected exit status 3 from the control run, got \(open)")
            return
        }
        #expect(openTail.contains("network reached"), "\(openTail)")
        let blocked = await train(source, probe, limits: limits(probe, blockNetwork: true))
        guard case .failure(.exitCode(3, let tail)) = blocked else {
            Issue.record("expected exit status 3, got \(blocked)")
            return
        }
        #expect(tail.contains("network blocked"), "\(tail)")
        #expect(!tail.contains("network reached"), "\(tail)")
    }

    struct BadNet: Sendable, CustomTestStringConvertible {
        let name: String
        let source: String
        let message: String
        var testDescription: String { name }
    }

    static let badNets: [BadNet] = [
        BadNet(name: "no Net class", source: """
            import torch
            from torch import nn

            class Model(nn.Module):
                def __init__(self, in_shape, num_classes):
                    super().__init__()
                    self.fc = nn.Linear(64, num_classes)

                def forward(self, x):
                    return self.fc(x.flatten(1))
            """, message: "net.py defines no class named Net"),
        BadNet(name: "wrong output shape", source: """
            import torch
            from torch import nn

            class Net(nn.Module):
                def __init__(self, in_shape, num_classes):
                    super().__init__()
                    self.fc = nn.Linear(64, 5)

                def forward(self, x):
                    return self.fc(x.flatten(1))
            """, message: "Net.forward returned shape (2, 5) for input of shape (2, 1, 8, 8); expected (2, 10)"),
        BadNet(name: "syntax error", source: """
            import torch
            class Net(torch.nn.Module)
                pass
            """, message: "net.py is not valid Python: line 2"),
        BadNet(name: "import error", source: """
            import torchvision_that_does_not_exist
            """, message: "importing net.py failed: ModuleNotFoundError"),
        BadNet(name: "forward fails on the input", source: """
            import torch
            from torch import nn

            class Net(nn.Module):
                def __init__(self, in_shape, num_classes):
                    super().__init__()
                    self.fc = nn.Linear(100, num_classes)

                def forward(self, x):
                    return self.fc(x.flatten(1))
            """, message: "Net.forward failed on a batch of shape (2, 1, 8, 8): RuntimeError"),
    ]

    @Test(arguments: badNets)
    func aBrokenNetFailsWithAClearMessage(_ bad: BadNet) async throws {
        let probe = try python()
        let result = await train(bad.source, probe, limits: limits(probe))
        guard case .failure(.exitCode(let code, let tail)) = result else {
            Issue.record("expected a non-zero exit, got \(result)")
            return
        }
        #expect(code == 3)
        #expect(tail.contains("vision-trainer: error: " + bad.message), "stderr: \(tail)")
    }

    @Test func fashionMNISTFromDebianPackage() async throws {
        let probe = try python()
        let directory = "/usr/share/datasets/fashion-mnist"
        guard FileManager.default.fileExists(atPath: directory + "/train-images-idx3-ubyte.gz") else {
            #expect(!VisionPython.required, "KAIZEN_REQUIRE_TORCH=1 but \(directory) is missing: apt-get install dataset-fashion-mnist")
            return
        }
        let source = try String(contentsOf: VisionPython.examples.appending(path: "seeds/mlp.py"), encoding: .utf8)
        let config: JSONValue = .object(["training": .object([
            "dataset": .string("fashion-mnist"), "epochs": .number(1), "train_examples": .number(3000),
        ])])
        let result = try await train(source, probe, limits: limits(probe), config: config).get()
        let accuracy = try #require(result.metrics["accuracy"])
        #expect(accuracy > 0.5, "3,000 Fashion-MNIST images, one epoch: \(accuracy)")
        #expect(result.parameterCount == 28 * 28 * 128 + 128 + 128 * 64 + 64 + 64 * 10 + 10)
    }
}

/// The Python the vision tests run, found once.
enum VisionPython {
    struct Probe: Sendable {
        let path: String
        let torchVersion: String
        /// Peak virtual memory after importing torch and scikit-learn and loading digits.
        let footprintBytes: Int
        let importSeconds: Double
    }

    struct Failure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    static let required = ProcessInfo.processInfo.environment["KAIZEN_REQUIRE_TORCH"] == "1"
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appending(path: "Examples/vision")
    static let trainScript = examples.appending(path: "train.py").path
    static var available: Bool { (try? probe.get()) != nil }

    static let probe: Result<Probe, Failure> = {
        let environment = ProcessInfo.processInfo.environment
        var candidates: [String] = []
        if let chosen = environment["KAIZEN_VISION_PYTHON"], !chosen.isEmpty {
            candidates = [chosen]
        } else {
            let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
            for directory in path.split(separator: ":") {
                let file = String(directory) + "/python3"
                if access(file, X_OK) == 0 {
                    candidates.append(file)
                    break
                }
            }
            if !candidates.contains("/usr/bin/python3") { candidates.append("/usr/bin/python3") }
        }
        var reasons: [String] = []
        for candidate in candidates {
            switch check(candidate) {
            case .success(let probe): return .success(probe)
            case .failure(let failure): reasons.append("\(candidate): \(failure.message)")
            }
        }
        return .failure(Failure(message: """
            KAIZEN_REQUIRE_TORCH=1 but no Python imports torch and sklearn \
            (apt-get install python3-torch python3-sklearn, or set KAIZEN_VISION_PYTHON): \(reasons.joined(separator: "; "))
            """))
    }()

    static let probeScript = """
        import json, os, time
        os.environ["OMP_NUM_THREADS"] = os.environ["OPENBLAS_NUM_THREADS"] = "1"
        t0 = time.time()
        import torch, sklearn.datasets
        sklearn.datasets.load_digits()
        seconds = time.time() - t0
        peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmPeak:"))
        print(json.dumps({"torch": torch.__version__, "vmpeak_kb": peak, "seconds": seconds}))
        """

    static func check(_ python: String) -> Result<Probe, Failure> {
        guard access(python, X_OK) == 0 else { return .failure(Failure(message: "not an executable")) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", probeScript]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return .failure(Failure(message: "cannot start: \(error)")) }
        let watchdog = DispatchWorkItem { [process] in if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 180, execute: watchdog)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        guard process.terminationReason == .exit, process.terminationStatus == 0,
              let line = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).last,
              case .object(let fields)? = try? JSONValue.parse(String(line)),
              let version = fields["torch"]?.stringValue, let peak = fields["vmpeak_kb"]?.intValue,
              let seconds = fields["seconds"]?.doubleValue
        else { return .failure(Failure(message: "cannot import torch and sklearn")) }
        return .success(Probe(path: python, torchVersion: version, footprintBytes: peak * 1024, importSeconds: seconds))
    }
}

/// A file the candidate's code creates to show how far it got; outside the job directory,
/// which is removed after the run.
private struct Marker {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("kaizen-vision-marker-\(UUID().uuidString)").path
    }

    var pythonLiteral: String { JSONValue.string(path).canonicalText }
    var exists: Bool { FileManager.default.fileExists(atPath: path) }
    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

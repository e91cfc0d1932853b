import Foundation
import KaizenCore

/// Trains one candidate and returns its proxy metrics. The built-in trainer runs the Swift
/// ranking model on the built-in world; the command trainer runs any program.
public protocol Trainer: Sendable {
    func train(_ job: TrainingJob) async throws(TrainingFailure) -> TrainingResult
}

/// What a trainer is asked to train: the full candidate config (production config with the
/// delta applied) and, for code candidates, a source file.
public struct TrainingJob: Sendable {
    public var candidateID: String
    public var config: JSONValue
    public var artifact: CodeArtifact?
    public var seed: UInt64

    public init(candidateID: String, config: JSONValue, artifact: CodeArtifact? = nil, seed: UInt64 = 1) {
        self.candidateID = candidateID
        self.config = config
        self.artifact = artifact
        self.seed = seed
    }
}

/// A code candidate, e.g. a PyTorch `Net` class, written next to the config for the trainer.
public struct CodeArtifact: Sendable, Hashable {
    public var fileName: String
    public var source: String

    public init(fileName: String, source: String) {
        self.fileName = fileName
        self.source = source
    }
}

/// One point of the training curve.
public struct CurvePoint: Sendable, Hashable, Codable {
    public var epoch: Int
    public var trainLoss: Double
    public var validationLoss: Double?

    public init(epoch: Int, trainLoss: Double, validationLoss: Double?) {
        self.epoch = epoch
        self.trainLoss = trainLoss
        self.validationLoss = validationLoss
    }
}

/// Proxy metrics and what the training cost. Metric names: `val_logloss`, `auc`, `ndcg@10`,
/// `ltv_kendall_tau`, plus any a command trainer reports.
public struct TrainingResult: Sendable {
    public var metrics: [String: Double]
    public var curve: [CurvePoint]
    public var wallSeconds: Double
    public var parameterCount: Int?
    /// Floating-point operations to score one request (one user against its candidates).
    public var inferenceFLOPsPerRequest: Double?
    /// The tail of the trainer's standard error, for the journal.
    public var logTail: String?
    /// Training examples per second of the training loop alone (no evaluation), when known.
    public var trainExamplesPerSecond: Double?

    public init(metrics: [String: Double], curve: [CurvePoint] = [], wallSeconds: Double, parameterCount: Int? = nil, inferenceFLOPsPerRequest: Double? = nil, logTail: String? = nil) {
        self.metrics = metrics
        self.curve = curve
        self.wallSeconds = wallSeconds
        self.parameterCount = parameterCount
        self.inferenceFLOPsPerRequest = inferenceFLOPsPerRequest
        self.logTail = logTail
    }
}

/// Why a training run ended as *failed*; `reason` is what the journal shows.
public enum TrainingFailure: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidConfig(String)
    case nonFiniteLoss(epoch: Int)
    case diverged(String)
    case timedOut(seconds: Double)
    case memoryLimit(megabytes: Int)
    case exitCode(Int32, stderrTail: String)
    case killedBySignal(Int32, stderrTail: String)
    case badOutput(String, stderrTail: String)
    case nonFiniteMetric(String)
    case cancelled
    case launchFailed(String)

    public var reason: String { description }

    public var description: String {
        switch self {
        case .invalidConfig(let why): "invalid config: \(why)"
        case .nonFiniteLoss(let epoch): "training loss became NaN or infinite in epoch \(epoch)"
        case .diverged(let why): "training diverged: \(why)"
        case .timedOut(let s): "timed out after \(String(format: "%.0f", s)) s; the whole process group was killed"
        case .memoryLimit(let mb): "exceeded the memory limit of \(mb) MB"
        case .exitCode(let code, let tail): "the trainer exited with status \(code)" + (tail.isEmpty ? "" : "; stderr: \(tail.suffix(500))")
        case .killedBySignal(let signal, let tail): "the trainer was killed by signal \(signal)" + (tail.isEmpty ? "" : "; stderr: \(tail.suffix(500))")
        case .badOutput(let why, let tail): "the trainer's output is not usable: \(why)" + (tail.isEmpty ? "" : "; stderr: \(tail.suffix(300))")
        case .nonFiniteMetric(let name): "metric \(name) is NaN or infinite"
        case .cancelled: "cancelled"
        case .launchFailed(let why): "could not start the trainer: \(why)"
        }
    }
}

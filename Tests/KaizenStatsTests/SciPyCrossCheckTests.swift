import Foundation
import Testing

@testable import KaizenStats

/// Every statistic here is checked against SciPy, the implementation practitioners trust, on
/// seeded datasets chosen to be hard: tiny and lopsided arms, 2000 vs 1800, heavy tails,
/// skew, binary data, large offsets, p-values far below 1e-9. One Python process answers
/// all of it (`KAIZEN_SCIPY_PYTHON`, see `scripts/scipy-env.sh`). Without it the suite is
/// skipped, unless `KAIZEN_REQUIRE_SCIPY=1`, when it fails.
@Suite(
    .enabled(
        if: ProcessInfo.processInfo.environment["KAIZEN_SCIPY_PYTHON"] != nil
            || ProcessInfo.processInfo.environment["KAIZEN_REQUIRE_SCIPY"] == "1"))
struct SciPyCrossCheckTests {
    static let data = CrossCheckData.make()
    static let scipy: Result<SciPyAnswers, SciPyOracle.Failure> = SciPyOracle.answer(data)

    private func answers() throws -> SciPyAnswers {
        switch Self.scipy {
        case .success(let answers): return answers
        case .failure(let failure): throw failure
        }
    }

    @Test func welchMatchesTTestInd() throws {
        let scipy = try answers()
        try #require(scipy.welch.count == Self.data.welch.count)
        var maxT = 0.0, maxP = 0.0, maxRelativeP = 0.0, worst = ""
        for (pair, expected) in zip(Self.data.welch, scipy.welch) {
            let result = try #require(WelchTest.run(control: pair.control, treatment: pair.treatment, alpha: 0.05), "\(pair.name)")
            let dt = abs(result.statistic - expected.statistic), dp = abs(result.pValue - expected.pValue)
            if dt / max(1, abs(expected.statistic)) > maxT {
                maxT = dt / max(1, abs(expected.statistic))
                worst = pair.name
            }
            maxP = max(maxP, dp)
            #expect(dt <= 1e-9 * max(1, abs(expected.statistic)), "\(pair.name): t \(result.statistic) vs \(expected.statistic)")
            #expect(dp <= 1e-9, "\(pair.name): p \(result.pValue) vs \(expected.pValue)")
            // Small p-values keep their relative accuracy too, down to SciPy's own underflow.
            // (SciPy's own relative error reaches 1e-9 on the offset-1e6 data, where its means
            // round; against exact rational arithmetic ours stays near 1e-14.)
            if expected.pValue > 1e-300 {
                maxRelativeP = max(maxRelativeP, dp / expected.pValue)
                #expect(dp <= 1e-7 * expected.pValue, "\(pair.name): p \(result.pValue) vs \(expected.pValue)")
            }
            #expect(abs(result.degreesOfFreedom - expected.df) <= 1e-9 * expected.df, "\(pair.name): df")
            #expect(abs(result.ciLow - expected.ciLow) <= 1e-9 * max(1, abs(expected.ciLow)), "\(pair.name): ci low")
            #expect(abs(result.ciHigh - expected.ciHigh) <= 1e-9 * max(1, abs(expected.ciHigh)), "\(pair.name): ci high")
        }
        print("SciPy \(scipy.version) Welch cross-check on \(scipy.welch.count) datasets: max |Δt|/max(1,|t|) \(maxT) (\(worst)), max |Δp| \(maxP), max |Δp|/p \(maxRelativeP)")
    }

    @Test func rankCorrelationsMatchKendalltauAndSpearmanr() throws {
        let scipy = try answers()
        try #require(scipy.ranks.count == Self.data.ranks.count)
        for (index, (pair, expected)) in zip(Self.data.ranks, scipy.ranks).enumerated() {
            let tau = try #require(RankCorrelation.kendallTauB(pair.x, pair.y))
            let rho = try #require(RankCorrelation.spearman(pair.x, pair.y))
            #expect(abs(tau - expected.kendall) <= 1e-9, "dataset \(index): tau \(tau) vs \(expected.kendall)")
            #expect(abs(rho - expected.spearman) <= 1e-9, "dataset \(index): rho \(rho) vs \(expected.spearman)")
        }
    }

    @Test func clopperPearsonMatchesBinomtest() throws {
        let scipy = try answers()
        try #require(scipy.binomial.count == Self.data.binomial.count)
        for (query, expected) in zip(Self.data.binomial, scipy.binomial) {
            let interval = BinomialInterval.clopperPearson(successes: query.successes, trials: query.trials, confidence: query.confidence)
            let label = "\(query.successes)/\(query.trials) at \(query.confidence)"
            #expect(abs(interval.low - expected.low) <= 1e-7, "\(label): low \(interval.low) vs \(expected.low)")
            #expect(abs(interval.high - expected.high) <= 1e-7, "\(label): high \(interval.high) vs \(expected.high)")
        }
    }
}

/// The questions, generated from fixed seeds.
struct CrossCheckData: Codable, Sendable {
    struct Arms: Codable, Sendable {
        var name: String
        var control: [Double]
        var treatment: [Double]
    }
    struct Pairs: Codable, Sendable {
        var x: [Double]
        var y: [Double]
    }
    struct Binomial: Codable, Sendable {
        var successes: Int
        var trials: Int
        var confidence: Double
    }

    var welch: [Arms]
    var ranks: [Pairs]
    var binomial: [Binomial]

    static func make() -> CrossCheckData {
        var rng = SplitMix64(seed: 20_240_601)
        func normals(_ n: Int, _ mean: Double, _ sd: Double) -> [Double] { rng.normals(n, mean: mean, sd: sd) }
        func heavy(_ n: Int, _ shift: Double) -> [Double] { (0..<n).map { _ in shift + rng.heavyTailed() } }
        func logNormal(_ n: Int, _ mu: Double) -> [Double] { (0..<n).map { _ in exp(mu + rng.normal()) } }
        func bernoulli(_ n: Int, _ p: Double) -> [Double] { (0..<n).map { _ in rng.uniform() < p ? 1 : 0 } }
        func counts(_ n: Int, _ mean: Double) -> [Double] { (0..<n).map { _ in max(0, (mean + mean.squareRoot() * rng.normal()).rounded()) } }

        var outlier = heavy(150, 0.2)
        outlier[7] = 250
        let welch: [Arms] = [
            Arms(name: "equal n, no effect", control: normals(30, 0, 1), treatment: normals(30, 0, 1)),
            Arms(name: "equal n, effect", control: normals(30, 0, 1), treatment: normals(30, 0.5, 1)),
            Arms(name: "3 vs 50", control: normals(3, 10, 4), treatment: normals(50, 11, 1)),
            Arms(name: "50 vs 3", control: normals(50, 10, 1), treatment: normals(3, 14, 3)),
            Arms(name: "2 vs 2", control: [1.5, 2.25], treatment: [3.0, 5.5]),
            Arms(name: "2000 vs 1800, small effect", control: normals(2000, 5, 2), treatment: normals(1800, 5.1, 2.2)),
            Arms(name: "2000 vs 1800, p far below 1e-9", control: normals(2000, 5, 2), treatment: normals(1800, 5.5, 2)),
            Arms(name: "2000 vs 1800, p underflows", control: normals(2000, 0, 1), treatment: normals(1800, 3, 1)),
            Arms(name: "heavy tails", control: heavy(200, 0), treatment: heavy(150, 0.3)),
            Arms(name: "heavy tails with an outlier", control: heavy(200, 0), treatment: outlier),
            Arms(name: "log-normal", control: logNormal(100, 1), treatment: logNormal(120, 1.2)),
            Arms(name: "conversions", control: bernoulli(500, 0.10), treatment: bernoulli(520, 0.13)),
            Arms(name: "offset 1e6", control: normals(60, 1e6, 1), treatment: normals(70, 1e6 + 0.4, 1)),
            Arms(name: "scale 1e-6", control: normals(40, 3e-6, 1e-6), treatment: normals(45, 3.5e-6, 1e-6)),
            Arms(name: "sd 0.1 vs 10", control: normals(40, 0, 0.1), treatment: normals(15, 4, 10)),
            Arms(name: "constant control", control: Array(repeating: 2, count: 25), treatment: normals(30, 2.3, 0.8)),
            Arms(name: "counts", control: counts(80, 6), treatment: counts(90, 7)),
            Arms(name: "7 vs 11, large effect", control: normals(7, 0, 1), treatment: normals(11, 3, 1.5)),
            Arms(name: "1000 vs 10", control: normals(1000, 1, 1), treatment: normals(10, 1.6, 1)),
            Arms(name: "5 vs 5, huge effect", control: normals(5, 0, 1), treatment: normals(5, 12, 1)),
            Arms(name: "300 vs 300, borderline", control: normals(300, 0, 1), treatment: normals(300, 0.16, 1)),
        ]
        let integersX = (0..<50).map { _ in Double(Int(rng.uniform() * 6)) }
        let continuousX = normals(200, 0, 1)
        let largeX = normals(1000, 0, 1)
        let ranks: [Pairs] = [
            Pairs(x: integersX, y: integersX.map { $0 + Double(Int(rng.uniform() * 4)) }),
            Pairs(x: continuousX, y: continuousX.map { $0 * $0 + rng.normal() }),
            Pairs(x: largeX, y: largeX.map { ($0 + 0.5 * rng.normal()).rounded() }),
            Pairs(x: [1, 1, 2, 3, 3], y: [5, 4, 4, 2, 1]),
        ]
        let binomial: [Binomial] = [
            (0, 10, 0.95), (1, 10, 0.95), (5, 10, 0.95), (10, 10, 0.95), (0, 200, 0.95), (3, 200, 0.95),
            (17, 1000, 0.9), (999, 1000, 0.99), (2, 1_000_000, 0.95), (500_000, 1_000_000, 0.95), (1, 1, 0.8),
        ].map { Binomial(successes: $0.0, trials: $0.1, confidence: $0.2) }
        return CrossCheckData(welch: welch, ranks: ranks, binomial: binomial)
    }
}

/// SciPy's answers, in the order of the questions.
struct SciPyAnswers: Codable, Sendable {
    struct Welch: Codable, Sendable {
        var statistic: Double
        var pValue: Double
        var df: Double
        var ciLow: Double
        var ciHigh: Double
    }
    struct Ranks: Codable, Sendable {
        var kendall: Double
        var spearman: Double
    }
    struct Interval: Codable, Sendable {
        var low: Double
        var high: Double
    }

    var version: String
    var welch: [Welch]
    var ranks: [Ranks]
    var binomial: [Interval]
}

/// Runs the one Python process: questions go in as a JSON file, answers come back as JSON
/// on stdout.
enum SciPyOracle {
    struct Failure: Error, Sendable, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    static let script = """
        import json, sys
        import numpy as np
        import scipy
        from scipy import stats
        data = json.load(open(sys.argv[1]))
        out = {"version": scipy.__version__, "welch": [], "ranks": [], "binomial": []}
        for d in data["welch"]:
            r = stats.ttest_ind(np.array(d["treatment"]), np.array(d["control"]), equal_var=False)
            ci = r.confidence_interval(0.95)
            out["welch"].append({"statistic": float(r.statistic), "pValue": float(r.pvalue), "df": float(r.df),
                                 "ciLow": float(ci.low), "ciHigh": float(ci.high)})
        for d in data["ranks"]:
            out["ranks"].append({"kendall": float(stats.kendalltau(d["x"], d["y"]).statistic),
                                 "spearman": float(stats.spearmanr(d["x"], d["y"]).statistic)})
        for d in data["binomial"]:
            ci = stats.binomtest(d["successes"], d["trials"]).proportion_ci(confidence_level=d["confidence"], method="exact")
            out["binomial"].append({"low": float(ci.low), "high": float(ci.high)})
        print(json.dumps(out))
        """

    static func answer(_ data: CrossCheckData) -> Result<SciPyAnswers, Failure> {
        guard let python = ProcessInfo.processInfo.environment["KAIZEN_SCIPY_PYTHON"], !python.isEmpty else {
            return .failure(Failure(message: """
                KAIZEN_REQUIRE_SCIPY=1 but KAIZEN_SCIPY_PYTHON is not set: run \
                `export KAIZEN_SCIPY_PYTHON=$(scripts/scipy-env.sh)` to cross-check KaizenStats against SciPy
                """))
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kaizen-scipy-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let input = directory.appendingPathComponent("questions.json")
            let errors = directory.appendingPathComponent("stderr.txt")
            try JSONEncoder().encode(data).write(to: input)
            guard FileManager.default.createFile(atPath: errors.path, contents: nil) else {
                return .failure(Failure(message: "cannot create \(errors.path)"))
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = ["-c", script, input.path]
            let stdout = Pipe()
            process.standardOutput = stdout
            process.standardError = try FileHandle(forWritingTo: errors)
            try process.run()
            let output = stdout.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                let log = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
                return .failure(Failure(message: "\(python) exited with \(process.terminationStatus) (is SciPy installed?):\n\(log)"))
            }
            return .success(try JSONDecoder().decode(SciPyAnswers.self, from: output))
        } catch {
            return .failure(Failure(message: "SciPy cross-check with \(python) failed: \(error)"))
        }
    }
}

import Foundation
import KaizenCore

/// Reading the command protocol's JSON report (see `CommandTrainer`).
enum CommandTrainerReport {
    static let missingMessage = "no JSON object on the last line of stdout"

    /// The last non-empty line of stdout as a JSON object.
    static func parseLastLine(of stdout: Data, stderrTail: String) throws(TrainingFailure) -> JSONValue {
        let text = String(decoding: stdout, as: UTF8.self)
        let line = text.split(whereSeparator: \.isNewline).reversed()
            .lazy.map { $0.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty }
        guard let line, line.hasPrefix("{") else {
            throw .badOutput(missingMessage + (stdout.isEmpty ? " (stdout is empty)" : ""), stderrTail: stderrTail)
        }
        return try parseDocument(line, source: "the last line of stdout", stderrTail: stderrTail)
    }

    /// A whole document (the metrics file, or one line) as a JSON object.
    static func parseDocument(_ text: String, source: String, stderrTail: String) throws(TrainingFailure) -> JSONValue {
        let value: JSONValue
        do {
            value = try JSONValue.parse(JSONValue.quotingNonFiniteLiterals(text))
        } catch {
            throw .badOutput("malformed JSON in \(source): \(error.message)", stderrTail: stderrTail)
        }
        guard case .object = value else {
            throw .badOutput("\(source) holds a JSON \(value.typeName), not an object", stderrTail: stderrTail)
        }
        return value
    }

    static let nonFiniteSpellings: Set<String> = ["nan", "-nan", "+nan", "inf", "-inf", "+inf", "infinity", "-infinity", "+infinity"]

    /// A metric value: a finite number, or the failure it causes.
    static func number(_ value: JSONValue, name: String, stderrTail: String) throws(TrainingFailure) -> Double {
        switch value {
        case .number(let n):
            guard n.isFinite else { throw .nonFiniteMetric(name) }
            return n
        case .null:
            throw .nonFiniteMetric(name)
        case .string(let s) where nonFiniteSpellings.contains(s.trimmingCharacters(in: .whitespaces).lowercased()):
            throw .nonFiniteMetric(name)
        default:
            throw .badOutput("metric \"\(name)\" is a \(value.typeName), not a number", stderrTail: stderrTail)
        }
    }

    /// The report as a result; `wallSeconds` is -1 when the report has none.
    static func result(from report: JSONValue, stderrTail: String) throws(TrainingFailure) -> TrainingResult {
        guard let fields = report.objectValue else { throw .badOutput("the report is not a JSON object", stderrTail: stderrTail) }
        let metricFields: [String: JSONValue]
        let structured = fields["metrics"] != nil
        if structured {
            guard let object = fields["metrics"]?.objectValue else {
                throw .badOutput("\"metrics\" is not a JSON object", stderrTail: stderrTail)
            }
            metricFields = object
        } else {
            metricFields = fields
        }
        guard !metricFields.isEmpty else { throw .badOutput("the metrics object is empty", stderrTail: stderrTail) }
        var metrics: [String: Double] = [:]
        for name in metricFields.keys.sorted() {
            metrics[name] = try number(metricFields[name]!, name: name, stderrTail: stderrTail)
        }
        guard structured else { return TrainingResult(metrics: metrics, wallSeconds: -1) }

        var curve: [CurvePoint] = []
        if let rawCurve = fields["curve"], rawCurve != .null {
            guard let points = rawCurve.arrayValue else { throw .badOutput("\"curve\" is not an array", stderrTail: stderrTail) }
            for (index, point) in points.enumerated() {
                guard point.objectValue != nil else { throw .badOutput("curve point \(index) is not an object", stderrTail: stderrTail) }
                let epoch = point["epoch"]?.intValue ?? index + 1
                guard let rawTrain = point["train_loss"] else {
                    throw .badOutput("curve point \(index) has no train_loss", stderrTail: stderrTail)
                }
                let trainLoss: Double
                do { trainLoss = try number(rawTrain, name: "train_loss", stderrTail: stderrTail) } catch .nonFiniteMetric {
                    throw .nonFiniteLoss(epoch: epoch)
                }
                var validationLoss: Double?
                if let rawValidation = point["validation_loss"], rawValidation != .null {
                    do { validationLoss = try number(rawValidation, name: "validation_loss", stderrTail: stderrTail) } catch .nonFiniteMetric {
                        throw .nonFiniteLoss(epoch: epoch)
                    }
                }
                curve.append(CurvePoint(epoch: epoch, trainLoss: trainLoss, validationLoss: validationLoss))
            }
        }
        var parameters: Int?
        if let raw = fields["parameters"], raw != .null {
            guard let count = raw.intValue, count >= 0 else { throw .badOutput("\"parameters\" is not a non-negative integer", stderrTail: stderrTail) }
            parameters = count
        }
        var flops: Double?
        if let raw = fields["inference_flops"], raw != .null {
            guard let value = raw.doubleValue, value.isFinite, value >= 0 else {
                throw .badOutput("\"inference_flops\" is not a non-negative number", stderrTail: stderrTail)
            }
            flops = value
        }
        var wall = -1.0
        if let raw = fields["wall_seconds"], raw != .null {
            guard let value = raw.doubleValue, value.isFinite, value >= 0 else {
                throw .badOutput("\"wall_seconds\" is not a non-negative number", stderrTail: stderrTail)
            }
            wall = value
        }
        return TrainingResult(metrics: metrics, curve: curve, wallSeconds: wall, parameterCount: parameters, inferenceFLOPsPerRequest: flops)
    }
}

import Foundation

/// A trainable map on the encoder's output: `z = normalize(W e + b)`, shared by queries and
/// documents. It starts as the identity, so an untrained adapter is the zero-shot encoder.
public struct LinearAdapter: Sendable, Equatable, Codable {
    public let dimension: Int
    /// Row-major `dimension × dimension`.
    public var weight: [Double]
    public var bias: [Double]

    public init(dimension: Int) {
        self.dimension = dimension
        weight = [Double](repeating: 0, count: dimension * dimension)
        for i in 0..<dimension { weight[i * dimension + i] = 1 }
        bias = [Double](repeating: 0, count: dimension)
    }

    /// `W e + b` before normalization.
    public func project(_ e: [Double]) -> [Double] {
        var u = bias
        for i in 0..<dimension {
            var s = 0.0
            let row = i * dimension
            for j in 0..<dimension { s += weight[row + j] * e[j] }
            u[i] += s
        }
        return u
    }

    /// The adapted, unit-length embedding.
    public func apply(_ e: [Double]) -> [Double] {
        Self.normalize(project(e))
    }

    /// Float vectors in and out, for stored embeddings.
    public func apply(_ e: [Float]) -> [Float] {
        apply(e.map(Double.init)).map(Float.init)
    }

    static func normalize(_ u: [Double]) -> [Double] {
        let n = (u.reduce(0) { $0 + $1 * $1 }).squareRoot()
        return n > 0 ? u.map { $0 / n } : u
    }
}

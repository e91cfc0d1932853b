import Foundation

/// The LRAT objective: for each mined pair, a weighted InfoNCE over the query's positive,
/// its unbrowsed negatives and the other pairs' positives in the batch (in-batch negatives),
/// at temperature `tau` (the paper: 0.02). Gradients are analytic, through the adapter and
/// the L2 normalization.
public struct WeightedInfoNCE: Sendable {
    /// One example: encoder embeddings of the query, its positive and its negatives.
    public struct Example: Sendable {
        public var query: [Double]
        public var positive: [Double]
        public var negatives: [[Double]]
        public var weight: Double

        public init(query: [Double], positive: [Double], negatives: [[Double]], weight: Double) {
            self.query = query
            self.positive = positive
            self.negatives = negatives
            self.weight = weight
        }
    }

    public var temperature: Double

    public init(temperature: Double = 0.02) {
        self.temperature = temperature
    }

    /// The batch's mean weighted loss and its gradient with respect to the adapter's weight
    /// and bias.
    public func lossAndGradient(_ batch: [Example], adapter: LinearAdapter) -> (loss: Double, weight: [Double], bias: [Double]) {
        let d = adapter.dimension
        var gW = [Double](repeating: 0, count: d * d)
        var gB = [Double](repeating: 0, count: d)
        guard !batch.isEmpty else { return (0, gW, gB) }
        // Adapted vectors, kept with their pre-normalization norms for the backward pass.
        func forward(_ e: [Double]) -> (z: [Double], norm: Double) {
            let u = adapter.project(e)
            let n = max(1e-12, (u.reduce(0) { $0 + $1 * $1 }).squareRoot())
            return (u.map { $0 / n }, n)
        }
        let queries = batch.map { forward($0.query) }
        let positives = batch.map { forward($0.positive) }
        let negatives = batch.map { $0.negatives.map(forward) }
        var gradQ = [[Double]](repeating: [Double](repeating: 0, count: d), count: batch.count)
        var gradP = gradQ
        var gradN = negatives.map { $0.map { _ in [Double](repeating: 0, count: d) } }
        var total = 0.0
        for (i, example) in batch.enumerated() {
            // Candidates: own positive (index 0), own negatives, then other positives.
            var candidates: [(z: [Double], owner: (kind: Int, i: Int, k: Int))] = [(positives[i].z, (0, i, 0))]
            for (k, n) in negatives[i].enumerated() { candidates.append((n.z, (1, i, k))) }
            for j in batch.indices where j != i { candidates.append((positives[j].z, (0, j, 0))) }
            let scores = candidates.map { Self.dot(queries[i].z, $0.z) / temperature }
            let top = scores.max()!
            let exps = scores.map { exp($0 - top) }
            let sum = exps.reduce(0, +)
            total += example.weight * (top + log(sum) - scores[0])
            for (c, candidate) in candidates.enumerated() {
                let g = example.weight * (exps[c] / sum - (c == 0 ? 1 : 0)) / temperature
                for t in 0..<d {
                    gradQ[i][t] += g * candidate.z[t]
                    switch candidate.owner.kind {
                    case 0: gradP[candidate.owner.i][t] += g * queries[i].z[t]
                    default: gradN[candidate.owner.i][candidate.owner.k][t] += g * queries[i].z[t]
                    }
                }
            }
        }
        let scale = 1 / Double(batch.count)
        func backward(_ e: [Double], _ f: (z: [Double], norm: Double), _ gz: [Double]) {
            // d normalize(u) / du applied to gz: (gz - z (z . gz)) / |u|.
            let zg = Self.dot(f.z, gz)
            for r in 0..<d {
                let gu = (gz[r] - f.z[r] * zg) / f.norm * scale
                gB[r] += gu
                let row = r * d
                for c in 0..<d { gW[row + c] += gu * e[c] }
            }
        }
        for (i, example) in batch.enumerated() {
            backward(example.query, queries[i], gradQ[i])
            backward(example.positive, positives[i], gradP[i])
            for (k, n) in example.negatives.enumerated() { backward(n, negatives[i][k], gradN[i][k]) }
        }
        return (total * scale, gW, gB)
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in a.indices { s += a[i] * b[i] }
        return s
    }
}

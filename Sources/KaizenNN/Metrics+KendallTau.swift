extension Metrics {
    /// Kendall's tau-b between two score lists, in O(n log n) by Knight's algorithm (1966):
    /// sort by (a, b), count ties in a and joint ties, then count the swaps a merge sort by b
    /// needs (the discordant pairs) and the ties in b.
    /// `tau_b = (n0 - n1 - n2 + n3 - 2 * swaps) / sqrt((n0 - n1) * (n0 - n2))`.
    public static func kendallTau(_ a: [Float], _ b: [Float]) -> Double {
        let n = a.count
        precondition(b.count == n, "kendallTau: lists differ in length (\(n) and \(b.count))")
        guard n > 1 else { return .nan }
        if a.contains(where: \.isNaN) || b.contains(where: \.isNaN) { return .nan }
        let order = (0..<n).sorted { a[$0] != a[$1] ? a[$0] < a[$1] : b[$0] < b[$1] }
        var tiesA = 0  // n1
        var tiesJoint = 0  // n3
        var runA = 1
        var runJoint = 1
        for k in 1..<n {
            let previous = order[k - 1], current = order[k]
            if a[current] == a[previous] {
                runA += 1
                if b[current] == b[previous] {
                    runJoint += 1
                } else {
                    tiesJoint += runJoint * (runJoint - 1) / 2
                    runJoint = 1
                }
            } else {
                tiesA += runA * (runA - 1) / 2
                tiesJoint += runJoint * (runJoint - 1) / 2
                runA = 1
                runJoint = 1
            }
        }
        tiesA += runA * (runA - 1) / 2
        tiesJoint += runJoint * (runJoint - 1) / 2

        var values = order.map { b[$0] }
        let swaps = mergeSortCountingSwaps(&values)
        var tiesB = 0  // n2
        var runB = 1
        for k in 1..<n {
            if values[k] == values[k - 1] {
                runB += 1
            } else {
                tiesB += runB * (runB - 1) / 2
                runB = 1
            }
        }
        tiesB += runB * (runB - 1) / 2

        let pairs = n * (n - 1) / 2  // n0
        let denominator = (Double(pairs - tiesA) * Double(pairs - tiesB)).squareRoot()
        guard denominator > 0 else { return .nan }
        let numerator = Double(pairs - tiesA - tiesB + tiesJoint) - 2 * Double(swaps)
        return numerator / denominator
    }

    /// Bottom-up stable merge sort; returns the number of inversions (pairs i < j with
    /// values[i] > values[j]); equal values are not inversions.
    static func mergeSortCountingSwaps(_ values: inout [Float]) -> Int {
        let n = values.count
        guard n > 1 else { return 0 }
        var swaps = 0
        var scratch = [Float](repeating: 0, count: n)
        values.withUnsafeMutableBufferPointer { source in
            scratch.withUnsafeMutableBufferPointer { target in
                var from = source.baseAddress!
                var to = target.baseAddress!
                var width = 1
                while width < n {
                    var left = 0
                    while left < n {
                        let middle = min(left &+ width, n)
                        let right = min(left &+ 2 &* width, n)
                        var i = left, j = middle, out = left
                        while i < middle, j < right {
                            if from[j] < from[i] {
                                to[out] = from[j]
                                swaps &+= middle &- i
                                j &+= 1
                            } else {
                                to[out] = from[i]
                                i &+= 1
                            }
                            out &+= 1
                        }
                        while i < middle { to[out] = from[i]; i &+= 1; out &+= 1 }
                        while j < right { to[out] = from[j]; j &+= 1; out &+= 1 }
                        left = right
                    }
                    swap(&from, &to)
                    width &*= 2
                }
                if from != source.baseAddress! {
                    source.baseAddress!.update(from: from, count: n)
                }
            }
        }
        return swaps
    }
}

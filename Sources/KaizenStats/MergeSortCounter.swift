/// Kendall's tau needs the number of discordant pairs, which is the number of inversions,
/// and a merge sort counts those in O(n log n) instead of comparing all n²/2 pairs.
enum MergeSortCounter {
    /// Sorts `values` ascending and returns how many pairs `i < j` had `values[i] > values[j]`
    /// (equal values are not inversions).
    static func sortCountingInversions(_ values: inout [Double]) -> Int {
        var buffer = values
        return sort(&values, &buffer, 0, values.count)
    }

    private static func sort(_ values: inout [Double], _ buffer: inout [Double], _ start: Int, _ end: Int) -> Int {
        guard end - start > 1 else { return 0 }
        let middle = (start + end) / 2
        var inversions = sort(&values, &buffer, start, middle) + sort(&values, &buffer, middle, end)
        var left = start, right = middle, out = start
        while left < middle && right < end {
            if values[right] < values[left] {
                // Every value still waiting on the left is greater than this one.
                inversions += middle - left
                buffer[out] = values[right]
                right += 1
            } else {
                buffer[out] = values[left]
                left += 1
            }
            out += 1
        }
        while left < middle { buffer[out] = values[left]; left += 1; out += 1 }
        while right < end { buffer[out] = values[right]; right += 1; out += 1 }
        for i in start..<end { values[i] = buffer[i] }
        return inversions
    }
}

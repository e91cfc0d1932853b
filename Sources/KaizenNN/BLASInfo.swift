import COpenBLAS

/// The machine's matrix-multiply limit, for reporting training throughput against it.
public enum BLASInfo {
    /// GFLOP/s of a 1024×1024×1024 single-precision sgemm through OpenBLAS on all cores, best
    /// of a few timed runs after a warm-up. Takes a fraction of a second. It switches OpenBLAS
    /// (process-wide) to all cores for the measurement, so call it while no training runs.
    public static func measuredPeakGFLOPS() -> Double {
        BLASThreads.withAllCores { measure() }
    }

    private static func measure() -> Double {
        let n = 1024
        var rng = SplitMix64(seed: 42)
        let a = (0..<(n * n)).map { _ in rng.nextFloat() - 0.5 }
        let b = (0..<(n * n)).map { _ in rng.nextFloat() - 0.5 }
        var c = [Float](repeating: 0, count: n * n)
        var best = Double.infinity
        let clock = ContinuousClock()
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    for run in 0..<4 {
                        let start = clock.now
                        BLAS.gemm(
                            transposeA: false, transposeB: false, m: n, n: n, k: n,
                            a: pa.baseAddress!, lda: n, b: pb.baseAddress!, ldb: n, beta: 0, c: pc.baseAddress!, ldc: n)
                        let elapsed = clock.now - start
                        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                        if run > 0 { best = min(best, seconds) }
                    }
                }
            }
        }
        return 2 * Double(n) * Double(n) * Double(n) / best / 1e9
    }

    /// Threads OpenBLAS uses for one call (1 once a `RankingNetwork` exists on a multi-core
    /// machine: the network runs its towers on separate cores instead).
    public static var threadCount: Int { Int(openblas_get_num_threads()) }
}

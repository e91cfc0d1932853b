import COpenBLAS

/// OpenBLAS's thread count, which is process-wide.
enum BLASThreads {
    /// One thread per BLAS call: the network parallelizes across its towers instead, and two
    /// callers each spawning OpenBLAS threads would oversubscribe the cores.
    static func useOnePerCaller() {
        if openblas_get_num_threads() != 1 { openblas_set_num_threads(1) }
    }

    /// Runs `body` with OpenBLAS using every core, then restores the previous count.
    static func withAllCores<T>(_ body: () -> T) -> T {
        let previous = openblas_get_num_threads()
        openblas_set_num_threads(openblas_get_num_procs())
        defer { openblas_set_num_threads(previous) }
        return body()
    }
}

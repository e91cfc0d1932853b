import COpenBLAS

/// Row-major `C = alpha * A * op(B) + beta * C` through OpenBLAS's `cblas_sgemm`, where every
/// product of the encoder goes: the projections (`B` is a PyTorch `[out, in]` weight, hence
/// `transposeB`) and the attention scores and mixes.
enum Sgemm {
    @inline(__always)
    static func multiply(
        m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int, transposeB: Bool,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0, n > 0, k > 0 else { return }
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// The encoder splits work across cores itself (rows, attention heads), calling BLAS from
    /// each worker; OpenBLAS's own threads on top would oversubscribe the cores. OpenBLAS's
    /// thread count is process-wide, as KaizenNN's towers also set it.
    static func useOneThreadPerCall() {
        if openblas_get_num_threads() != 1 { openblas_set_num_threads(1) }
    }
}

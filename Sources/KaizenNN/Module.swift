/// A layer of a tower: a batch-first map from `count × inputWidth` to `count × outputWidth`.
///
/// Buffers belong to the module and are reused across batches: the pointer `forward` returns
/// stays valid until the module's next `forward`, and a module may keep its input pointer for
/// `backward` (the previous module's output, valid until the next forward pass).
protocol Module: AnyObject {
    var inputWidth: Int { get }
    var outputWidth: Int { get }
    var parameters: [Parameter] { get }
    /// Multiply-adds × 2 of the module's matrix products for one example.
    var flopsPerExample: Int { get }
    func forward(_ input: UnsafeMutablePointer<Float>, count: Int, training: Bool) -> UnsafeMutablePointer<Float>
    /// Accumulates parameter gradients and returns d(loss)/d(input) for the last forward.
    /// It may overwrite `outputGradient`.
    func backward(_ outputGradient: UnsafeMutablePointer<Float>, count: Int) -> UnsafeMutablePointer<Float>
}

extension Module {
    var flopsPerExample: Int { 0 }
}

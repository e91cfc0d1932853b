/// Modules applied in order; backward runs them in reverse.
final class Sequential: Module {
    let modules: [any Module]
    let inputWidth: Int
    let outputWidth: Int

    init(_ modules: [any Module], inputWidth: Int) {
        self.modules = modules
        self.inputWidth = inputWidth
        self.outputWidth = modules.last?.outputWidth ?? inputWidth
        var width = inputWidth
        for module in modules {
            precondition(module.inputWidth == width, "Sequential: width \(width) feeds a module expecting \(module.inputWidth)")
            width = module.outputWidth
        }
    }

    var parameters: [Parameter] { modules.flatMap(\.parameters) }
    var flopsPerExample: Int { modules.reduce(0) { $0 + $1.flopsPerExample } }

    func forward(_ input: UnsafeMutablePointer<Float>, count: Int, training: Bool) -> UnsafeMutablePointer<Float> {
        var x = input
        for module in modules { x = module.forward(x, count: count, training: training) }
        return x
    }

    func backward(_ outputGradient: UnsafeMutablePointer<Float>, count: Int) -> UnsafeMutablePointer<Float> {
        var g = outputGradient
        for module in modules.reversed() { g = module.backward(g, count: count) }
        return g
    }
}

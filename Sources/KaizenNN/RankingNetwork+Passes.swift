extension RankingNetwork {
    /// Logits for the batch. `training` enables dropout and keeps the activations that
    /// `backward` needs; an inference forward invalidates them.
    public func forward(_ batch: Batch, training: Bool) -> [Float] {
        let count = batch.count
        precondition(batch.users.count == count && batch.items.count == count, "Batch: count \(count) disagrees with its ids")
        pendingCount = 0
        guard count > 0 else { return [] }
        let userTower = self.userTower, itemTower = self.itemTower
        Parallel.run(count >= Parallel.minimumBatch, {
            _ = userTower.forward(ids: batch.users, dense: batch.userDense, count: count, training: training)
        }, {
            _ = itemTower.forward(ids: batch.items, dense: batch.itemDense, count: count, training: training)
        })
        guard let u = userTower.output, let i = itemTower.output else { preconditionFailure("tower produced no output") }
        userOutput = u
        itemOutput = i
        let width = userTower.outputWidth
        var logits = [Float](repeating: 0, count: count)
        logits.withUnsafeMutableBufferPointer { l in
            if let bias {
                let b = bias.value[0]
                for row in 0..<count {
                    let o = row &* width
                    var sum: Float = 0
                    for j in 0..<width { sum += u[o &+ j] * i[o &+ j] }
                    l[row] = sum + b
                }
            } else if architecture.interaction == .both {
                for row in 0..<count {
                    let o = row &* width
                    var sum: Float = 0
                    for j in 0..<width { sum += u[o &+ j] * i[o &+ j] }
                    l[row] = sum
                }
            }
            if let head {
                let z = headInput.reserve(count &* 3 &* width)
                for row in 0..<count {
                    let o = row &* width
                    let zr = z + 3 &* o
                    zr.update(from: u + o, count: width)
                    (zr + width).update(from: i + o, count: width)
                    let p = zr + 2 &* width
                    for j in 0..<width { p[j] = u[o &+ j] * i[o &+ j] }
                }
                let h = head.forward(z, count: count, training: training)
                for row in 0..<count { l[row] += h[row] }
            }
        }
        if training { pendingCount = count }
        return logits
    }

    /// Backpropagates d(loss)/d(logit) from the last `forward(training: true)` and adds the
    /// parameter gradients to those already accumulated (call `zeroGradients()` between steps).
    public func backward(_ dLogits: [Float]) {
        if dLogits.isEmpty, pendingCount == 0 { return }  // an empty batch
        let count = pendingCount
        precondition(count > 0, "backward needs a preceding forward(training: true)")
        precondition(dLogits.count == count, "backward: \(dLogits.count) gradients for a batch of \(count)")
        pendingCount = 0
        guard let u = userOutput, let i = itemOutput else { return }
        let width = userTower.outputWidth
        let du = userGradient.reserve(count &* width)
        let di = itemGradient.reserve(count &* width)
        dLogits.withUnsafeBufferPointer { dl in
            if architecture.interaction.usesDot {
                var biasGradient: Float = 0
                for row in 0..<count {
                    let g = dl[row]
                    biasGradient += g
                    let o = row &* width
                    for j in 0..<width {
                        du[o &+ j] = g * i[o &+ j]
                        di[o &+ j] = g * u[o &+ j]
                    }
                }
                if let bias { bias.gradient[0] += biasGradient }
            } else {
                du.update(repeating: 0, count: count &* width)
                di.update(repeating: 0, count: count &* width)
            }
            if let head {
                let dh = headOutputGradient.reserve(count)
                dh.update(from: dl.baseAddress!, count: count)
                let dz = head.backward(dh, count: count)
                for row in 0..<count {
                    let o = row &* width
                    let zr = dz + 3 &* o
                    let zi = zr + width
                    let zp = zr + 2 &* width
                    for j in 0..<width {
                        du[o &+ j] += zr[j] + zp[j] * i[o &+ j]
                        di[o &+ j] += zi[j] + zp[j] * u[o &+ j]
                    }
                }
            }
        }
        let userTower = self.userTower, itemTower = self.itemTower
        Parallel.run(count >= Parallel.minimumBatch, {
            userTower.backward(du, count: count)
        }, {
            itemTower.backward(di, count: count)
        })
    }
}

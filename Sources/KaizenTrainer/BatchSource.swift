import KaizenNN
import KaizenWorld

/// Builds minibatches from impression logs, looking up each row's user and item features.
struct BatchSource: Sendable {
    let userFeatures: [Float]
    let userFeatureCount: Int
    let itemFeatures: [Float]
    let itemFeatureCount: Int

    init(logs: WorldLogs) {
        userFeatures = logs.userFeatures
        userFeatureCount = logs.userFeatureCount
        itemFeatures = logs.itemFeatures
        itemFeatureCount = logs.itemFeatureCount
    }

    func batch<C: Collection>(from log: ImpressionLog, indices: C) -> Batch where C.Element == Int {
        pairs(users: indices.map { log.users[$0] }, items: indices.map { log.items[$0] })
    }

    func pairs(users: [Int32], items: [Int32]) -> Batch {
        var userDense = [Float](repeating: 0, count: users.count * userFeatureCount)
        var itemDense = [Float](repeating: 0, count: items.count * itemFeatureCount)
        userFeatures.withUnsafeBufferPointer { source in
            userDense.withUnsafeMutableBufferPointer { target in
                for (row, user) in users.enumerated() {
                    let from = Int(user) * userFeatureCount
                    for k in 0..<userFeatureCount { target[row * userFeatureCount + k] = source[from + k] }
                }
            }
        }
        itemFeatures.withUnsafeBufferPointer { source in
            itemDense.withUnsafeMutableBufferPointer { target in
                for (row, item) in items.enumerated() {
                    let from = Int(item) * itemFeatureCount
                    for k in 0..<itemFeatureCount { target[row * itemFeatureCount + k] = source[from + k] }
                }
            }
        }
        return Batch(users: users, items: items, userDense: userDense, itemDense: itemDense, count: users.count)
    }
}

/// One minibatch. `userDense` is `count × userFeatureCount` and `itemDense` is
/// `count × itemFeatureCount`, row-major; either is empty when its feature count is 0.
public struct Batch: Sendable {
    /// User ids, each in `0..<users` of the network.
    public var users: [Int32]
    /// Item ids, each in `0..<items` of the network.
    public var items: [Int32]
    public var userDense: [Float]
    public var itemDense: [Float]
    public var count: Int

    /// `count` defaults to `users.count`; `users` and `items` must both hold `count` ids.
    public init(users: [Int32], items: [Int32], userDense: [Float] = [], itemDense: [Float] = [], count: Int? = nil) {
        let count = count ?? users.count
        precondition(users.count == count && items.count == count, "Batch: \(users.count) users and \(items.count) items for count \(count)")
        self.users = users
        self.items = items
        self.userDense = userDense
        self.itemDense = itemDense
        self.count = count
    }
}

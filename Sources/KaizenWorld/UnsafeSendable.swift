/// Hands a buffer to `concurrentPerform` workers that write disjoint ranges of it.
struct UnsafeSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

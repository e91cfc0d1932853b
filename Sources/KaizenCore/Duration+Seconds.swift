extension Duration {
    /// The duration as fractional seconds, for records, limits and reports.
    public var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) * 1e-18
    }

    /// The duration as fractional milliseconds.
    public var milliseconds: Double { seconds * 1000 }
}

import ArgumentParser

/// A wall-clock limit such as `90s`, `10m`, `2h` or `1d`.
struct DurationArgument: ExpressibleByArgument {
    let duration: Duration
    let text: String

    init?(argument: String) {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        guard let unit = argument.last, let factor = units[unit], let value = Double(argument.dropLast()), value > 0, value.isFinite else {
            return nil
        }
        duration = .milliseconds(Int64(value * factor * 1000))
        text = argument
    }

    static var defaultCompletionKind: CompletionKind { .default }
}

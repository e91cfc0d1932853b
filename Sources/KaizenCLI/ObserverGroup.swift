import KaizenLoop

/// Several observers as one: the terminal display and the metrics endpoint.
struct ObserverGroup: LoopObserver {
    let observers: [any LoopObserver]

    func update(_ progress: LoopProgress) {
        for observer in observers { observer.update(progress) }
    }

    func note(_ line: String, progress: LoopProgress) {
        for observer in observers { observer.note(line, progress: progress) }
    }
}

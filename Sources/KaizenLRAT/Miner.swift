import KaizenCore

/// LRAT mining: turns agent trajectories into weighted (query, positive, negatives) pairs.
///
/// A browse that follows a search and opens one of its results is the agent's relevance
/// judgment for that query; the results it never opened are hard negatives. The agent's own
/// reasoning after the browse filters out browses it rejected (the judge) and, by its length,
/// weights the rest. `MiningSettings` switches each ingredient off for ablations.
public struct Miner: Sendable {
    public var settings: MiningSettings
    public var judge: any ReasoningJudge

    public init(settings: MiningSettings = MiningSettings(), judge: any ReasoningJudge = RuleJudge()) {
        self.settings = settings
        self.judge = judge
    }

    /// Mines `events` in any order: they are grouped by trajectory (mined in id order) and
    /// sorted by step (ties keep input order). The judge is asked once per positive with
    /// reasoning, in output order; its errors propagate.
    public func mine(_ events: [TrajectoryEvent]) async throws -> (pairs: [MinedPair], report: MiningReport) {
        var report = MiningReport(settings: settings)
        var byTrajectory: [String: [TrajectoryEvent]] = [:]
        for event in events { byTrajectory[event.trajectory, default: []].append(event) }
        report.trajectoriesSeen = byTrajectory.count

        var windows: [SearchWindow] = []
        for id in byTrajectory.keys.sorted() {
            let ordered = Self.ordered(byTrajectory[id] ?? [])
            if settings.successOnly && !Self.succeeded(ordered) { continue }
            report.trajectoriesUsed += 1
            windows += Self.searchWindows(ordered, report: &report)
        }

        var read: [String: Set<String>] = [:]
        if settings.skipReadNegatives {
            for window in windows { read[window.trajectory, default: []].formUnion(window.browsed) }
        }
        let negatives = windows.map { window in window.unbrowsed.filter { !(read[window.trajectory]?.contains($0) ?? false) } }
        var kept: [(window: Int, positive: BrowsedPositive)] = []
        for (index, window) in windows.enumerated() {
            report.negatives += negatives[index].count
            for positive in window.positives {
                report.positives += 1
                if positive.reasoning != nil { report.positivesWithReasoning += 1 }
                if settings.useJudge, let reasoning = positive.reasoning {
                    let verdict = try await judge.judge(query: window.query, document: positive.doc, reasoning: reasoning)
                    if verdict == .notRelevant {
                        report.droppedByJudge += 1
                        continue
                    }
                    report.keptByJudge += 1
                } else {
                    report.notJudged += 1
                }
                kept.append((index, positive))
            }
        }

        // β and μ are fitted over all kept, reasoned positives of this run, not per trajectory.
        let reasonedTokens = kept.compactMap(\.positive.tokens)
        report.reasonedPairs = reasonedTokens.count
        let weighting = settings.useWeights ? LRATWeights(reasoningTokenCounts: reasonedTokens) : nil
        report.weighting = weighting

        var pairs: [MinedPair] = []
        pairs.reserveCapacity(kept.count)
        var windowsWithPairs = Set<Int>()
        for (index, positive) in kept {
            let window = windows[index]
            windowsWithPairs.insert(index)
            pairs.append(
                MinedPair(
                    query: window.query, positive: positive.doc,
                    negatives: settings.unbrowsedAreNegatives ? negatives[index] : [],
                    weight: weighting?.weight(tokens: positive.tokens) ?? 1,
                    trajectory: window.trajectory, searchStep: window.step, reasoningTokens: positive.tokens))
        }
        if settings.unbrowsedAreNegatives {
            report.negativesAttached = windowsWithPairs.reduce(0) { $0 + negatives[$1].count }
        }
        report.pairs = pairs.count
        report.weights = WeightSummary(pairs.map(\.weight))
        return (pairs, report)
    }

    /// Sorted by step; equal steps keep their input order.
    static func ordered(_ events: [TrajectoryEvent]) -> [TrajectoryEvent] {
        events.enumerated()
            .sorted { $0.element.step != $1.element.step ? $0.element.step < $1.element.step : $0.offset < $1.offset }
            .map(\.element)
    }

    /// Whether the last valid `outcome` says success; no outcome is not a success.
    static func succeeded(_ ordered: [TrajectoryEvent]) -> Bool {
        ordered.last { $0.kind == .outcome && $0.validationProblem == nil }?.fields["success"]?.boolValue ?? false
    }

    /// Splits one trajectory into search windows and counts its browses.
    static func searchWindows(_ ordered: [TrajectoryEvent], report: inout MiningReport) -> [SearchWindow] {
        var windows: [SearchWindow] = []
        var current: SearchWindow?
        for (position, event) in ordered.enumerated() {
            guard event.validationProblem == nil else {
                report.skippedEvents += 1
                // A broken search still ends the previous one's window: what follows was not
                // chosen from that ranking.
                if event.kind == .search, let open = current {
                    windows.append(open)
                    current = nil
                }
                continue
            }
            switch event.kind {
            case .search:
                if let open = current { windows.append(open) }
                report.searches += 1
                current = SearchWindow(
                    trajectory: event.trajectory, query: event.fields["query"]?.stringValue ?? "", step: event.step,
                    results: rankedDocs(event.fields["results"]?.arrayValue ?? []))
            case .browse:
                report.browses += 1
                let doc = event.fields["doc"]?.stringValue ?? ""
                guard var window = current else {
                    report.browsesWithoutSearch += 1
                    continue
                }
                guard window.returned(doc) else {
                    report.browsesOutsideResults += 1
                    continue
                }
                guard window.browsed.insert(doc).inserted else {
                    report.repeatedBrowses += 1
                    continue
                }
                var positive = BrowsedPositive(doc: doc)
                if position + 1 < ordered.count {
                    let next = ordered[position + 1]
                    if next.kind == .reason, next.validationProblem == nil, let text = next.fields["text"]?.stringValue {
                        positive.reasoning = text
                        positive.tokens = next.fields["tokens"]?.intValue ?? text.split(whereSeparator: \.isWhitespace).count
                    }
                }
                window.positives.append(positive)
                current = window
            case .task, .reason, .answer, .proposal, .outcome:
                continue
            }
        }
        if let open = current { windows.append(open) }
        return windows
    }

    /// Result doc ids ordered by rank (stable for equal ranks).
    static func rankedDocs(_ results: [JSONValue]) -> [String] {
        results.enumerated()
            .compactMap { offset, result -> (rank: Int, offset: Int, doc: String)? in
                guard let doc = result["doc"]?.stringValue else { return nil }
                return (result["rank"]?.intValue ?? Int.max, offset, doc)
            }
            .sorted { $0.rank != $1.rank ? $0.rank < $1.rank : $0.offset < $1.offset }
            .map(\.doc)
    }
}

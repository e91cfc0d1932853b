import KaizenCore
import KaizenSearchSpace

/// How a round's proposals are split between exploit, explore and innovate, and which field
/// each must change. Focus fields rotate, least-tried first, so a weak model that would
/// repeat one favourite change still covers the space.
struct RoundPlan {
    struct Slot {
        var index: Int
        var strategy: String
        var focus: String?
    }

    var slots: [Slot]
    var exploit: Int
    var explore: Int
    var innovate: Int
    /// Deltas proposed so far in this round, shown to the model so it does not repeat them.
    var proposedThisRound: [String] = []

    static func make(count: Int, journal: JournalSnapshot, space: SearchSpace, persona: Persona, production: JSONValue, offset: Int, focus: Bool) -> RoundPlan {
        let hasResults = !journal.ranked.isEmpty
        let exploit = hasResults ? (count + 1) / 2 : 0
        let innovate = hasResults ? count / 4 : count / 3
        let explore = count - exploit - innovate
        let strategies = Array(repeating: "exploit", count: exploit) + Array(repeating: "explore", count: explore)
            + Array(repeating: "innovate", count: innovate)

        let fields = (space.fields[persona] ?? []).map(\.path)
        var tried: [String: Int] = [:]
        for entry in journal.entries {
            for path in entry.candidate.delta?.leafPaths() ?? [] { tried[path, default: 0] += 1 }
        }
        let order = fields.enumerated().sorted { (tried[$0.element] ?? 0, $0.offset) < (tried[$1.element] ?? 0, $1.offset) }.map(\.element)
        var slots: [Slot] = []
        for (i, strategy) in strategies.enumerated() {
            let field = order.isEmpty || !focus ? nil : order[(i + offset) % order.count]
            slots.append(Slot(index: i, strategy: strategy, focus: field))
        }
        return RoundPlan(slots: slots, exploit: exploit, explore: explore, innovate: innovate)
    }

    mutating func record(_ outcome: ProposalOutcome) {
        if let delta = outcome.delta { proposedThisRound.append(delta.canonicalText) }
    }
}

/// What the proposer produced for one slot, before validation.
struct Attempt {
    enum Kind {
        /// An LLM reply's text.
        case reply(String)
        /// A classical proposer's delta.
        case delta(JSONValue)
        /// The reply was unusable (raw text kept when there was one).
        case rejected(String, raw: String?)
        /// No reply: the LLM could not be reached.
        case unreachable(String)
    }

    var proposer: String
    var kind: Kind
}

/// What the agent read before proposing.
struct Evidence {
    struct Item {
        var id: String
        var title: String
        var snippet: String
    }

    var items: [Item]
    var reasoning: String?

    static let none = Evidence(items: [], reasoning: nil)
    var ids: [String] { items.map(\.id) }
}

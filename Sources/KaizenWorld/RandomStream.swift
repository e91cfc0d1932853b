/// Names of the independent random streams of a world and of live experiments. Changing a
/// raw value changes every world, so only ever append.
enum RandomStream: UInt64 {
    case topics = 1, items, users, tastes, pools, activity, shuffle, candidates, session, exploration
    case experimentAssignment, experimentSession, experimentActivity, loggingTaste
}

/// Scores candidate items for a user; higher is shown first. Trained models implement it.
///
/// The world treats a ranker as a pure function of (user, item): it may score a user's whole
/// candidate pool in one call and reuse those scores across days, so a score must not depend
/// on which other items are in the list or on when it is asked.
public protocol Ranker: Sendable {
    func scores(user: Int, items: [Int]) -> [Float]
}

import Foundation
import KaizenReview

/// A signed-in browser: who, and the CSRF token its forms must carry.
struct SessionReviewer: Sendable {
    var id: String
    var reviewer: Reviewer
    var csrf: String
    var expires: Date
}

/// Browser sessions, in memory: a restart signs everyone out, which is the safe direction.
/// The API does not use sessions; it takes the bearer token on every request.
actor SessionStore {
    static let lifetime: TimeInterval = 12 * 3600
    private var sessions: [String: SessionReviewer] = [:]
    private let now: @Sendable () -> Date

    init(now: @escaping @Sendable () -> Date = Date.init) {
        self.now = now
    }

    func create(for reviewer: Reviewer) -> SessionReviewer {
        let session = SessionReviewer(id: ReviewTokens.random(), reviewer: reviewer, csrf: ReviewTokens.random(), expires: now().addingTimeInterval(Self.lifetime))
        sessions[session.id] = session
        return session
    }

    func session(_ id: String) -> SessionReviewer? {
        guard let session = sessions[id] else { return nil }
        if session.expires < now() {
            sessions[id] = nil
            return nil
        }
        return session
    }

    func remove(_ id: String) {
        sessions[id] = nil
    }
}

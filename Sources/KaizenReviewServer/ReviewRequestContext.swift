import Hummingbird
import KaizenReview

/// The request context: who is asking, once a middleware has found out.
struct ReviewRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// Set for API requests with a valid bearer token.
    var apiReviewer: Reviewer?
    /// Set for browser requests with a valid session cookie.
    var session: SessionReviewer?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }
}

import Foundation
import Hummingbird
import KaizenReview

/// API authentication: `Authorization: Bearer TOKEN` on every request, else 401.
struct BearerAuth: RouterMiddleware {
    let tokens: ReviewTokens

    func handle(_ request: Request, context: ReviewRequestContext, next: (Request, ReviewRequestContext) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer "),
              let reviewer = tokens.reviewer(for: String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces))
        else {
            var response = Responses.apiError(.unauthorized, code: "unauthorized", message: "send Authorization: Bearer TOKEN with a review token")
            response.headers[.wwwAuthenticate] = "Bearer realm=\"kaizen\""
            return response
        }
        var context = context
        context.apiReviewer = reviewer
        return try await next(request, context)
    }
}

/// Page authentication: the session cookie set at sign-in. A page without one redirects to
/// the sign-in form; a form post without one is refused.
struct SessionAuth: RouterMiddleware {
    static let cookie = "kaizen_session"
    let sessions: SessionStore

    func handle(_ request: Request, context: ReviewRequestContext, next: (Request, ReviewRequestContext) async throws -> Response) async throws -> Response {
        guard let id = request.cookies[Self.cookie]?.value, let session = await sessions.session(id) else {
            if request.method == .get || request.method == .head { return Responses.redirect(to: "/login") }
            return Responses.html(HTML.page(title: "Sign in first", reviewer: nil, body: "<p>Your session has ended. <a href=\"/login\">Sign in</a> again.</p>"), status: .unauthorized)
        }
        var context = context
        context.session = session
        return try await next(request, context)
    }
}

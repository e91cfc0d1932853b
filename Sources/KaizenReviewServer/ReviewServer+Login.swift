import Foundation
import Hummingbird
import KaizenReview

extension ReviewServer {
    static let loginCSRFCookie = "kaizen_login_csrf"

    /// Sign-in with a review token. The form is CSRF-protected by a double-submit cookie, so
    /// another site cannot sign a browser in under someone else's token.
    func addLoginRoutes(_ router: Router<ReviewRequestContext>) {
        router.get("/login") { _, _ in
            self.loginPage(error: nil, status: .ok)
        }
        router.post("/login") { request, _ in
            var request = request
            let form = FormBody(String(buffer: try await request.collectBody(upTo: 16 * 1024)))
            guard let sent = form["csrf"], let expected = request.cookies[Self.loginCSRFCookie]?.value, !sent.isEmpty, sent == expected else {
                return Responses.html(HTML.page(title: "Forbidden", reviewer: nil, body: "<p class=\"error\">The sign-in form was not ours (missing or wrong CSRF token). <a href=\"/login\">Try again</a>.</p>"), status: .forbidden)
            }
            guard let token = form["token"], let reviewer = self.settings.tokens.reviewer(for: token.trimmingCharacters(in: .whitespaces)) else {
                self.logger.notice("review sign-in refused: unknown token")
                return self.loginPage(error: "That token is not a review token here.", status: .unauthorized)
            }
            let session = await self.sessions.create(for: reviewer)
            self.logger.notice("reviewer signed in", metadata: ["reviewer": "\(reviewer.name)", "role": "\(reviewer.role.rawValue)"])
            var response = Responses.redirect(to: "/")
            response.setCookie(Cookie(name: SessionAuth.cookie, value: session.id, maxAge: Int(SessionStore.lifetime), path: "/", httpOnly: true, sameSite: .strict))
            response.setCookie(Cookie(name: Self.loginCSRFCookie, value: "", maxAge: 0, path: "/login", httpOnly: true, sameSite: .strict))
            return response
        }
    }

    private func loginPage(error: String?, status: HTTPResponse.Status) -> Response {
        let csrf = ReviewTokens.random()
        var body = error.map { "<p class=\"error\">\(HTML.escape($0))</p>" } ?? ""
        body += """
            <p>Sign in with your review token (from <code>KAIZEN_REVIEW_TOKENS</code> or <code>review.tokens</code>).</p>
            <form method="post" action="/login" class="decide">\(HTML.csrfField(csrf))
            <label for="token">Review token</label><input type="password" id="token" name="token" autocomplete="off" required>
            <button type="submit" id="sign-in">Sign in</button></form>
            """
        var response = Responses.html(HTML.page(title: "Sign in", reviewer: nil, body: body), status: status)
        response.setCookie(Cookie(name: Self.loginCSRFCookie, value: csrf, maxAge: 1800, path: "/login", httpOnly: true, sameSite: .strict))
        return response
    }
}

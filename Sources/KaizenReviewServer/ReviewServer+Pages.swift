import Foundation
import Hummingbird
import KaizenReport
import KaizenReview
import KaizenStore

extension ReviewServer {
    /// The pages; every one needs a session, every form post its CSRF token.
    func addPageRoutes(_ pages: RouterGroup<ReviewRequestContext>) {
        pages.get("/") { _, context in
            try self.page { () throws(StoreError) in try OverviewPage.render(store: self.store, reviewer: context.session!) }
        }
        pages.get("/candidates/:id") { request, context in
            let id = try context.parameters.require("id")
            let flash = request.uri.queryParameters["done"].map { "Recorded: \($0) by \(context.session!.reviewer.name)." }
            return self.candidatePage(id, context.session!, flash: flash, error: nil, status: .ok)
        }
        pages.get("/audit") { request, context in
            let subject = request.uri.queryParameters["subject"].map(String.init)
            return try self.page { () throws(StoreError) in AuditPage.render(try self.store.auditLog(subject: subject, limit: 100_000).suffix(300).reversed(), reviewer: context.session!) }
        }
        pages.get("/report") { _, context in
            guard try self.hasRuns() else {
                return Responses.html(HTML.page(title: "Report", reviewer: context.session!, body: "<p class=\"empty\">No loop has run yet: `kaizen run` makes the report.</p>"))
            }
            var response = Responses.html(try LoopReport.html(store: self.store, pricing: self.settings.pricing))
            // The report is one self-contained file with an inline stylesheet; still no scripts.
            response.headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
            return response
        }
        pages.post("/candidates/:id/approve") { request, context in
            try await self.form(request, context) { desk, id, reviewer, form throws(ReviewError) in
                try desk.approve(id, by: reviewer, note: form["note"], asStale: form["stale"] == "1")
                return "approved"
            }
        }
        pages.post("/candidates/:id/reject") { request, context in
            try await self.form(request, context) { desk, id, reviewer, form throws(ReviewError) in
                try desk.reject(id, by: reviewer, reason: form["reason"] ?? "")
                return "rejected"
            }
        }
        pages.post("/candidates/:id/retrain") { request, context in
            try await self.form(request, context) { desk, id, reviewer, _ throws(ReviewError) in
                "re-trained as \(try desk.retrain(id, by: reviewer))"
            }
        }
        pages.post("/logout") { request, context in
            var request = request
            let form = FormBody(String(buffer: try await request.collectBody(upTo: 16 * 1024)))
            guard form["csrf"] == context.session!.csrf else { return Self.csrfRefusal() }
            await self.sessions.remove(context.session!.id)
            var response = Responses.redirect(to: "/login")
            response.setCookie(Cookie(name: SessionAuth.cookie, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .strict))
            return response
        }
    }

    /// A decision form: CSRF first, then the role, then the decision; success redirects to
    /// the candidate page, a refusal shows it with the reason and the matching status.
    private func form(
        _ request: Request, _ context: ReviewRequestContext,
        _ action: (ReviewDesk, String, Reviewer, FormBody) throws(ReviewError) -> String
    ) async throws -> Response {
        let id = try context.parameters.require("id")
        let session = context.session!
        var request = request
        let form = FormBody(String(buffer: try await request.collectBody(upTo: 64 * 1024)))
        guard let csrf = form["csrf"], csrf == session.csrf else { return Self.csrfRefusal() }
        do {
            let done = try action(ReviewDesk(store: store, via: "web"), id, session.reviewer, form)
            return Responses.redirect(to: "/candidates/\(id)?done=\(done.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? "decided")")
        } catch {
            return candidatePage(id, session, flash: nil, error: error.description, status: Responses.status(of: error))
        }
    }

    private func candidatePage(_ id: String, _ session: SessionReviewer, flash: String?, error: String?, status: HTTPResponse.Status) -> Response {
        do {
            let review = try CandidateReview.load(store: store, id: id, guardrails: settings.guardrails)
            return Responses.html(CandidatePage.render(review, reviewer: session, flash: flash, error: error), status: status)
        } catch {
            return Responses.html(HTML.page(title: "Not found", reviewer: session, body: "<p class=\"error\">\(HTML.escape(error.description))</p>"), status: Responses.status(of: error))
        }
    }

    private func page(_ render: () throws(StoreError) -> String) throws -> Response {
        do {
            return Responses.html(try render())
        } catch {
            logger.error("review page failed", metadata: ["error": "\(error)"])
            return Responses.html(HTML.page(title: "Store error", reviewer: nil, body: "<p class=\"error\">\(HTML.escape(error.description))</p>"), status: .internalServerError)
        }
    }

    private func hasRuns() throws -> Bool {
        !(try store.runs(limit: 1)).isEmpty
    }

    static func csrfRefusal() -> Response {
        Responses.html(HTML.page(title: "Forbidden", reviewer: nil, body: "<p class=\"error\">This form did not carry its CSRF token; reload the page and try again.</p>"), status: .forbidden)
    }
}

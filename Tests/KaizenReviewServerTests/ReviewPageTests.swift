import Foundation
import KaizenCore
import KaizenReview
import KaizenReviewServer
import KaizenStore
import ReviewFixtures
import Testing

@Suite struct ReviewPageTests {
    @Test func pagesNeedASignInWithAKnownTokenThroughTheCSRFProtectedForm() async throws {
        let h = try await ServerHarness.start(try ReviewFixture())
        defer { Task { await h.stop() } }
        let anonymous = try await h.get("/")
        #expect(anonymous.status == 303)
        #expect(anonymous.header("Location") == "/login")
        #expect(try await h.form("/candidates/\(h.fixture.awaiting)/approve", [("csrf", "x")], cookies: [:]).status == 401)

        let login = try await h.get("/login")
        let cookie = try #require(login.cookie("kaizen_login_csrf"))
        #expect(login.csrf == cookie)
        let forged = try await h.form("/login", [("token", ServerHarness.dana)], cookies: ["kaizen_login_csrf": cookie])
        #expect(forged.status == 403)
        #expect(forged.cookie("kaizen_session") == nil)
        let wrong = try await h.form("/login", [("csrf", cookie), ("token", "wrong-token-0000000000")], cookies: ["kaizen_login_csrf": cookie])
        #expect(wrong.status == 401)
        #expect(wrong.body.contains("not a review token"))
        let (cookies, csrf) = try await h.signIn(ServerHarness.dana)
        #expect(!csrf.isEmpty)
        #expect(try await h.get("/", cookies: cookies).status == 200)
        #expect(try await h.get("/", cookies: ["kaizen_session": "made-up"]).status == 303)

        let out = try await h.form("/logout", [("csrf", csrf)], cookies: cookies)
        #expect(out.status == 303)
        #expect(try await h.get("/", cookies: cookies).status == 303)
    }

    @Test func everyPageRendersUnderARestrictivePolicy() async throws {
        let h = try await ServerHarness.start(try ReviewFixture())
        defer { Task { await h.stop() } }
        let (cookies, _) = try await h.signIn(ServerHarness.sam)
        let overview = try await h.get("/", cookies: cookies)
        #expect(overview.header("Content-Security-Policy")?.hasPrefix("default-src 'none'; style-src 'self'") == true)
        #expect(overview.header("X-Frame-Options") == "DENY")
        #expect(overview.body.contains("/candidates/\(h.fixture.awaiting)"))
        #expect(overview.body.contains("<span class=\"badge stale\">stale</span>"))
        #expect(overview.body.contains("<svg"))
        #expect(overview.body.contains("watch_minutes per day"))
        #expect(overview.body.contains("the initial production config"))
        #expect(!overview.body.contains("<script"))

        let page = try await h.get("/candidates/\(h.fixture.awaiting)", cookies: cookies)
        #expect(page.status == 200)
        for part in ["optimizer.lr", "Learning-rate warm-up &lt;notes&gt;", "Inference cost: +30.00%", "train_loss", "▁", h.fixture.similar, "a viewer"] {
            #expect(page.body.contains(part), "candidate page lacks \(part)")
        }
        #expect(!page.body.contains("id=\"approve\""))
        #expect(try await h.get("/candidates/cand_missing", cookies: cookies).status == 404)

        let audit = try await h.get("/audit", cookies: cookies)
        #expect(audit.body.contains("approval.request"))
        #expect(try await h.get("/report", cookies: cookies).body.contains("No loop has run yet"))
        let css = try await h.get("/static/kaizen.css")
        #expect(css.header("Content-Type") == "text/css; charset=utf-8")

        _ = try h.fixture.store.startRun(command: "run")
        let report = try await h.get("/report", cookies: cookies)
        #expect(report.status == 200)
        #expect(report.header("Content-Security-Policy")?.contains("script") == false)
        #expect(report.header("Content-Security-Policy")?.hasPrefix("default-src 'none'") == true)
    }

    @Test func formDecisionsNeedTheCSRFTokenAndTheApproverRole() async throws {
        let h = try await ServerHarness.start(try ReviewFixture())
        defer { Task { await h.stop() } }
        let path = "/candidates/\(h.fixture.awaiting)"
        let (cookies, csrf) = try await h.signIn(ServerHarness.dana)
        #expect(try await h.form(path + "/approve", [("note", "fine")], cookies: cookies).status == 403)
        #expect(try await h.form(path + "/approve", [("csrf", "guess"), ("note", "fine")], cookies: cookies).status == 403)
        #expect(try h.fixture.store.candidate(h.fixture.awaiting).state == .awaitingApproval)

        let (samCookies, samCSRF) = try await h.signIn(ServerHarness.sam)
        let viewer = try await h.form(path + "/approve", [("csrf", samCSRF)], cookies: samCookies)
        #expect(viewer.status == 403)
        #expect(viewer.body.contains("sam is a viewer"))

        let page = try await h.get(path, cookies: cookies)
        #expect(page.body.contains("id=\"approve\""))
        let approved = try await h.form(path + "/approve", [("csrf", csrf), ("note", "fine"), ("by", "mallory")], cookies: cookies)
        #expect(approved.status == 303)
        #expect(approved.header("Location") == path + "?done=approved")
        #expect(try h.fixture.store.candidate(h.fixture.awaiting).state == .approved)
        #expect(try h.fixture.store.approvals(candidate: h.fixture.awaiting).last?.actor == "dana")
        let entry = try h.fixture.store.auditLog(subject: h.fixture.awaiting).last { $0.action == "approval.approve" }
        #expect(entry?.actor == "dana")
        #expect(entry?.details?["via"]?.stringValue == "web")
        let after = try await h.get(path + "?done=approved", cookies: cookies)
        #expect(after.body.contains("Recorded: approved by dana."))
        #expect(after.body.contains("approved by dana: fine"))

        let again = try await h.form(path + "/approve", [("csrf", csrf)], cookies: cookies)
        #expect(again.status == 409)
        #expect(again.body.contains("is not awaiting approval"))
        let stale = try await h.form("/candidates/\(h.fixture.stale)/approve", [("csrf", csrf)], cookies: cookies)
        #expect(stale.status == 409)
        #expect(stale.body.contains("is stale"))
        let rejected = try await h.form("/candidates/\(h.fixture.stale)/reject", [("csrf", csrf), ("reason", "old base")], cookies: cookies)
        #expect(rejected.status == 303)
        #expect(try h.fixture.store.candidate(h.fixture.stale).state == .rejected)
    }

    @Test func aStaleCandidateIsRetrainedThroughItsForm() async throws {
        let h = try await ServerHarness.start(try ReviewFixture())
        defer { Task { await h.stop() } }
        let (cookies, csrf) = try await h.signIn(ServerHarness.dana)
        let page = try await h.get("/candidates/\(h.fixture.stale)", cookies: cookies)
        #expect(page.body.contains("id=\"retrain\""))
        #expect(page.body.contains("name=\"stale\""))
        let retrained = try await h.form("/candidates/\(h.fixture.stale)/retrain", [("csrf", csrf)], cookies: cookies)
        #expect(retrained.status == 303)
        #expect(retrained.header("Location")?.hasPrefix("/candidates/\(h.fixture.stale)?done=re-trained") == true)
        #expect(try h.fixture.store.candidate(h.fixture.stale).state == .rejected)
        #expect(try h.fixture.store.candidates(states: [.queued]).count == 1)
        let asStale = try await ServerHarness.start(try ReviewFixture())
        defer { Task { await asStale.stop() } }
        let (otherCookies, otherCSRF) = try await asStale.signIn(ServerHarness.dana)
        let approved = try await asStale.form("/candidates/\(asStale.fixture.stale)/approve", [("csrf", otherCSRF), ("stale", "1")], cookies: otherCookies)
        #expect(approved.status == 303)
        #expect(try asStale.fixture.store.approvals(candidate: asStale.fixture.stale).last?.stale == true)
    }

    @Test func textFromModelsAndPeopleRendersAsText() async throws {
        let hostile = "<script>alert(1)</script>"
        let note = "<b>bold</b><img src=x onerror=alert(2)>"
        let h = try await ServerHarness.start(try ReviewFixture(hypothesis: hostile, deltaNote: note))
        defer { Task { await h.stop() } }
        let (cookies, csrf) = try await h.signIn(ServerHarness.dana)
        let page = try await h.get("/candidates/\(h.fixture.awaiting)", cookies: cookies)
        let overview = try await h.get("/", cookies: cookies)
        for body in [page.body, overview.body] {
            #expect(body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!body.contains("<script"))
        }
        #expect(page.body.contains("&lt;b&gt;bold&lt;/b&gt;&lt;img src=x onerror=alert(2)&gt;"))
        #expect(!page.body.contains("<img"))
        #expect(!page.body.contains("<b>"))
        _ = try await h.form("/candidates/\(h.fixture.awaiting)/reject", [("csrf", csrf), ("reason", "<i>no</i>")], cookies: cookies)
        let audit = try await h.get("/audit", cookies: cookies)
        #expect(audit.body.contains("&lt;i&gt;no&lt;/i&gt;"))
        #expect(!audit.body.contains("<i>"))
    }

    @Test func bindingBeyondLoopbackNeedsATokenAndAValidPort() throws {
        let none = ReviewTokens([])
        #expect(throws: ReviewServerError.openToNetworkWithoutTokens(host: "0.0.0.0")) {
            try ReviewServerSettings(host: "0.0.0.0", port: 8080, tokens: none).validate()
        }
        try ReviewServerSettings(host: "127.0.0.1", port: 8080, tokens: none).validate()
        try ReviewServerSettings(host: "0.0.0.0", port: 8080, tokens: ReviewTokens(try ReviewTokens.parse(list: "a:viewer:0123456789abcdef", source: "t"))).validate()
        #expect(throws: ReviewServerError.invalidPort(70000)) { try ReviewServerSettings(port: 70000, tokens: none).validate() }
    }
}

import Foundation
import KaizenCore
import KaizenStore
import ReviewFixtures
import Testing

@Suite struct ReviewAPITests {
    @Test func theAPINeedsABearerTokenOfAKnownReviewer() async throws {
        let h = try await ServerHarness.start(try ReviewFixture())
        defer { Task { await h.stop() } }
        let none = try await h.get("/api/review")
        #expect(none.status == 401)
        #expect(none.header("WWW-Authenticate") == "Bearer realm=\"kaizen\"")
        #expect(none.json["error"]?.stringValue == "unauthorized")
        #expect(try await h.get("/api/review", token: "not-a-token-at-all-0000").status == 401)
        let queue = try await h.get("/api/review", token: ServerHarness.sam)
        #expect(queue.status == 200)
        #expect(queue.json.arrayValue?.compactMap { $0["candidate"]?.stringValue } == [h.fixture.awaiting, h.fixture.stale])
        #expect(queue.json.arrayValue?.first?["rules"] == ["inference-cost-increase"])
        #expect(try await h.get("/api/me", token: ServerHarness.dana).json == ["name": "dana", "role": "approver"])
    }

    @Test func theAPIReadsCandidatesProductionExperimentsAuditAndItsOwnDescription() async throws {
        let h = try await ServerHarness.start(try ReviewFixture())
        defer { Task { await h.stop() } }
        let review = try await h.get("/api/candidates/\(h.fixture.awaiting)", token: ServerHarness.sam)
        #expect(review.status == 200)
        #expect(review.json["diff"]?.arrayValue?.first?["path"]?.stringValue == "optimizer.lr")
        #expect(review.json["evidence"]?.arrayValue?.first?["title"]?.stringValue == "Learning-rate warm-up <notes>")
        #expect(review.json["curves"]?["train_loss"] == [0.7, 0.55, 0.49])
        #expect(review.json["similar"]?.arrayValue?.first?["candidate"]?.stringValue == h.fixture.similar)
        #expect(review.json["risks"]?.arrayValue?.isEmpty == false)
        let missing = try await h.get("/api/candidates/cand_missing", token: ServerHarness.sam)
        #expect(missing.status == 404)
        #expect(missing.json["error"]?.stringValue == "not_found")
        let production = try await h.get("/api/production", token: ServerHarness.sam)
        #expect(production.json["current"]?["config"] == ReviewFixture.production)
        #expect(production.json["history"]?.arrayValue?.count == 1)
        let experiments = try await h.get("/api/experiments", token: ServerHarness.sam).json.arrayValue ?? []
        #expect(experiments.count == 2)
        #expect(experiments.first { $0["status"]?.stringValue == "running" }?["days"]?.arrayValue?.count == 3)
        let audit = try await h.get("/api/audit?subject=\(h.fixture.awaiting)", token: ServerHarness.sam).json.arrayValue ?? []
        #expect(audit.contains { $0["action"]?.stringValue == "approval.request" })
        let openapi = try await h.get("/api/openapi.json", token: ServerHarness.sam)
        #expect(openapi.json["openapi"]?.stringValue == "3.1.0")
        #expect(openapi.json["paths"]?["/api/candidates/{id}/approve"] != nil)
    }

    @Test func decisionsNeedTheApproverRoleAndAreRecordedUnderTheTokensName() async throws {
        let h = try await ServerHarness.start(try ReviewFixture())
        defer { Task { await h.stop() } }
        let path = "/api/candidates/\(h.fixture.awaiting)"
        let viewer = try await h.request("POST", path + "/approve", token: ServerHarness.sam, body: "{}")
        #expect(viewer.status == 403)
        #expect(viewer.json["error"]?.stringValue == "forbidden")
        #expect(try h.fixture.store.candidate(h.fixture.awaiting).state == .awaitingApproval)
        #expect(try await h.request("POST", path + "/approve", token: ServerHarness.dana, body: "[1]").status == 400)

        let approved = try await h.request("POST", path + "/approve", token: ServerHarness.dana, body: #"{"note": "ok", "by": "mallory"}"#)
        #expect(approved.status == 200)
        #expect(approved.json == ["candidate": .string(h.fixture.awaiting), "state": "approved", "by": "dana"])
        #expect(try h.fixture.store.approvals(candidate: h.fixture.awaiting).last?.actor == "dana")
        let entry = try h.fixture.store.auditLog(subject: h.fixture.awaiting).last { $0.action == "approval.approve" }
        #expect(entry?.actor == "dana")
        #expect(entry?.details?["via"]?.stringValue == "api")

        let again = try await h.request("POST", path + "/approve", token: ServerHarness.dana, body: "{}")
        #expect(again.status == 409)
        #expect(again.json["error"]?.stringValue == "not_awaiting_approval")
        #expect(try await h.request("POST", "/api/candidates/\(h.fixture.notAwaiting)/reject", token: ServerHarness.dana, body: #"{"reason":"no"}"#).status == 409)
        let rejected = try await h.request("POST", "/api/candidates/\(h.fixture.stale)/reject", token: ServerHarness.dana, body: #"{"reason":"an older base"}"#)
        #expect(rejected.status == 200)
        #expect(rejected.json["state"]?.stringValue == "rejected")
        #expect(try h.fixture.store.approvals(candidate: h.fixture.stale).last?.note == "an older base")
    }

    @Test func staleCandidatesAreApprovedOnlyAsStaleOrRetrained() async throws {
        let h = try await ServerHarness.start(try ReviewFixture())
        defer { Task { await h.stop() } }
        let path = "/api/candidates/\(h.fixture.stale)"
        let refused = try await h.request("POST", path + "/approve", token: ServerHarness.dana, body: "")
        #expect(refused.status == 409)
        #expect(refused.json["error"]?.stringValue == "stale")
        #expect(try await h.request("POST", path + "/reject", token: ServerHarness.dana, body: "{}").status == 400)
        let retrained = try await h.request("POST", path + "/retrain", token: ServerHarness.dana)
        #expect(retrained.status == 201)
        let fresh = try #require(retrained.json["new_candidate"]?.stringValue)
        #expect(try h.fixture.store.candidate(fresh).state == .queued)
        #expect(try h.fixture.store.candidate(h.fixture.stale).state == .rejected)

        let other = try await ServerHarness.start(try ReviewFixture())
        defer { Task { await other.stop() } }
        let asStale = try await other.request("POST", "/api/candidates/\(other.fixture.stale)/approve", token: ServerHarness.dana, body: #"{"stale": true}"#)
        #expect(asStale.status == 200)
        #expect(try other.fixture.store.approvals(candidate: other.fixture.stale).last?.stale == true)
    }
}

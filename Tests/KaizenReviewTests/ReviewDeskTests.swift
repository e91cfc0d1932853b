import Foundation
import KaizenCore
import KaizenReview
import KaizenStore
import ReviewFixtures
import Testing

@Suite struct ReviewDeskTests {
    let dana = Reviewer(name: "dana", role: .approver)

    @Test func anApprovalIsRecordedWithTheReviewerAndAudited() throws {
        let f = try ReviewFixture()
        try ReviewDesk(store: f.store, via: "cli").approve(f.awaiting, by: dana, note: "looks right")
        #expect(try f.store.candidate(f.awaiting).state == .approved)
        let approval = try #require(try f.store.approvals(candidate: f.awaiting).last)
        #expect(approval.decision == .approved)
        #expect(approval.actor == "dana")
        #expect(approval.note == "looks right")
        #expect(approval.stale == false)
        let audit = try f.store.auditLog(subject: f.awaiting).last { $0.action == "approval.approve" }
        #expect(audit?.actor == "dana")
        #expect(audit?.details?["via"]?.stringValue == "cli")
    }

    @Test func aDecisionOnACandidateNotAwaitingIsRefusedWithItsState() throws {
        let f = try ReviewFixture()
        let desk = ReviewDesk(store: f.store, via: "cli")
        #expect(throws: ReviewError.notAwaiting(id: f.notAwaiting, state: "scored", detail: "no approval was ever requested for it")) {
            try desk.approve(f.notAwaiting, by: dana, note: nil)
        }
        try desk.reject(f.awaiting, by: dana, reason: "too costly")
        do {
            try desk.approve(f.awaiting, by: dana, note: nil)
            Issue.record("a second decision was accepted")
        } catch {
            guard case .notAwaiting(_, let state, let detail) = error else { Issue.record("unexpected \(error)"); return }
            #expect(state == "rejected")
            #expect(detail?.contains("rejected by dana") == true)
        }
        #expect(throws: ReviewError.notFound(id: "cand_nope")) { try desk.approve("cand_nope", by: dana, note: nil) }
    }

    @Test func aStaleCandidateNeedsAnExplicitStaleApproval() throws {
        let f = try ReviewFixture()
        let desk = ReviewDesk(store: f.store, via: "api")
        do {
            try desk.approve(f.stale, by: dana, note: nil)
            Issue.record("a stale candidate was approved without saying so")
        } catch {
            guard case .stale(let id, let base, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(id == f.stale)
            #expect(base == "0123456789abcdef0123456789abcdef")
        }
        #expect(try f.store.candidate(f.stale).state == .awaitingApproval)
        try desk.approve(f.stale, by: dana, note: "the change is independent of the launch", asStale: true)
        #expect(try f.store.approvals(candidate: f.stale).last?.stale == true)
        #expect(try f.store.auditLog(subject: f.stale).contains { $0.action == "approval.approve" && $0.details?["stale"]?.boolValue == true })
    }

    @Test func retrainingQueuesTheSameChangeOnCurrentProduction() throws {
        let f = try ReviewFixture()
        let fresh = try ReviewDesk(store: f.store, via: "cli").retrain(f.stale, by: dana)
        let old = try f.store.candidate(f.stale)
        let new = try f.store.candidate(fresh)
        #expect(old.state == .rejected)
        #expect(old.reason?.contains("superseded by \(fresh)") == true)
        #expect(new.state == .queued)
        #expect(new.delta == old.delta)
        #expect(new.baseFingerprint == (try f.store.currentProduction())?.fingerprint)
        #expect(new.config?["optimizer"]?["momentum"]?.doubleValue == 0.95)
    }

    @Test func aRejectionNeedsAReasonAndAViewerMayNotDecide() throws {
        let f = try ReviewFixture()
        let desk = ReviewDesk(store: f.store, via: "web")
        #expect(throws: ReviewError.invalid(field: "reason", message: "a rejection needs a reason")) { try desk.reject(f.awaiting, by: dana, reason: "  ") }
        let sam = Reviewer(name: "sam", role: .viewer)
        #expect(throws: ReviewError.forbidden(name: "sam", action: "approve, reject or re-train")) { try desk.approve(f.awaiting, by: sam, note: nil) }
        #expect(try f.store.candidate(f.awaiting).state == .awaitingApproval)
    }
}

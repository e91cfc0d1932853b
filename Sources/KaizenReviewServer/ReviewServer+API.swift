import Foundation
import Hummingbird
import KaizenCore
import KaizenReview
import KaizenStore

extension ReviewServer {
    /// The JSON API; the same data and actions as the pages. See the README and
    /// `GET /api/openapi.json`.
    func addAPIRoutes(_ api: RouterGroup<ReviewRequestContext>) {
        api.get("me") { _, context in
            Responses.json(.object(["name": .string(context.apiReviewer!.name), "role": .string(context.apiReviewer!.role.rawValue)]))
        }
        api.get("openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
        api.get("review") { _, _ in
            try self.api { () throws(StoreError) in
                let now = Date()
                return .array(try ReviewQueue.load(store: self.store).map { ReviewJSON.item($0, now: now) })
            }
        }
        api.get("candidates/:id") { _, context in
            let id = try context.parameters.require("id")
            do throws(ReviewError) {
                return Responses.json(ReviewJSON.review(try CandidateReview.load(store: self.store, id: id, guardrails: self.settings.guardrails)))
            } catch {
                return Responses.apiError(error)
            }
        }
        api.post("candidates/:id/approve") { request, context in
            try await self.decide(request, context) { desk, id, reviewer, body throws(ReviewError) in
                try desk.approve(id, by: reviewer, note: body["note"]?.stringValue, asStale: body["stale"]?.boolValue ?? false)
                return .ok
            }
        }
        api.post("candidates/:id/reject") { request, context in
            try await self.decide(request, context) { desk, id, reviewer, body throws(ReviewError) in
                try desk.reject(id, by: reviewer, reason: body["reason"]?.stringValue ?? "")
                return .ok
            }
        }
        api.post("candidates/:id/retrain") { request, context in
            try await self.decide(request, context) { desk, id, reviewer, _ throws(ReviewError) in
                .created(try desk.retrain(id, by: reviewer))
            }
        }
        api.get("production") { _, _ in
            try self.api { () throws(StoreError) in
                .object([
                    "current": try self.store.currentProduction().map(Self.productionJSON) ?? .null,
                    "history": .array(try self.store.productionHistory().map(Self.productionJSON)),
                ])
            }
        }
        api.get("experiments") { _, _ in
            try self.api { () throws(StoreError) in
                .array(try self.store.experiments().map { e throws(StoreError) in
                    .object([
                        "id": .string(e.id), "candidate": .string(e.candidateID), "status": .string(e.status.rawValue),
                        "north_star": .string(e.northStar), "traffic_fraction": .number(e.trafficFraction), "last_day": .number(Double(e.lastDay)),
                        "started_at": .string(e.startedAt.formatted(.iso8601)), "decision": e.decision ?? .null,
                        "days": .array(try self.store.experimentDays(e.id).map { d in
                            .object(["day": .number(Double(d.day)), "control": Self.numbers(d.control), "treatment": Self.numbers(d.treatment)])
                        }),
                    ])
                })
            }
        }
        api.get("audit") { request, _ in
            let subject = request.uri.queryParameters["subject"].map(String.init)
            let limit = request.uri.queryParameters["limit"].flatMap { Int($0) } ?? 500
            return try self.api { () throws(StoreError) in
                .array(try self.store.auditLog(subject: subject, limit: max(1, min(limit, 10_000))).map(ReviewJSON.audit))
            }
        }
    }

    enum DecisionResult { case ok, created(String) }

    /// Parses the JSON body (an object, or empty), runs a decision as the token's reviewer,
    /// and answers with the candidate's state, or the refusal.
    private func decide(
        _ request: Request, _ context: ReviewRequestContext,
        _ action: (ReviewDesk, String, Reviewer, JSONValue) throws(ReviewError) -> DecisionResult
    ) async throws -> Response {
        let id = try context.parameters.require("id")
        let reviewer = context.apiReviewer!
        var request = request
        let bytes = try await request.collectBody(upTo: 64 * 1024)
        let text = String(buffer: bytes)
        var body: JSONValue = .object([:])
        if !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            guard let parsed = try? JSONValue.parse(text), case .object = parsed else {
                return Responses.apiError(.badRequest, code: "invalid", message: "the body must be a JSON object")
            }
            body = parsed
        }
        do {
            let result = try action(ReviewDesk(store: store, via: "api"), id, reviewer, body)
            let state = (try? store.candidate(id).state.rawValue) ?? "unknown"
            switch result {
            case .ok:
                return Responses.json(.object(["candidate": .string(id), "state": .string(state), "by": .string(reviewer.name)]))
            case .created(let fresh):
                return Responses.json(.object(["candidate": .string(id), "state": .string(state), "by": .string(reviewer.name), "new_candidate": .string(fresh)]), status: .created)
            }
        } catch {
            return Responses.apiError(error)
        }
    }

    private func api(_ body: () throws(StoreError) -> JSONValue) throws -> Response {
        do {
            return Responses.json(try body())
        } catch {
            logger.error("review API read failed", metadata: ["error": "\(error)"])
            return Responses.apiError(.internalServerError, code: "store", message: error.description)
        }
    }

    static func productionJSON(_ p: ProductionRecord) -> JSONValue {
        .object([
            "id": .number(Double(p.id)), "fingerprint": .string(p.fingerprint), "action": .string(p.action.rawValue),
            "candidate": p.candidateID.map(JSONValue.string) ?? .null, "experiment": p.experimentID.map(JSONValue.string) ?? .null,
            "actor": .string(p.actor), "reason": p.reason.map(JSONValue.string) ?? .null, "at": .string(p.at.formatted(.iso8601)),
            "config": p.config,
        ])
    }

    static func numbers(_ values: [String: Double]) -> JSONValue {
        .object(values.mapValues { $0.isFinite ? .number($0) : .null })
    }
}

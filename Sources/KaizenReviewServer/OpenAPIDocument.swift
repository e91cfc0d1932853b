/// The API's OpenAPI 3.1 description, served at `/api/openapi.json`.
enum OpenAPIDocument {
    static let json = #"""
    {"openapi":"3.1.0","info":{"title":"Kaizen review API","version":"1"},
     "components":{"securitySchemes":{"bearer":{"type":"http","scheme":"bearer"}},
      "schemas":{"Error":{"type":"object","required":["error","message"],"properties":{"error":{"type":"string","enum":["unauthorized","forbidden","not_found","not_awaiting_approval","stale","invalid","store"]},"message":{"type":"string"}}},
       "Decision":{"type":"object","required":["candidate","state","by"],"properties":{"candidate":{"type":"string"},"state":{"type":"string"},"by":{"type":"string"},"new_candidate":{"type":"string"}}}}},
     "security":[{"bearer":[]}],
     "paths":{
      "/api/me":{"get":{"summary":"The reviewer behind the token","responses":{"200":{"description":"name and role"},"401":{"description":"no or unknown token"}}}},
      "/api/review":{"get":{"summary":"Candidates awaiting approval, oldest first","responses":{"200":{"description":"array of queue items: candidate, persona, hypothesis, delta, offline_gain, rules, facts, requested_at, age_seconds, stale"}}}},
      "/api/candidates/{id}":{"get":{"summary":"Everything a reviewer sees about a candidate","parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"string"}}],"responses":{"200":{"description":"hypothesis, rationale, diff, metrics with spread, curves, evidence, risks, similar, approval"},"404":{"description":"no such candidate"}}}},
      "/api/candidates/{id}/approve":{"post":{"summary":"Approve (approver role)","requestBody":{"content":{"application/json":{"schema":{"type":"object","properties":{"note":{"type":"string"},"stale":{"type":"boolean","description":"approve although production changed since it was proposed"}}}}}},"responses":{"200":{"description":"approved","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Decision"}}}},"403":{"description":"viewer token"},"404":{"description":"no such candidate"},"409":{"description":"not awaiting approval, or stale without stale: true","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Error"}}}}}}},
      "/api/candidates/{id}/reject":{"post":{"summary":"Reject (approver role)","requestBody":{"required":true,"content":{"application/json":{"schema":{"type":"object","required":["reason"],"properties":{"reason":{"type":"string"}}}}}},"responses":{"200":{"description":"rejected"},"400":{"description":"no reason"},"403":{"description":"viewer token"},"409":{"description":"not awaiting approval"}}}},
      "/api/candidates/{id}/retrain":{"post":{"summary":"Re-train a candidate on the current production config; the old one is rejected as superseded","responses":{"201":{"description":"new_candidate is queued"},"403":{"description":"viewer token"},"409":{"description":"not awaiting approval"}}}},
      "/api/production":{"get":{"summary":"Production config now and its history","responses":{"200":{"description":"current and history"}}}},
      "/api/experiments":{"get":{"summary":"Experiments with their daily metrics","responses":{"200":{"description":"array"}}}},
      "/api/audit":{"get":{"summary":"The append-only audit log, oldest first","parameters":[{"name":"subject","in":"query","schema":{"type":"string"}},{"name":"limit","in":"query","schema":{"type":"integer"}}],"responses":{"200":{"description":"array of entries: id, at, actor, action, subject, reason, details"}}}}}}
    """#
}

import GRDB
import KaizenCore

extension Store {
    /// Schema versions in order. Each later issue appends; none is ever edited once shipped.
    public static let schemaVersions = ["v1-journal", "v2-documents-fts", "v3-agent", "v4-online", "v5-review", "v6-trajectory-v1", "v7-retriever", "v8-code"]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-journal") { db in
            try db.execute(sql: """
                CREATE TABLE runs (
                    id TEXT PRIMARY KEY,
                    command TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'interrupted', 'failed')),
                    started_at REAL NOT NULL,
                    ended_at REAL,
                    settings_json TEXT NOT NULL DEFAULT '{}',
                    summary_json TEXT
                );
                CREATE TABLE candidates (
                    id TEXT PRIMARY KEY,
                    run_id TEXT REFERENCES runs(id),
                    persona TEXT NOT NULL CHECK (persona IN ('optimizer', 'architecture', 'reward')),
                    state TEXT NOT NULL,
                    proposer TEXT NOT NULL,
                    base_fingerprint TEXT,
                    delta_json TEXT,
                    config_json TEXT,
                    fingerprint TEXT,
                    hypothesis TEXT NOT NULL DEFAULT '',
                    rationale TEXT NOT NULL DEFAULT '',
                    raw_text TEXT,
                    reason TEXT,
                    near_id TEXT REFERENCES candidates(id),
                    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
                    created_at REAL NOT NULL,
                    updated_at REAL NOT NULL
                );
                CREATE INDEX candidates_by_fingerprint ON candidates(fingerprint);
                CREATE INDEX candidates_by_state ON candidates(state, persona);
                CREATE TABLE candidate_transitions (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    candidate_id TEXT NOT NULL REFERENCES candidates(id),
                    from_state TEXT,
                    to_state TEXT NOT NULL,
                    at REAL NOT NULL,
                    reason TEXT
                );
                CREATE INDEX transitions_by_candidate ON candidate_transitions(candidate_id, id);
                CREATE TABLE metrics (
                    id INTEGER PRIMARY KEY,
                    candidate_id TEXT NOT NULL REFERENCES candidates(id),
                    name TEXT NOT NULL,
                    value REAL NOT NULL,
                    step INTEGER,
                    source TEXT NOT NULL CHECK (source IN ('offline', 'online')),
                    recorded_at REAL NOT NULL
                );
                CREATE INDEX metrics_by_candidate ON metrics(candidate_id, name);
                CREATE TABLE llm_calls (
                    id INTEGER PRIMARY KEY,
                    run_id TEXT REFERENCES runs(id),
                    endpoint TEXT NOT NULL,
                    model TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    purpose TEXT,
                    attempt INTEGER NOT NULL,
                    status INTEGER,
                    error_class TEXT,
                    prompt_tokens INTEGER CHECK (prompt_tokens IS NULL OR prompt_tokens >= 0),
                    completion_tokens INTEGER CHECK (completion_tokens IS NULL OR completion_tokens >= 0),
                    latency_ms REAL NOT NULL,
                    started_at REAL NOT NULL
                );
                CREATE INDEX llm_calls_by_time ON llm_calls(started_at);
                CREATE TABLE audit_log (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at REAL NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    subject TEXT,
                    reason TEXT,
                    details_json TEXT
                );
                CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
                CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
                CREATE TABLE trajectories (
                    id TEXT PRIMARY KEY,
                    source TEXT NOT NULL,
                    created_at REAL NOT NULL
                );
                CREATE TABLE trajectory_events (
                    trajectory_id TEXT NOT NULL REFERENCES trajectories(id) ON DELETE CASCADE,
                    step INTEGER NOT NULL CHECK (step >= 0),
                    type TEXT NOT NULL,
                    fields_json TEXT NOT NULL,
                    PRIMARY KEY (trajectory_id, step)
                ) WITHOUT ROWID;
                CREATE TABLE documents (
                    id TEXT PRIMARY KEY,
                    title TEXT NOT NULL,
                    text TEXT NOT NULL,
                    source TEXT NOT NULL,
                    created_at REAL NOT NULL
                );
                """)
        }
        migrator.registerMigration("v2-documents-fts") { db in
            // BM25 first-stage search: an external-content FTS5 index kept in step by triggers.
            try db.execute(sql: """
                CREATE VIRTUAL TABLE documents_fts USING fts5(
                    title, text, content='documents', content_rowid='rowid', tokenize='porter unicode61'
                );
                CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
                    INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
                END;
                CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
                    INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
                END;
                CREATE TRIGGER documents_fts_update AFTER UPDATE ON documents BEGIN
                    INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
                    INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
                END;
                INSERT INTO documents_fts(documents_fts) VALUES ('rebuild');
                """)
        }
        migrator.registerMigration("v3-agent") { db in
            // The offline agent's episode that proposed a candidate, so its outcome joins it.
            try db.execute(sql: """
                ALTER TABLE candidates ADD COLUMN trajectory_id TEXT;
                CREATE INDEX candidates_by_persona_time ON candidates(persona, created_at);
                CREATE INDEX transitions_by_state_time ON candidate_transitions(to_state, at);
                """)
        }
        migrator.registerMigration("v4-online") { db in
            // Production history (launches and rollbacks append; the last row is production),
            // live experiments with every day they reported, and approval requests/decisions.
            try db.execute(sql: """
                CREATE TABLE production_configs (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    config_json TEXT NOT NULL,
                    fingerprint TEXT NOT NULL,
                    action TEXT NOT NULL CHECK (action IN ('initial', 'launch', 'rollback')),
                    candidate_id TEXT REFERENCES candidates(id),
                    experiment_id TEXT,
                    actor TEXT NOT NULL,
                    reason TEXT,
                    at REAL NOT NULL
                );
                CREATE TABLE experiments (
                    id TEXT PRIMARY KEY,
                    candidate_id TEXT NOT NULL REFERENCES candidates(id),
                    environment TEXT NOT NULL,
                    handle TEXT,
                    status TEXT NOT NULL CHECK (status IN ('starting', 'running', 'launched', 'not-launched', 'aborted')),
                    production_id INTEGER NOT NULL REFERENCES production_configs(id),
                    control_json TEXT NOT NULL,
                    treatment_json TEXT NOT NULL,
                    traffic_fraction REAL NOT NULL CHECK (traffic_fraction > 0 AND traffic_fraction <= 0.5),
                    seed INTEGER NOT NULL,
                    test TEXT NOT NULL CHECK (test IN ('sequential', 'welch')),
                    north_star TEXT NOT NULL,
                    last_day INTEGER NOT NULL DEFAULT -1,
                    state_json TEXT NOT NULL DEFAULT '{}',
                    last_error TEXT,
                    decision_json TEXT,
                    started_at REAL NOT NULL,
                    updated_at REAL NOT NULL,
                    ended_at REAL
                );
                CREATE UNIQUE INDEX experiments_one_per_candidate ON experiments(candidate_id);
                CREATE INDEX experiments_by_status ON experiments(status);
                CREATE TABLE experiment_days (
                    experiment_id TEXT NOT NULL REFERENCES experiments(id),
                    day INTEGER NOT NULL CHECK (day >= 0),
                    control_json TEXT NOT NULL,
                    treatment_json TEXT NOT NULL,
                    PRIMARY KEY (experiment_id, day)
                ) WITHOUT ROWID;
                CREATE TABLE experiment_cohorts (
                    experiment_id TEXT NOT NULL REFERENCES experiments(id),
                    cohort_day INTEGER NOT NULL CHECK (cohort_day >= 0),
                    control_json TEXT NOT NULL,
                    treatment_json TEXT NOT NULL,
                    PRIMARY KEY (experiment_id, cohort_day)
                ) WITHOUT ROWID;
                CREATE TABLE experiment_user_metrics (
                    experiment_id TEXT NOT NULL REFERENCES experiments(id),
                    metric TEXT NOT NULL,
                    control_json TEXT NOT NULL,
                    treatment_json TEXT NOT NULL,
                    PRIMARY KEY (experiment_id, metric)
                ) WITHOUT ROWID;
                CREATE TABLE approvals (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    candidate_id TEXT NOT NULL REFERENCES candidates(id),
                    rules_json TEXT NOT NULL,
                    facts_json TEXT NOT NULL,
                    requested_at REAL NOT NULL,
                    decision TEXT CHECK (decision IS NULL OR decision IN ('approved', 'rejected')),
                    actor TEXT,
                    note TEXT,
                    decided_at REAL
                );
                CREATE INDEX approvals_by_candidate ON approvals(candidate_id, id);
                """)
        }
        migrator.registerMigration("v5-review") { db in
            // Review tokens, hashed (SHA-256 hex): who may view and who may approve. The tokens
            // themselves are never stored. Replaced as a whole each time `kaizen serve` starts.
            try db.execute(sql: """
                CREATE TABLE review_tokens (
                    sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
                    name TEXT NOT NULL,
                    role TEXT NOT NULL CHECK (role IN ('viewer', 'approver')),
                    source TEXT NOT NULL,
                    added_at REAL NOT NULL
                );
                ALTER TABLE approvals ADD COLUMN stale INTEGER NOT NULL DEFAULT 0;
                """)
        }
        migrator.registerMigration("v6-trajectory-v1") { db in
            // Earlier agents logged `id` where kaizen.trajectory.v1 says `doc` (browse, search
            // results), outcomes without `success`, tasks and proposals without `text`; rewrite
            // them so every stored event exports as valid v1. (The agent's wording of the texts
            // is repeated here on purpose: a migration must not change when the agent does.)
            let rows = try Row.fetchAll(db, sql: "SELECT trajectory_id, step, type, fields_json FROM trajectory_events WHERE type IN ('browse', 'search', 'outcome', 'task', 'proposal')")
            for row in rows {
                guard case .object(var fields)? = try? JSONValue.parse(row["fields_json"] as String) else { continue }
                switch row["type"] as String {
                case "browse":
                    guard fields["doc"] == nil, let id = fields.removeValue(forKey: "id") else { continue }
                    fields["doc"] = id
                case "search":
                    guard let results = fields["results"]?.arrayValue, results.contains(where: { $0["doc"] == nil && $0["id"] != nil }) else { continue }
                    fields["results"] = .array(results.map { result in
                        guard case .object(var r) = result, r["doc"] == nil, let id = r.removeValue(forKey: "id") else { return result }
                        r["doc"] = id
                        return .object(r)
                    })
                case "outcome":
                    guard fields["success"] == nil else { continue }
                    fields["success"] = .bool(fields["offline"]?["state"]?.stringValue != "failed")
                case "task":
                    guard fields["text"] == nil else { continue }
                    let persona = fields["persona"]?.stringValue ?? "agent"
                    fields["text"] = .string("Propose \(fields["count"]?.intValue ?? 1) change(s) to the production config as the \(persona) persona.")
                default:
                    guard fields["text"] == nil else { continue }
                    let hypothesis = fields["hypothesis"]?.stringValue ?? ""
                    fields["text"] = .string([hypothesis, fields["delta"].flatMap { $0 == .null ? nil : $0.canonicalText } ?? ""].filter { !$0.isEmpty }.joined(separator: "\n"))
                }
                try db.execute(
                    sql: "UPDATE trajectory_events SET fields_json = ? WHERE trajectory_id = ? AND step = ?",
                    arguments: [JSONValue.object(fields).canonicalText, row["trajectory_id"] as String, row["step"] as Int])
            }
        }
        migrator.registerMigration("v7-retriever") { db in
            // Dense retrieval: document embeddings per encoder (Float32 little-endian blobs) and
            // trained retriever models (an adapter and a hybrid mixing weight), one active.
            try db.execute(sql: """
                CREATE TABLE document_embeddings (
                    encoder TEXT NOT NULL,
                    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                    text_fingerprint TEXT NOT NULL,
                    vector BLOB NOT NULL,
                    PRIMARY KEY (encoder, document_id)
                ) WITHOUT ROWID;
                CREATE TABLE retriever_models (
                    name TEXT PRIMARY KEY,
                    encoder TEXT NOT NULL,
                    adapter_json TEXT,
                    bm25_weight REAL NOT NULL CHECK (bm25_weight >= 0 AND bm25_weight <= 1),
                    report_json TEXT NOT NULL DEFAULT '{}',
                    active INTEGER NOT NULL DEFAULT 0,
                    created_at REAL NOT NULL
                );
                CREATE UNIQUE INDEX one_active_retriever ON retriever_models(active) WHERE active = 1;
                """)
        }
        migrator.registerMigration("v8-code") { db in
            // Architectures as code: a candidate may carry its model's source (its fingerprint,
            // already indexed, is then the code's whitespace-free SHA-256).
            try db.execute(sql: "ALTER TABLE candidates ADD COLUMN code TEXT")
        }
        return migrator
    }

    /// Migrates to the latest schema, or to `version` when given (tests of older versions).
    public func migrate(upTo version: String? = nil) throws(StoreError) {
        do {
            let applied = try writer.read { try Self.migrator.appliedIdentifiers($0) }
            if let unknown = applied.first(where: { !Self.schemaVersions.contains($0) }) {
                throw StoreError.newerSchema(path: path, found: unknown)
            }
            if let version {
                try Self.migrator.migrate(writer, upTo: version)
            } else {
                try Self.migrator.migrate(writer)
            }
        } catch {
            throw StoreError.wrap(error, path: path, operation: "migrate")
        }
    }

    /// The migrations applied to this database, oldest first.
    public func appliedSchemaVersions() throws(StoreError) -> [String] {
        let applied = try read("read schema version") { try Self.migrator.appliedIdentifiers($0) }
        return Self.schemaVersions.filter { applied.contains($0) }
    }
}

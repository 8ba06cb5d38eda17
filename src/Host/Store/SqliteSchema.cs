namespace Monitor.Host.Store;

/// <summary>
/// The SQLite schema: migrations applied in order, the index + 1 being the schema version (<c>PRAGMA user_version</c>).
/// <see cref="PostgresSchema"/> holds the same tables for PostgreSQL; a migration added here is added there too.
/// </summary>
internal static class SqliteSchema
{
    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE scans (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            as_of TEXT NOT NULL,
            catalog_version TEXT NOT NULL,
            site_id TEXT NOT NULL);
        CREATE TABLE evidence (
            sha256 TEXT NOT NULL,
            url TEXT NOT NULL,
            method TEXT NOT NULL,
            fetched_at TEXT NOT NULL,
            status INTEGER NOT NULL,
            headers TEXT NOT NULL,
            length INTEGER NOT NULL,
            PRIMARY KEY (sha256, url, fetched_at));
        CREATE INDEX evidence_url ON evidence (url);
        CREATE TABLE documents (
            doc_key TEXT PRIMARY KEY,
            source_id TEXT NOT NULL,
            url TEXT NOT NULL,
            title TEXT NOT NULL,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            current_version INTEGER NOT NULL);
        CREATE TABLE document_versions (
            doc_key TEXT NOT NULL,
            version INTEGER NOT NULL,
            text_sha256 TEXT NOT NULL,
            evidence_sha256 TEXT,
            seen_at TEXT NOT NULL,
            title TEXT NOT NULL,
            published_at TEXT,
            displayed_date TEXT,
            written_date TEXT,
            publisher TEXT,
            index_number TEXT,
            document_number TEXT,
            body TEXT NOT NULL,
            PRIMARY KEY (doc_key, version));
        CREATE TABLE source_states (
            source_id TEXT PRIMARY KEY,
            url TEXT NOT NULL,
            assessed INTEGER NOT NULL,
            reason TEXT,
            scan_id INTEGER NOT NULL,
            checked_at TEXT NOT NULL);
        CREATE TABLE findings (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            severity TEXT NOT NULL,
            item_id TEXT,
            area TEXT,
            source_id TEXT,
            department_id TEXT NOT NULL,
            document_url TEXT,
            target_url TEXT,
            period TEXT,
            due_date TEXT,
            message TEXT NOT NULL,
            evidence TEXT NOT NULL,
            rule_version TEXT NOT NULL,
            state TEXT NOT NULL,
            first_detected TEXT NOT NULL,
            last_detected TEXT NOT NULL,
            resolved_at TEXT,
            last_scan INTEGER NOT NULL);
        CREATE INDEX findings_state ON findings (state, department_id);
        """,
        // 2: what backfill needs to reconstruct a past day (RecordObservationsIn): every list entry with the
        // as-of times it was first and last listed, each scan's source states and homepage dates, link
        // checks, and the attachments of each document version.
        """
        CREATE TABLE list_entries (
            source_id TEXT NOT NULL,
            path TEXT NOT NULL,
            url TEXT NOT NULL,
            title TEXT NOT NULL,
            list_date TEXT,
            first_as_of TEXT NOT NULL,
            last_as_of TEXT NOT NULL,
            PRIMARY KEY (source_id, path));
        CREATE TABLE source_checks (
            scan_id INTEGER NOT NULL,
            source_id TEXT NOT NULL,
            as_of TEXT NOT NULL,
            assessed INTEGER NOT NULL,
            reason TEXT,
            newest_shown_date TEXT,
            PRIMARY KEY (scan_id, source_id));
        CREATE TABLE link_checks (
            source_id TEXT NOT NULL,
            page_url TEXT NOT NULL,
            target_url TEXT NOT NULL,
            status INTEGER,
            error TEXT,
            broken INTEGER NOT NULL,
            page_evidence TEXT,
            first_as_of TEXT NOT NULL,
            last_as_of TEXT NOT NULL,
            PRIMARY KEY (source_id, page_url, target_url));
        CREATE TABLE document_attachments (
            doc_key TEXT NOT NULL,
            version INTEGER NOT NULL,
            attachments TEXT NOT NULL,
            PRIMARY KEY (doc_key, version));
        """,
        // 3: the alert outbox (issue 6). A message is inserted before it is sent; alert_attempts is the
        // receipt/audit log with one row per attempt. Times are UTC ISO strings so they compare as text.
        """
        CREATE TABLE alert_outbox (
            id TEXT PRIMARY KEY,
            dedup_key TEXT NOT NULL,
            level TEXT NOT NULL,
            unit_id TEXT NOT NULL,
            recipient_name TEXT NOT NULL,
            channel TEXT NOT NULL,
            address TEXT NOT NULL,
            subject TEXT NOT NULL,
            text_body TEXT NOT NULL,
            html_body TEXT,
            subject_keys TEXT NOT NULL,
            planned_at TEXT NOT NULL,
            not_before TEXT NOT NULL,
            enqueued_at TEXT NOT NULL,
            state TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT NOT NULL,
            claim_token TEXT,
            claimed_at TEXT,
            lease_until TEXT,
            last_error TEXT,
            sent_at TEXT,
            provider_message_id TEXT);
        CREATE INDEX alert_outbox_due ON alert_outbox (state, next_attempt_at);
        CREATE TABLE alert_attempts (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            message_id TEXT NOT NULL REFERENCES alert_outbox (id),
            attempt INTEGER NOT NULL,
            at TEXT NOT NULL,
            channel TEXT NOT NULL,
            unit_id TEXT NOT NULL,
            recipient_name TEXT NOT NULL,
            address TEXT NOT NULL,
            result TEXT NOT NULL,
            provider_message_id TEXT,
            error TEXT);
        CREATE INDEX alert_attempts_at ON alert_attempts (at);
        """,
        """
        CREATE TABLE IF NOT EXISTS alert_silenced (
            subject_key TEXT NOT NULL,
            detail TEXT NOT NULL,
            unit_id TEXT NOT NULL,
            summary TEXT NOT NULL,
            first_at TEXT NOT NULL,
            PRIMARY KEY (subject_key, detail));
        """,
        // 5: the crawler service (issue 4). source_observations keeps each source's latest observation (JSON of the
        // rule engine's input) so `monitor serve` evaluates the whole site after crawling one source, also after a
        // restart; availability_probes keeps every homepage probe; documents learn when they disappeared.
        """
        CREATE TABLE source_observations (
            source_id TEXT PRIMARY KEY,
            scan_id INTEGER NOT NULL,
            observed_at TEXT NOT NULL,
            kind TEXT NOT NULL,
            observation TEXT NOT NULL);
        CREATE TABLE availability_probes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            source_id TEXT NOT NULL,
            at TEXT NOT NULL,
            day TEXT NOT NULL,
            ok INTEGER NOT NULL,
            status INTEGER,
            elapsed_ms INTEGER NOT NULL,
            error TEXT);
        CREATE INDEX availability_probes_at ON availability_probes (source_id, at);
        ALTER TABLE documents ADD COLUMN removed_at TEXT;
        ALTER TABLE documents ADD COLUMN removed_how TEXT;
        ALTER TABLE documents ADD COLUMN removed_evidence TEXT;
        """,
        // 6: the assessor API (issue 7). assessments holds the live assessment (replaced after every pass) and the frozen
        // assessment periods (written once, never updated; their rule files are archived beside them). api_keys keeps only
        // the SHA-256 of each key's secret; api_requests is the request log (who read what, when).
        """
        CREATE TABLE assessments (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            period_from TEXT,
            period_to TEXT,
            as_of TEXT NOT NULL,
            frozen_at TEXT,
            frozen_by TEXT,
            rule_version TEXT NOT NULL,
            catalog_version TEXT NOT NULL,
            rules_sha256 TEXT,
            rules_archive BLOB,
            last_scan_id INTEGER,
            document TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            updated_at TEXT NOT NULL);
        CREATE TABLE api_keys (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            secret_sha256 TEXT NOT NULL,
            scopes TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT,
            revoked_at TEXT,
            rate_limit INTEGER);
        CREATE TABLE api_requests (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            key_id TEXT,
            key_name TEXT,
            method TEXT NOT NULL,
            path TEXT NOT NULL,
            query TEXT,
            status INTEGER NOT NULL,
            outcome TEXT NOT NULL,
            elapsed_ms REAL NOT NULL,
            bytes INTEGER,
            remote TEXT);
        CREATE INDEX api_requests_at ON api_requests (at);
        CREATE INDEX api_requests_key ON api_requests (key_id, at);
        """,
    ];
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Data.Common;
using Monitor.Alerting;
using Monitor.Crawler;
using Monitor.RuleEngine.Evaluation;

namespace Monitor.Host.Store;

/// <summary>
/// The store: scans, evidence index, documents with every version seen, source states and findings with their
/// open/resolved lifecycle, the alert outbox, assessments and API keys. A SQLite file for one node (the default) or a
/// PostgreSQL database shared by several (<see cref="StoreLocation"/>); the SQL is one text for both and
/// <see cref="StoreDialect"/> holds what differs. One connection per store instance (not thread-safe); writes of a scan
/// happen in one transaction, so a crash leaves either the whole scan or none of it.
/// </summary>
internal sealed partial class MonitorStore : IDisposable
{
    private readonly DbConnection connection;
    private readonly StoreDialect dialect;

    private MonitorStore(DbConnection connection, StoreDialect dialect, StoreLocation location)
    {
        this.connection = connection;
        this.dialect = dialect;
        Location = location;
    }

    /// <summary>Where this store lives.</summary>
    public StoreLocation Location { get; }

    /// <summary>
    /// Whether the connection is still open: false once it broke (a PostgreSQL server restarted or dropped it), after which
    /// this instance is good for nothing but disposal (<see cref="Api.StorePool"/> then opens a new one).
    /// </summary>
    public bool IsOpen => connection.State == System.Data.ConnectionState.Open;

    /// <summary>
    /// The store's own connection, for <see cref="StoreMigration"/> only: it copies every table generically (column by
    /// column) between two stores, which the typed queries here do not cover. Nothing else should use it.
    /// </summary>
    internal DbConnection Connection => connection;

    /// <summary>What differs on this store's engine (for <see cref="StoreMigration"/>, with <see cref="Connection"/>).</summary>
    internal StoreDialect Dialect => dialect;

    /// <summary>Opens (creating and migrating as needed) the SQLite file at <paramref name="path"/>.</summary>
    public static MonitorStore Open(string path) => Open(StoreLocation.Sqlite(path));

    /// <summary>Opens (creating and migrating as needed) the store at <paramref name="location"/>.</summary>
    public static MonitorStore Open(StoreLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        var dialect = StoreDialect.For(location.Kind);
        var connection = dialect.Open(location);
        try
        {
            dialect.Migrate(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return new MonitorStore(connection, dialect, location);
    }

    /// <summary>The schema version this build migrates to (the same number for both stores).</summary>
    public static int LatestSchemaVersion => SqliteSchema.Migrations.Length;

    public int SchemaVersion => dialect.SchemaVersion(connection, null);

    /// <summary>
    /// Takes the named turn across every process sharing this store until disposed (PostgreSQL advisory lock; nothing on
    /// SQLite, which one process serves). Evaluate-and-record and alert planning take turns so that nodes see each other's results.
    /// </summary>
    public IDisposable Turn(string name) => dialect.Turn(connection, name);

    /// <summary>What the scan changed in the finding lifecycle.</summary>
    public sealed record ScanRecord(long ScanId, int NewFindings, int StillOpen, int Resolved, int NewDocuments, int NewVersions);

    /// <summary>
    /// Records one scan: evidence, documents and versions, source states and findings. Findings of
    /// sources that were assessed in this scan and are no longer reported are resolved; findings of
    /// sources that could not be assessed stay as they were (not assessed is not compliant either).
    /// </summary>
    private ScanRecord RecordScanIn(
        DbTransaction tx,
        string siteId,
        DateTimeOffset startedAt,
        DateTimeOffset finishedAt,
        IReadOnlyList<SourceCrawlResult> crawls,
        IReadOnlyList<SourceAssessment> assessments,
        IReadOnlyList<Finding> findings,
        string catalogVersion,
        DateTimeOffset asOf)
    {
        var scanId = Convert.ToInt64(Scalar(
            "INSERT INTO scans (started_at, finished_at, as_of, catalog_version, site_id) VALUES (@s, @f, @a, @v, @site) RETURNING id",
            tx,
            ("@s", Iso(startedAt)), ("@f", Iso(finishedAt)), ("@a", Iso(asOf)), ("@v", catalogVersion), ("@site", siteId)), CultureInfo.InvariantCulture);

        foreach (var crawl in crawls)
        {
            foreach (var fetch in crawl.ListPages)
            {
                SaveEvidence(fetch.Evidence, tx);
            }

            foreach (var doc in crawl.Documents)
            {
                SaveEvidence(doc.Fetch.Evidence, tx);
            }
        }

        var (newDocuments, newVersions) = SaveDocuments(crawls, finishedAt, tx);

        foreach (var source in assessments)
        {
            Execute("""
                INSERT INTO source_states (source_id, url, assessed, reason, scan_id, checked_at) VALUES (@id, @url, @a, @r, @scan, @t)
                ON CONFLICT (source_id) DO UPDATE SET url = @url, assessed = @a, reason = @r, scan_id = @scan, checked_at = @t
                """, tx, ("@id", source.SourceId), ("@url", source.Url), ("@a", source.Assessed ? 1 : 0), ("@r", source.Reason), ("@scan", scanId), ("@t", Iso(finishedAt)));
        }

        int created = 0, open = 0;
        foreach (var f in findings)
        {
            var existed = Scalar("SELECT state FROM findings WHERE id = @id", tx, ("@id", f.Id)) is string;
            Execute("""
                INSERT INTO findings (id, kind, severity, item_id, area, source_id, department_id, document_url, target_url, period, due_date,
                                      message, evidence, rule_version, state, first_detected, last_detected, resolved_at, last_scan)
                VALUES (@id, @kind, @sev, @item, @area, @src, @dept, @doc, @target, @period, @due, @msg, @ev, @rv, 'open', @t, @t, NULL, @scan)
                ON CONFLICT (id) DO UPDATE SET severity = @sev, message = @msg, evidence = @ev, rule_version = @rv, due_date = @due,
                    document_url = @doc, target_url = @target, state = 'open', last_detected = @t, resolved_at = NULL, last_scan = @scan
                """, tx,
                ("@id", f.Id), ("@kind", f.Kind.ToWire()), ("@sev", f.Severity.ToWire()), ("@item", f.ItemId), ("@area", f.Area),
                ("@src", f.SourceId), ("@dept", f.DepartmentId), ("@doc", f.DocumentUrl), ("@target", f.TargetUrl), ("@period", f.Period),
                ("@due", f.DueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("@msg", f.Message),
                ("@ev", JsonSerializer.Serialize(f.Evidence)), ("@rv", f.RuleVersion), ("@t", Iso(f.DetectedAt)), ("@scan", scanId));
            if (existed)
            {
                open++;
            }
            else
            {
                created++;
            }
        }

        var resolved = 0;
        foreach (var source in assessments.Where(a => a.Assessed))
        {
            resolved += Execute("""
                UPDATE findings SET state = 'resolved', resolved_at = @t
                WHERE state = 'open' AND source_id = @src AND last_scan <> @scan
                """, tx, ("@t", Iso(finishedAt)), ("@src", source.SourceId), ("@scan", scanId));
        }

        return new ScanRecord(scanId, created, open, resolved, newDocuments, newVersions);
    }

    private void SaveEvidence(EvidenceRecord? evidence, DbTransaction tx)
    {
        if (evidence is null)
        {
            return;
        }

        Execute("""
            INSERT INTO evidence (sha256, url, method, fetched_at, status, headers, length)
            VALUES (@sha, @url, @method, @t, @status, @headers, @len)
            ON CONFLICT DO NOTHING
            """, tx, ("@sha", evidence.Sha256), ("@url", evidence.Url), ("@method", evidence.Method), ("@t", Iso(evidence.FetchedAt)),
            ("@status", evidence.Status), ("@headers", JsonSerializer.Serialize(evidence.Headers.Select(h => new[] { h.Key, h.Value }))),
            ("@len", evidence.Length));
    }

    private (int NewDocuments, int NewVersions) SaveDocuments(IReadOnlyList<SourceCrawlResult> crawls, DateTimeOffset seenAt, DbTransaction tx)
    {
        int newDocuments = 0, newVersions = 0;
        foreach (var crawl in crawls)
        {
            foreach (var doc in crawl.Documents)
            {
                if (doc.Article is not { } article)
                {
                    continue;
                }

                var key = DocumentKey(crawl.SourceId, doc.Entry.Url);
                var textHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(article.BodyText)));
                var current = Scalar("SELECT current_version FROM documents WHERE doc_key = @k", tx, ("@k", key));
                long version;
                if (current is null)
                {
                    version = 1;
                    newDocuments++;
                    Execute("""
                        INSERT INTO documents (doc_key, source_id, url, title, first_seen, last_seen, current_version)
                        VALUES (@k, @src, @url, @title, @t, @t, 1)
                        """, tx, ("@k", key), ("@src", crawl.SourceId), ("@url", doc.Entry.Url.ToString()),
                        ("@title", article.Title ?? doc.Entry.Title), ("@t", Iso(seenAt)));
                }
                else
                {
                    version = Convert.ToInt64(current, CultureInfo.InvariantCulture);
                    var lastHash = Scalar("SELECT text_sha256 FROM document_versions WHERE doc_key = @k AND version = @v", tx, ("@k", key), ("@v", version)) as string;
                    Execute("UPDATE documents SET last_seen = @t, url = @url WHERE doc_key = @k", tx,
                        ("@t", Iso(seenAt)), ("@url", doc.Entry.Url.ToString()), ("@k", key));
                    if (lastHash == textHash)
                    {
                        continue;
                    }

                    version++;
                    Execute("UPDATE documents SET current_version = @v, title = @title WHERE doc_key = @k", tx,
                        ("@v", version), ("@title", article.Title ?? doc.Entry.Title), ("@k", key));
                }

                newVersions++;
                Execute("""
                    INSERT INTO document_versions (doc_key, version, text_sha256, evidence_sha256, seen_at, title, published_at, displayed_date,
                                                   written_date, publisher, index_number, document_number, body)
                    VALUES (@k, @v, @h, @e, @t, @title, @pub, @disp, @written, @publisher, @index, @number, @body)
                    """, tx, ("@k", key), ("@v", version), ("@h", textHash), ("@e", doc.Fetch.Evidence?.Sha256), ("@t", Iso(seenAt)),
                    ("@title", article.Title ?? doc.Entry.Title), ("@pub", article.PubDate is { } p ? Iso(p) : null),
                    ("@disp", article.DisplayedDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                    ("@written", article.WrittenDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                    ("@publisher", article.Publisher), ("@index", article.IndexNumber), ("@number", article.DocumentNumber), ("@body", article.BodyText));
            }
        }

        return (newDocuments, newVersions);
    }

    /// <summary>
    /// Records what backfill needs beyond <see cref="RecordScanIn"/> (migration 2): list entries, the scan's
    /// source states with the homepage's newest shown date, link checks and attachments. Times are the
    /// scan's as-of time, so "known on day D" means "seen by a scan made for a day up to D".
    /// </summary>
    private void RecordObservationsIn(DbTransaction tx, long scanId, DateTimeOffset asOf, IReadOnlyList<SourceCrawlResult> crawls)
    {
        var at = Iso(asOf);
        foreach (var crawl in crawls)
        {
            Execute("""
                INSERT INTO source_checks (scan_id, source_id, as_of, assessed, reason, newest_shown_date)
                VALUES (@scan, @src, @a, @ok, @r, @newest)
                ON CONFLICT (scan_id, source_id) DO UPDATE SET as_of = excluded.as_of, assessed = excluded.assessed, reason = excluded.reason,
                    newest_shown_date = excluded.newest_shown_date
                """, tx, ("@scan", scanId), ("@src", crawl.SourceId), ("@a", at), ("@ok", crawl.Succeeded ? 1 : 0), ("@r", crawl.FailureReason),
                ("@newest", crawl.NewestShownDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            foreach (var doc in crawl.Documents)
            {
                SaveListEntry(tx, crawl.SourceId, doc.Entry, at);
                if (doc.Article is { } article)
                {
                    var key = DocumentKey(crawl.SourceId, doc.Entry.Url);
                    Execute("""
                        INSERT INTO document_attachments (doc_key, version, attachments)
                        SELECT doc_key, current_version, @json FROM documents WHERE doc_key = @k
                        ON CONFLICT DO NOTHING
                        """, tx, ("@k", key), ("@json", JsonSerializer.Serialize(article.Attachments.Select(a => new[] { a.Text, a.Url.ToString() }))));
                }
            }

            // Entries still listed whose articles were not fetched again (incremental crawling) stay listed.
            foreach (var entry in crawl.ReusedEntries)
            {
                SaveListEntry(tx, crawl.SourceId, entry, at);
            }

            foreach (var link in crawl.Links)
            {
                Execute("""
                    INSERT INTO link_checks (source_id, page_url, target_url, status, error, broken, page_evidence, first_as_of, last_as_of)
                    VALUES (@src, @page, @target, @status, @error, @broken, @ev, @a, @a)
                    ON CONFLICT (source_id, page_url, target_url) DO UPDATE SET status = @status, error = @error, broken = @broken, page_evidence = @ev,
                        first_as_of = CASE WHEN link_checks.first_as_of < @a THEN link_checks.first_as_of ELSE @a END,
                        last_as_of = CASE WHEN link_checks.last_as_of > @a THEN link_checks.last_as_of ELSE @a END
                    """, tx, ("@src", crawl.SourceId), ("@page", link.PageUrl.ToString()), ("@target", link.TargetUrl.ToString()), ("@status", link.Status),
                    ("@error", link.Error), ("@broken", link.Broken ? 1 : 0), ("@ev", link.PageEvidenceSha256), ("@a", at));
            }
        }
    }

    /// <summary>A list entry seen at <paramref name="at"/>: its first and last as-of times widen to include it.</summary>
    private void SaveListEntry(DbTransaction tx, string sourceId, ListEntry entry, string at) => Execute("""
        INSERT INTO list_entries (source_id, path, url, title, list_date, first_as_of, last_as_of) VALUES (@src, @p, @url, @title, @d, @a, @a)
        ON CONFLICT (source_id, path) DO UPDATE SET url = @url, title = @title, list_date = @d,
            first_as_of = CASE WHEN list_entries.first_as_of < @a THEN list_entries.first_as_of ELSE @a END,
            last_as_of = CASE WHEN list_entries.last_as_of > @a THEN list_entries.last_as_of ELSE @a END
        """, tx, ("@src", sourceId), ("@p", entry.Url.PathAndQuery), ("@url", entry.Url.ToString()), ("@title", entry.Title),
        ("@d", entry.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("@a", at));

    /// <summary>A scan as backfill sees it: its as-of time and when it finished (wall clock).</summary>
    public sealed record StoredScan(long Id, DateTimeOffset AsOf, DateTimeOffset FinishedAt);

    /// <summary>A list entry with the as-of times of the first and last scans that listed it.</summary>
    public sealed record StoredListEntry(string SourceId, string Path, string Url, string Title, DateOnly? ListDate, DateTimeOffset FirstAsOf, DateTimeOffset LastAsOf);

    /// <summary>One source's state in one scan.</summary>
    public sealed record StoredSourceCheck(long ScanId, string SourceId, DateTimeOffset AsOf, bool Assessed, string? Reason, DateOnly? NewestShownDate);

    /// <summary>A link check with the as-of times of the first and last scans that made it.</summary>
    public sealed record StoredLinkCheck(string SourceId, string PageUrl, string TargetUrl, int? Status, string? Error, bool Broken, string? PageEvidence, DateTimeOffset FirstAsOf, DateTimeOffset LastAsOf);

    /// <summary>One stored version of a document (<paramref name="SeenAt"/> is the wall-clock time of the scan that saw it).</summary>
    public sealed record StoredVersion(
        string DocKey, string SourceId, long Version, DateTimeOffset SeenAt, string Title, DateTimeOffset? PublishedAt, DateOnly? DisplayedDate,
        DateOnly? WrittenDate, string? Publisher, string? IndexNumber, string? DocumentNumber, string Body, string? EvidenceSha256,
        IReadOnlyList<KeyValuePair<string, string>> Attachments);

    public IReadOnlyList<StoredScan> Scans() => Query(
        "SELECT id, as_of, COALESCE(finished_at, started_at) FROM scans ORDER BY id",
        r => new StoredScan(r.GetInt64(0), ParseTime(r.GetString(1)), ParseTime(r.GetString(2))));

    public IReadOnlyList<StoredListEntry> ListEntries() => Query(
        "SELECT source_id, path, url, title, list_date, first_as_of, last_as_of FROM list_entries ORDER BY source_id, path",
        r => new StoredListEntry(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), ParseDate(r, 4), ParseTime(r.GetString(5)), ParseTime(r.GetString(6))));

    public IReadOnlyList<StoredSourceCheck> SourceChecks() => Query(
        "SELECT scan_id, source_id, as_of, assessed, reason, newest_shown_date FROM source_checks ORDER BY scan_id, source_id",
        r => new StoredSourceCheck(r.GetInt64(0), r.GetString(1), ParseTime(r.GetString(2)), r.GetInt64(3) != 0, r.IsDBNull(4) ? null : r.GetString(4), ParseDate(r, 5)));

    public IReadOnlyList<StoredLinkCheck> LinkChecks() => Query(
        "SELECT source_id, page_url, target_url, status, error, broken, page_evidence, first_as_of, last_as_of FROM link_checks ORDER BY source_id, page_url, target_url",
        r => new StoredLinkCheck(r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetInt32(3), r.IsDBNull(4) ? null : r.GetString(4),
            r.GetInt64(5) != 0, r.IsDBNull(6) ? null : r.GetString(6), ParseTime(r.GetString(7)), ParseTime(r.GetString(8))));

    public IReadOnlyList<StoredVersion> DocumentVersions() => Query(
        """
        SELECT v.doc_key, d.source_id, v.version, v.seen_at, v.title, v.published_at, v.displayed_date, v.written_date, v.publisher,
               v.index_number, v.document_number, v.body, v.evidence_sha256, a.attachments
        FROM document_versions v JOIN documents d ON d.doc_key = v.doc_key
        LEFT JOIN document_attachments a ON a.doc_key = v.doc_key AND a.version = v.version
        ORDER BY v.doc_key, v.version
        """,
        r => new StoredVersion(
            r.GetString(0), r.GetString(1), r.GetInt64(2), ParseTime(r.GetString(3)), r.GetString(4), r.IsDBNull(5) ? null : ParseTime(r.GetString(5)),
            ParseDate(r, 6), ParseDate(r, 7), r.IsDBNull(8) ? null : r.GetString(8), r.IsDBNull(9) ? null : r.GetString(9),
            r.IsDBNull(10) ? null : r.GetString(10), r.GetString(11), r.IsDBNull(12) ? null : r.GetString(12),
            r.IsDBNull(13) ? [] : [.. JsonSerializer.Deserialize<string[][]>(r.GetString(13))!.Select(p => new KeyValuePair<string, string>(p[0], p[1]))]));

    private List<T> Query<T>(string sql, Func<DbDataReader, T> map)
    {
        using var command = Command(sql, null, []);
        using var reader = command.ExecuteReader();
        var list = new List<T>();
        while (reader.Read())
        {
            list.Add(map(reader));
        }

        return list;
    }

    private static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.None);

    private static DateOnly? ParseDate(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateOnly.ParseExact(reader.GetString(ordinal), "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Documents are keyed by source and URL path, so a portal moving port or scheme keeps its history.</summary>
    public static string DocumentKey(string sourceId, Uri url) => sourceId + "|" + url.PathAndQuery;

    public long Count(string table) => table switch
    {
        "scans" or "evidence" or "documents" or "document_versions" or "findings" or "source_states"
            => Convert.ToInt64(Scalar($"SELECT COUNT(*) FROM {table}"), CultureInfo.InvariantCulture),
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, "unknown table"),
    };

    /// <summary>Finding ids by state ("open" / "resolved").</summary>
    public IReadOnlyList<string> FindingIds(string state)
    {
        using var command = Command("SELECT id FROM findings WHERE state = @s ORDER BY id", null, [("@s", state)]);
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>A message taken for sending: <paramref name="Attempt"/> counts from 1; <paramref name="ClaimToken"/> identifies this claim.</summary>
    public sealed record ClaimedAlert(AlertMessage Message, int Attempt, string ClaimToken, DateTimeOffset LeaseUntil);

    /// <summary>One row of the outbox with its delivery state (pending, sending, sent, failed).</summary>
    public sealed record OutboxEntry(
        AlertMessage Message, string State, int Attempts, DateTimeOffset NextAttemptAt, DateTimeOffset? LeaseUntil, string? LastError,
        DateTimeOffset? SentAt, string? ProviderMessageId);

    /// <summary>
    /// One receipt of the audit log. <paramref name="Result"/>: sent, retry (failed, will be retried), failed (permanent) or
    /// unknown (the dispatcher stopped during the attempt and its lease expired: the outcome was never recorded).
    /// </summary>
    public sealed record AlertAttempt(
        long Seq, string MessageId, int Attempt, DateTimeOffset At, ChannelKind Channel, string UnitId, string RecipientName, string Address,
        string Result, string? ProviderMessageId, string? Error, string Subject);

    /// <summary>A finding as alerting needs it (open, or resolved with its resolution time).</summary>
    public sealed record StoredFinding(
        string Id, FindingKind Kind, Severity Severity, string? ItemId, string? SourceId, string DepartmentId, string? DocumentUrl, DateOnly? DueDate,
        string Message, DateTimeOffset FirstDetected, DateTimeOffset? ResolvedAt, bool SourceUnreachable = false);

    /// <summary>
    /// Open findings and resolved ones, oldest first, for mapping onto alert subjects; a finding whose source could not be
    /// assessed in its latest scan is marked unreachable (the policy inhibits item messages of such a source).
    /// </summary>
    public IReadOnlyList<StoredFinding> AlertableFindings()
    {
        var kinds = Enum.GetValues<FindingKind>().ToDictionary(k => k.ToWire(), StringComparer.Ordinal);
        var severities = Enum.GetValues<Severity>().ToDictionary(k => k.ToWire(), StringComparer.Ordinal);
        return Query(
            """
            SELECT f.id, f.kind, f.severity, f.item_id, f.source_id, f.department_id, f.document_url, f.due_date, f.message, f.first_detected,
                   f.resolved_at, COALESCE(s.assessed, 1)
            FROM findings f LEFT JOIN source_states s ON s.source_id = f.source_id
            ORDER BY f.first_detected, f.id
            """,
            r => new StoredFinding(
                r.GetString(0), kinds[r.GetString(1)], severities[r.GetString(2)], r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4),
                r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6), ParseDate(r, 7), r.GetString(8), ParseTime(r.GetString(9)),
                r.IsDBNull(10) ? null : ParseTime(r.GetString(10)), r.GetInt64(11) == 0));
    }

    /// <summary>
    /// Records a message in the outbox before anything is sent. Idempotent by <see cref="AlertMessage.Id"/>: a message planned
    /// again is left as it is (its state and attempts are kept). Returns true when the message was new.
    /// </summary>
    public bool EnqueueAlert(AlertMessage message, DateTimeOffset now) => Execute("""
        INSERT INTO alert_outbox (id, dedup_key, level, unit_id, recipient_name, channel, address, subject, text_body, html_body,
                                  subject_keys, planned_at, not_before, enqueued_at, state, attempts, next_attempt_at)
        VALUES (@id, @dedup, @level, @unit, @name, @channel, @address, @subject, @text, @html, @keys, @planned, @nb, @now, 'pending', 0, @nb)
        ON CONFLICT (id) DO NOTHING
        """, null,
        ("@id", message.Id), ("@dedup", message.DedupKey), ("@level", message.Level.ToString()), ("@unit", message.Recipient.UnitId),
        ("@name", message.Recipient.Name), ("@channel", message.Recipient.Channel.ToString()), ("@address", message.Recipient.Address),
        ("@subject", message.Subject), ("@text", message.TextBody), ("@html", message.HtmlBody), ("@keys", JsonSerializer.Serialize(message.SubjectKeys)),
        ("@planned", Utc(message.PlannedAt)), ("@nb", Utc(message.NotBefore)), ("@now", Utc(now))) == 1;

    /// <summary>
    /// Claims the next due message in one transaction: first every <c>sending</c> message whose lease has expired goes back to
    /// pending with an "unknown" receipt (the dispatcher that held it stopped mid-attempt), then the oldest pending message whose
    /// send time and next attempt time have come is marked <c>sending</c> with a lease. Null when nothing is due.
    /// On PostgreSQL both steps lock the rows they take and skip rows another node holds (<c>FOR UPDATE SKIP LOCKED</c>),
    /// and each step re-checks its condition in its UPDATE, so two nodes never claim one message nor write one receipt twice.
    /// </summary>
    public ClaimedAlert? ClaimNextAlert(DateTimeOffset now, TimeSpan lease)
    {
        using var tx = dialect.BeginWrite(connection);
        var at = Utc(now);
        var expired = Strings(tx, "SELECT id FROM alert_outbox WHERE state = 'sending' AND lease_until <= @now ORDER BY id" + dialect.ClaimRows, ("@now", at));
        foreach (var expiredId in expired)
        {
            // The receipt first (it reads the claim's attempt number), then the reset; the reset's condition makes a lost race a no-op.
            Execute("""
                INSERT INTO alert_attempts (message_id, attempt, at, channel, unit_id, recipient_name, address, result, provider_message_id, error)
                SELECT id, attempts, @now, channel, unit_id, recipient_name, address, 'unknown', NULL, '租约过期，发送结果未记录'
                FROM alert_outbox WHERE id = @id AND state = 'sending' AND lease_until <= @now
                """, tx, ("@now", at), ("@id", expiredId));
            Execute("""
                UPDATE alert_outbox SET state = 'pending', next_attempt_at = @now, claim_token = NULL, claimed_at = NULL, lease_until = NULL,
                    last_error = '租约过期，发送结果未记录'
                WHERE id = @id AND state = 'sending' AND lease_until <= @now
                """, tx, ("@now", at), ("@id", expiredId));
        }

        var id = Scalar("""
            SELECT id FROM alert_outbox WHERE state = 'pending' AND not_before <= @now AND next_attempt_at <= @now
            ORDER BY next_attempt_at, planned_at, id LIMIT 1
            """ + dialect.ClaimRows, tx, ("@now", at)) as string;
        if (id is null)
        {
            tx.Commit();
            return null;
        }

        var token = Guid.NewGuid().ToString("N");
        var leaseUntil = now + lease;
        var claimed = Execute("""
            UPDATE alert_outbox SET state = 'sending', attempts = attempts + 1, claim_token = @token, claimed_at = @now, lease_until = @lease
            WHERE id = @id AND state = 'pending'
            """, tx, ("@token", token), ("@now", at), ("@lease", Utc(leaseUntil)), ("@id", id));
        if (claimed != 1)
        {
            tx.Commit();
            return null;
        }

        var entry = OutboxQuery("WHERE id = @id", tx, ("@id", id)).Single();
        tx.Commit();
        return new ClaimedAlert(entry.Message, entry.Attempts, token, leaseUntil);
    }

    private List<string> Strings(DbTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, tx, parameters);
        using var reader = command.ExecuteReader();
        var list = new List<string>();
        while (reader.Read())
        {
            list.Add(reader.GetString(0));
        }

        return list;
    }

    /// <summary>
    /// Records the outcome of a claimed attempt: the receipt and the message's new state in ONE transaction, so a message the
    /// channel acknowledged is never left looking unsent once this returns. A success is recorded even when the claim was lost
    /// (the receipt is the truth); a failure under a lost claim only adds its receipt. <paramref name="retryAt"/>: when a
    /// retryable failure is tried again; null makes it permanent. Returns the message's state afterwards.
    /// </summary>
    public string RecordAlertOutcome(ClaimedAlert claim, DeliveryResult result, DateTimeOffset? retryAt)
    {
        using var tx = dialect.BeginWrite(connection);
        var message = claim.Message;
        var outcome = result.Succeeded ? "sent" : retryAt is null ? "failed" : "retry";
        Execute("""
            INSERT INTO alert_attempts (message_id, attempt, at, channel, unit_id, recipient_name, address, result, provider_message_id, error)
            VALUES (@id, @attempt, @at, @channel, @unit, @name, @address, @result, @provider, @error)
            """, tx, ("@id", message.Id), ("@attempt", claim.Attempt), ("@at", Utc(result.At)), ("@channel", message.Recipient.Channel.ToString()),
            ("@unit", message.Recipient.UnitId), ("@name", message.Recipient.Name), ("@address", message.Recipient.Address), ("@result", outcome),
            ("@provider", result.ProviderMessageId), ("@error", result.Error));
        if (result.Succeeded)
        {
            Execute("""
                UPDATE alert_outbox SET state = 'sent', sent_at = @at, provider_message_id = @provider, last_error = NULL,
                    claim_token = NULL, lease_until = NULL
                WHERE id = @id
                """, tx, ("@at", Utc(result.At)), ("@provider", result.ProviderMessageId), ("@id", message.Id));
        }
        else
        {
            Execute("""
                UPDATE alert_outbox SET state = @state, next_attempt_at = COALESCE(@next, next_attempt_at), last_error = @error,
                    claim_token = NULL, lease_until = NULL
                WHERE id = @id AND claim_token = @token AND state = 'sending'
                """, tx, ("@state", retryAt is null ? "failed" : "pending"), ("@next", retryAt is { } r ? Utc(r) : null), ("@error", result.Error),
                ("@id", message.Id), ("@token", claim.ClaimToken));
        }

        var state = (string)Scalar("SELECT state FROM alert_outbox WHERE id = @id", tx, ("@id", message.Id))!;
        tx.Commit();
        return state;
    }

    /// <summary>Every message of the outbox, oldest planned first.</summary>
    public IReadOnlyList<OutboxEntry> OutboxEntries() => OutboxQuery("ORDER BY planned_at, id", null);

    /// <summary>The audit log: every attempt since <paramref name="since"/> (all when null), in the order they were made.</summary>
    public IReadOnlyList<AlertAttempt> AlertAttempts(DateTimeOffset? since = null)
    {
        using var command = Command("""
            SELECT a.seq, a.message_id, a.attempt, a.at, a.channel, a.unit_id, a.recipient_name, a.address, a.result, a.provider_message_id, a.error, o.subject
            FROM alert_attempts a JOIN alert_outbox o ON o.id = a.message_id
            WHERE CAST(@since AS TEXT) IS NULL OR a.at >= @since ORDER BY a.seq
            """, null, [("@since", since is { } s ? Utc(s) : null)]);
        using var reader = command.ExecuteReader();
        var list = new List<AlertAttempt>();
        while (reader.Read())
        {
            list.Add(new AlertAttempt(
                reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), ParseTime(reader.GetString(3)), Enum.Parse<ChannelKind>(reader.GetString(4)),
                reader.GetString(5), reader.GetString(6), reader.GetString(7), reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetString(10), reader.GetString(11)));
        }

        return list;
    }

    /// <summary>What was sent: the policy's memory for deduplication, escalation and budgets.</summary>
    public IReadOnlyList<SentRecord> SentAlerts() => [.. OutboxEntries()
        .Where(e => e.State == "sent")
        .Select(e => new SentRecord(e.Message.Id, e.Message.DedupKey, e.Message.Level, e.Message.Recipient, e.Message.SubjectKeys, e.SentAt!.Value))];

    /// <summary>
    /// Every message in the outbox, sent or still waiting (a waiting one counts as sent at its planned time), so the policy
    /// never plans a message twice.
    /// </summary>
    public IReadOnlyList<SentRecord> RecordedAlerts() => [.. OutboxEntries()
        .Select(e => new SentRecord(e.Message.Id, e.Message.DedupKey, e.Message.Level, e.Message.Recipient, e.Message.SubjectKeys, e.SentAt ?? e.Message.PlannedAt))];

    private List<OutboxEntry> OutboxQuery(string where, DbTransaction? tx, params (string Name, object? Value)[] parameters)
    {
        using var command = Command($"""
            SELECT id, dedup_key, level, unit_id, recipient_name, channel, address, subject, text_body, html_body, subject_keys, planned_at, not_before,
                   state, attempts, next_attempt_at, lease_until, last_error, sent_at, provider_message_id
            FROM alert_outbox {where}
            """, tx, parameters);
        using var reader = command.ExecuteReader();
        var list = new List<OutboxEntry>();
        while (reader.Read())
        {
            var message = new AlertMessage(
                reader.GetString(0), reader.GetString(1), Enum.Parse<AlertLevel>(reader.GetString(2)),
                new Recipient(reader.GetString(3), reader.GetString(4), Enum.Parse<ChannelKind>(reader.GetString(5)), reader.GetString(6)),
                reader.GetString(7), reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetString(9),
                JsonSerializer.Deserialize<string[]>(reader.GetString(10))!, ParseTime(reader.GetString(11)), ParseTime(reader.GetString(12)));
            list.Add(new OutboxEntry(
                message, reader.GetString(13), reader.GetInt32(14), ParseTime(reader.GetString(15)), reader.IsDBNull(16) ? null : ParseTime(reader.GetString(16)),
                reader.IsDBNull(17) ? null : reader.GetString(17), reader.IsDBNull(18) ? null : ParseTime(reader.GetString(18)),
                reader.IsDBNull(19) ? null : reader.GetString(19)));
        }

        return list;
    }

    /// <summary>Outbox times are stored in UTC so that text comparison in SQL is time comparison.</summary>
    private static string Utc(DateTimeOffset t) => Iso(t.ToUniversalTime());

    public void Dispose() => connection.Dispose();

    private static string Iso(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    private object? Scalar(string sql, DbTransaction? tx = null, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, tx, parameters);
        return command.ExecuteScalar();
    }

    private int Execute(string sql, DbTransaction? tx = null, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, tx, parameters);
        return command.ExecuteNonQuery();
    }

    private DbCommand Command(string sql, DbTransaction? tx, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        foreach (var (name, value) in parameters)
        {
            AddParameter(command, name, value);
        }

        return command;
    }

    private void AddParameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = dialect.Value(value);
        command.Parameters.Add(parameter);
    }
}

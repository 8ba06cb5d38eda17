using System.Text.Json;
using System.Data.Common;

namespace Monitor.Host.Store;

/// <summary>
/// Read-only queries of the assessor API: findings with their lifecycle, documents with every version, evidence captures,
/// source states and the alert audit log. Times are returned as stored (ISO 8601 text), so answers are byte-stable.
/// </summary>
internal sealed partial class MonitorStore
{
    /// <summary>A finding row with its lifecycle (state open or resolved).</summary>
    public sealed record ApiFindingRow(
        string Id, string Kind, string Severity, string? ItemId, string? Area, string? SourceId, string DepartmentId, string? DocumentUrl,
        string? TargetUrl, string? Period, string? DueDate, string Message, IReadOnlyList<string> Evidence, string RuleVersion, string State,
        string FirstDetected, string LastDetected, string? ResolvedAt);

    /// <summary>A document as tracked: where, when first and last seen, its current version and when it disappeared.</summary>
    public sealed record ApiDocumentRow(
        string DocKey, string SourceId, string Url, string Title, string FirstSeen, string LastSeen, long CurrentVersion, string? RemovedAt, string? RemovedHow);

    /// <summary>One stored version of a document; <paramref name="Body"/> only when asked for.</summary>
    public sealed record ApiVersionRow(
        string DocKey, long Version, string Title, string? PublishedAt, string? DisplayedDate, string? WrittenDate, string? Publisher,
        string? IndexNumber, string? DocumentNumber, string TextSha256, string? EvidenceSha256, string SeenAt, string? Body);

    /// <summary>One capture of an evidence object: where and when it was fetched, with the response headers.</summary>
    public sealed record ApiCaptureRow(string Url, string Method, string FetchedAt, int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, long Length);

    /// <summary>A source's state after its latest scan.</summary>
    public sealed record ApiSourceStateRow(string SourceId, bool Assessed, string? Reason, long ScanId, string CheckedAt);

    /// <summary>What <see cref="ApiDeliveries"/> keeps; null fields do not filter. Times compare as UTC.</summary>
    public sealed record ApiDeliveryFilter(DateTimeOffset? Since, DateTimeOffset? Until, string? Unit, string? Channel, string? Result);

    /// <summary>One delivery attempt with its message (the alert audit log).</summary>
    public sealed record ApiDeliveryRow(
        long Seq, string MessageId, string DedupKey, string Level, string UnitId, string RecipientName, string Channel, string Address,
        string Subject, int Attempt, string Result, string? ProviderMessageId, string? Error, string At);

    /// <summary>Every finding of the store (open and resolved), ordered by id.</summary>
    public IReadOnlyList<ApiFindingRow> ApiFindings() => ApiFindingQuery("ORDER BY id", []);

    /// <summary>The finding <paramref name="id"/> in any state, or null.</summary>
    public ApiFindingRow? ApiFinding(string id) => ApiFindingQuery("WHERE id = @id", [("@id", id)]).FirstOrDefault();

    private List<ApiFindingRow> ApiFindingQuery(string tail, (string Name, object? Value)[] parameters)
    {
        using var command = Command($"""
            SELECT id, kind, severity, item_id, area, source_id, department_id, document_url, target_url, period, due_date, message, evidence,
                   rule_version, state, first_detected, last_detected, resolved_at
            FROM findings {tail}
            """, null, parameters);
        using var r = command.ExecuteReader();
        var list = new List<ApiFindingRow>();
        while (r.Read())
        {
            list.Add(new ApiFindingRow(
                r.GetString(0), r.GetString(1), r.GetString(2), ApiText(r, 3), ApiText(r, 4), ApiText(r, 5), r.GetString(6), ApiText(r, 7), ApiText(r, 8), ApiText(r, 9),
                ApiText(r, 10), r.GetString(11), JsonSerializer.Deserialize<string[]>(r.GetString(12)) ?? [], r.GetString(13), r.GetString(14),
                r.GetString(15), r.GetString(16), ApiText(r, 17)));
        }

        return list;
    }

    /// <summary>How many documents <paramref name="sourceId"/> has (all sources when null).</summary>
    public int ApiDocumentCount(string? sourceId) => Convert.ToInt32(
        Scalar("SELECT COUNT(*) FROM documents WHERE CAST(@src AS TEXT) IS NULL OR source_id = @src", null, ("@src", sourceId)), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A page of documents ordered by their key (source id, then path; byte order), optionally of one source.</summary>
    public IReadOnlyList<ApiDocumentRow> ApiDocuments(string? sourceId, int offset, int limit) => ApiDocumentQuery(
        "WHERE CAST(@src AS TEXT) IS NULL OR source_id = @src ORDER BY doc_key LIMIT @limit OFFSET @offset",
        [("@src", sourceId), ("@limit", limit), ("@offset", offset)]);

    /// <summary>The document with key <paramref name="docKey"/>, or null.</summary>
    public ApiDocumentRow? ApiDocument(string docKey) => ApiDocumentQuery("WHERE doc_key = @k", [("@k", docKey)]).FirstOrDefault();

    private List<ApiDocumentRow> ApiDocumentQuery(string tail, (string Name, object? Value)[] parameters)
    {
        using var command = Command($"""
            SELECT doc_key, source_id, url, title, first_seen, last_seen, current_version, removed_at, removed_how FROM documents {tail}
            """, null, parameters);
        using var r = command.ExecuteReader();
        var list = new List<ApiDocumentRow>();
        while (r.Read())
        {
            list.Add(new ApiDocumentRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetInt64(6), ApiText(r, 7), ApiText(r, 8)));
        }

        return list;
    }

    /// <summary>Every version of the documents <paramref name="docKeys"/>, by key then version; bodies only when <paramref name="withBody"/>.</summary>
    public IReadOnlyList<ApiVersionRow> ApiDocumentVersions(IReadOnlyCollection<string> docKeys, bool withBody)
    {
        if (docKeys.Count == 0)
        {
            return [];
        }

        var names = docKeys.Select((_, i) => "@k" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        using var command = Command($"""
            SELECT doc_key, version, title, published_at, displayed_date, written_date, publisher, index_number, document_number, text_sha256,
                   evidence_sha256, seen_at, {(withBody ? "body" : "NULL")}
            FROM document_versions WHERE doc_key IN ({string.Join(", ", names)}) ORDER BY doc_key, version
            """, null, [.. docKeys.Select((k, i) => (names[i], (object?)k))]);
        using var r = command.ExecuteReader();
        var list = new List<ApiVersionRow>();
        while (r.Read())
        {
            list.Add(new ApiVersionRow(
                r.GetString(0), r.GetInt64(1), r.GetString(2), ApiText(r, 3), ApiText(r, 4), ApiText(r, 5), ApiText(r, 6), ApiText(r, 7), ApiText(r, 8), r.GetString(9),
                ApiText(r, 10), r.GetString(11), ApiText(r, 12)));
        }

        return list;
    }

    /// <summary>Every capture of the object <paramref name="sha256"/> (lower hex), earliest first; empty when none is recorded.</summary>
    public IReadOnlyList<ApiCaptureRow> ApiEvidenceCaptures(string sha256)
    {
        using var command = Command("""
            SELECT url, method, fetched_at, status, headers, length FROM evidence WHERE sha256 = @sha ORDER BY fetched_at, url
            """, null, [("@sha", sha256)]);
        using var r = command.ExecuteReader();
        var list = new List<ApiCaptureRow>();
        while (r.Read())
        {
            var headers = (JsonSerializer.Deserialize<string[][]>(r.GetString(4)) ?? [])
                .Where(h => h.Length == 2).Select(h => new KeyValuePair<string, string>(h[0], h[1])).ToList();
            list.Add(new ApiCaptureRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt32(3), headers, r.GetInt64(5)));
        }

        return list;
    }

    /// <summary>Each source's state after its latest scan, by source id.</summary>
    public IReadOnlyDictionary<string, ApiSourceStateRow> ApiSourceStates()
    {
        using var command = Command("SELECT source_id, assessed, reason, scan_id, checked_at FROM source_states", null, []);
        using var r = command.ExecuteReader();
        var states = new Dictionary<string, ApiSourceStateRow>(StringComparer.Ordinal);
        while (r.Read())
        {
            states[r.GetString(0)] = new ApiSourceStateRow(r.GetString(0), r.GetInt64(1) != 0, ApiText(r, 2), r.GetInt64(3), r.GetString(4));
        }

        return states;
    }

    /// <summary>How many attempts match <paramref name="filter"/>.</summary>
    public int ApiDeliveryCount(ApiDeliveryFilter filter)
    {
        using var command = Command("SELECT COUNT(*) FROM alert_attempts a JOIN alert_outbox o ON o.id = a.message_id " + DeliveryWhere, null, DeliveryParameters(filter));
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A page of the attempts matching <paramref name="filter"/>, in the order they were made (time, then sequence).</summary>
    public IReadOnlyList<ApiDeliveryRow> ApiDeliveries(ApiDeliveryFilter filter, int offset, int limit)
    {
        using var command = Command($"""
            SELECT a.seq, a.message_id, o.dedup_key, o.level, a.unit_id, a.recipient_name, a.channel, a.address, o.subject, a.attempt, a.result,
                   a.provider_message_id, a.error, a.at
            FROM alert_attempts a JOIN alert_outbox o ON o.id = a.message_id {DeliveryWhere}
            ORDER BY a.at, a.seq LIMIT @limit OFFSET @offset
            """, null, [.. DeliveryParameters(filter), ("@limit", limit), ("@offset", offset)]);
        using var r = command.ExecuteReader();
        var list = new List<ApiDeliveryRow>();
        while (r.Read())
        {
            list.Add(new ApiDeliveryRow(
                r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7), r.GetString(8),
                r.GetInt32(9), r.GetString(10), ApiText(r, 11), ApiText(r, 12), r.GetString(13)));
        }

        return list;
    }

    private const string DeliveryWhere = """
        WHERE (CAST(@since AS TEXT) IS NULL OR a.at >= @since) AND (CAST(@until AS TEXT) IS NULL OR a.at < @until) AND (CAST(@unit AS TEXT) IS NULL OR a.unit_id = @unit)
          AND (CAST(@channel AS TEXT) IS NULL OR a.channel = @channel) AND (CAST(@result AS TEXT) IS NULL OR a.result = @result)
        """;

    private static (string Name, object? Value)[] DeliveryParameters(ApiDeliveryFilter f) =>
    [
        ("@since", f.Since is { } s ? Utc(s) : null), ("@until", f.Until is { } u ? Utc(u) : null), ("@unit", f.Unit), ("@channel", f.Channel), ("@result", f.Result),
    ];

    private static string? ApiText(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);
}

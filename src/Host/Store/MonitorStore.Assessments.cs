using System.Security.Cryptography;
using System.Text;
using Monitor.Host.Assessments;

namespace Monitor.Host.Store;

/// <summary>
/// Assessments (migration 6): the live one, replaced after every pass, and the frozen periods, inserted once and never
/// updated. The document is stored as the canonical JSON text it is served from, with its SHA-256.
/// </summary>
internal sealed partial class MonitorStore
{
    /// <summary>A stored assessment's row without its document.</summary>
    public sealed record StoredAssessment(
        string Id,
        string Kind,
        string? From,
        string? To,
        string AsOf,
        string? FrozenAt,
        string? FrozenBy,
        string RuleVersion,
        string CatalogVersion,
        string? RulesSha256,
        long? LastScanId,
        string Sha256);

    /// <summary>The document text of an assessment and its SHA-256 (hex).</summary>
    public sealed record AssessmentText(string Json, string Sha256);

    /// <summary>Replaces the live assessment.</summary>
    public void SaveLiveAssessment(Assessment assessment, DateTimeOffset now)
    {
        if (assessment.Id != Assessment.LiveId || assessment.Kind != Assessment.LiveKind)
        {
            throw new ArgumentException("Only the live assessment is replaced; a period is frozen once.", nameof(assessment));
        }

        var json = assessment.ToJson();
        Execute("""
            INSERT INTO assessments (id, kind, as_of, rule_version, catalog_version, last_scan_id, document, sha256, updated_at)
            VALUES (@id, @kind, @asOf, @rv, @cv, @scan, @doc, @sha, @now)
            ON CONFLICT (id) DO UPDATE SET as_of = excluded.as_of, rule_version = excluded.rule_version, catalog_version = excluded.catalog_version,
                last_scan_id = excluded.last_scan_id, document = excluded.document, sha256 = excluded.sha256, updated_at = excluded.updated_at
            """, null, ("@id", assessment.Id), ("@kind", assessment.Kind), ("@asOf", assessment.AsOf), ("@rv", assessment.RuleVersion),
            ("@cv", assessment.CatalogVersion), ("@scan", assessment.LastScanId), ("@doc", json), ("@sha", Sha256Hex(json)), ("@now", Utc(now)));
    }

    /// <summary>
    /// Stores a frozen period with the archive of the rule files it was scored with. Returns false (and changes nothing)
    /// when a period with that id exists: a frozen period never changes.
    /// </summary>
    public bool FreezeAssessment(Assessment period, byte[] rulesArchive, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rulesArchive);
        if (!period.IsFrozen || period.Id == Assessment.LiveId)
        {
            throw new ArgumentException("Only a frozen period can be frozen.", nameof(period));
        }

        var json = period.ToJson();
        return Execute("""
            INSERT INTO assessments (id, kind, period_from, period_to, as_of, frozen_at, frozen_by, rule_version, catalog_version, rules_sha256,
                rules_archive, last_scan_id, document, sha256, updated_at)
            VALUES (@id, @kind, @from, @to, @asOf, @frozenAt, @frozenBy, @rv, @cv, @rsha, @archive, @scan, @doc, @sha, @now)
            ON CONFLICT (id) DO NOTHING
            """, null, ("@id", period.Id), ("@kind", period.Kind), ("@from", period.From), ("@to", period.To), ("@asOf", period.AsOf),
            ("@frozenAt", period.FrozenAt), ("@frozenBy", period.FrozenBy), ("@rv", period.RuleVersion), ("@cv", period.CatalogVersion),
            ("@rsha", period.RulesSha256), ("@archive", rulesArchive), ("@scan", period.LastScanId), ("@doc", json), ("@sha", Sha256Hex(json)),
            ("@now", Utc(now))) == 1;
    }

    /// <summary>Every stored assessment (live first, then periods by their first day, newest first), without documents.</summary>
    public IReadOnlyList<StoredAssessment> Assessments()
    {
        using var command = Command("""
            SELECT id, kind, period_from, period_to, as_of, frozen_at, frozen_by, rule_version, catalog_version, rules_sha256, last_scan_id, sha256
            FROM assessments ORDER BY kind = 'live' DESC, period_from DESC, id
            """, null, []);
        using var r = command.ExecuteReader();
        var list = new List<StoredAssessment>();
        while (r.Read())
        {
            string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
            list.Add(new StoredAssessment(r.GetString(0), r.GetString(1), Text(2), Text(3), r.GetString(4), Text(5), Text(6), r.GetString(7),
                r.GetString(8), Text(9), r.IsDBNull(10) ? null : r.GetInt64(10), r.GetString(11)));
        }

        return list;
    }

    /// <summary>The stored JSON of an assessment and its SHA-256, or null when there is none with that id.</summary>
    public AssessmentText? AssessmentJson(string id)
    {
        using var command = Command("SELECT document, sha256 FROM assessments WHERE id = @id", null, [("@id", id)]);
        using var r = command.ExecuteReader();
        return r.Read() ? new AssessmentText(r.GetString(0), r.GetString(1)) : null;
    }

    /// <summary>Only the SHA-256 of an assessment's document (cheap: readers cache the parsed document by it).</summary>
    public string? AssessmentSha256(string id) =>
        Scalar("SELECT sha256 FROM assessments WHERE id = @id", null, ("@id", id)) as string;

    /// <summary>An assessment, parsed; null when there is none with that id.</summary>
    public Assessment? LoadAssessment(string id) => AssessmentJson(id) is { } text ? Assessment.FromJson(text.Json) : null;

    /// <summary>The archive of the rule files a frozen period was scored with; null for live or an unknown id.</summary>
    public byte[]? RulesArchive(string id) =>
        Scalar("SELECT rules_archive FROM assessments WHERE id = @id", null, ("@id", id)) as byte[];

    internal static string Sha256Hex(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

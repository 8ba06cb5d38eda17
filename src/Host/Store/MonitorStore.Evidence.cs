using System.Text.Json;

namespace Monitor.Host.Store;

/// <summary>Evidence lookups for <c>monitor evidence export</c>.</summary>
internal sealed partial class MonitorStore
{
    /// <summary>
    /// A finding with the SHA-256s of its evidence: <paramref name="Evidence"/> as the finding recorded it, and
    /// <paramref name="Related"/> the captures of its document (every stored version's page) and of the list page a
    /// broken link was found on, when the store has them (not repeating <paramref name="Evidence"/>).
    /// </summary>
    public sealed record FindingEvidence(
        string Id, string Kind, string Message, string? DocumentUrl, string? TargetUrl,
        IReadOnlyList<string> Evidence, IReadOnlyList<string> Related)
    {
        /// <summary>Every SHA-256, the finding's own first.</summary>
        public IReadOnlyList<string> All => [.. Evidence.Concat(Related).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The finding <paramref name="findingId"/> and its evidence, or null when the store has no such finding.</summary>
    public FindingEvidence? EvidenceOfFinding(string findingId)
    {
        string kind, message, evidenceJson;
        string? sourceId, documentUrl, targetUrl;
        using (var command = Command("SELECT kind, message, evidence, source_id, document_url, target_url FROM findings WHERE id = @id", null, [("@id", findingId)]))
        using (var reader = command.ExecuteReader())
        {
            if (!reader.Read())
                return null;
            (kind, message, evidenceJson) = (reader.GetString(0), reader.GetString(1), reader.GetString(2));
            sourceId = reader.IsDBNull(3) ? null : reader.GetString(3);
            documentUrl = reader.IsDBNull(4) ? null : reader.GetString(4);
            targetUrl = reader.IsDBNull(5) ? null : reader.GetString(5);
        }

        var evidence = Normalised(JsonSerializer.Deserialize<string[]>(evidenceJson) ?? []);
        var related = new List<string>();
        if (documentUrl is not null)
        {
            // Documents are keyed by source and path (a portal moving port keeps its history), so match either.
            var key = sourceId is not null && Uri.TryCreate(documentUrl, UriKind.Absolute, out var uri) ? DocumentKey(sourceId, uri) : null;
            related.AddRange(Strings("""
                SELECT v.evidence_sha256 FROM document_versions v JOIN documents d ON d.doc_key = v.doc_key
                WHERE (d.url = @url OR d.doc_key = @key) AND v.evidence_sha256 IS NOT NULL
                ORDER BY v.version
                """, ("@url", documentUrl), ("@key", key)));
            if (targetUrl is not null)
            {
                related.AddRange(Strings(
                    "SELECT page_evidence FROM link_checks WHERE page_url = @url AND target_url = @target AND page_evidence IS NOT NULL",
                    ("@url", documentUrl), ("@target", targetUrl)));
            }
        }

        return new FindingEvidence(
            findingId, kind, message, documentUrl, targetUrl, evidence,
            [.. Normalised(related).Where(s => !evidence.Contains(s, StringComparer.Ordinal))]);
    }

    /// <summary>Findings write <c>sha256:{hex}</c>, the evidence tables bare hex: the lower hex, once each, in order.</summary>
    private static List<string> Normalised(IEnumerable<string> hashes) =>
    [
        .. hashes
            .Select(h => (h.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase) ? h[7..] : h).Trim().ToLowerInvariant())
            .Where(h => h.Length == 64 && h.All(Uri.IsHexDigit))
            .Distinct(StringComparer.Ordinal),
    ];

    private List<string> Strings(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, null, parameters);
        using var reader = command.ExecuteReader();
        var list = new List<string>();
        while (reader.Read())
            list.Add(reader.GetString(0));
        return list;
    }
}

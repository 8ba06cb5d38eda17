using System.Globalization;

namespace Monitor.Host.Store;

/// <summary>What the store knows of a source's documents, for incremental crawling.</summary>
internal sealed partial class MonitorStore
{
    /// <summary>A listed document with a stored version: its list title and date as last listed, and when its page was last fetched.</summary>
    public sealed record KnownDocument(string Path, string Url, string ListTitle, DateOnly? ListDate, DateTimeOffset LastFetchedAt);

    /// <summary>Documents of <paramref name="sourceId"/> that were listed and whose article page was stored.</summary>
    public IReadOnlyList<KnownDocument> KnownDocuments(string sourceId)
    {
        using var command = Command("""
            SELECT e.path, e.url, e.title, e.list_date, d.last_seen
            FROM list_entries e JOIN documents d ON d.doc_key = e.source_id || '|' || e.path
            WHERE e.source_id = @src
            ORDER BY e.path
            """, null, [("@src", sourceId)]);
        using var r = command.ExecuteReader();
        var known = new List<KnownDocument>();
        while (r.Read())
        {
            known.Add(new KnownDocument(
                r.GetString(0), r.GetString(1), r.GetString(2),
                r.IsDBNull(3) ? null : DateOnly.ParseExact(r.GetString(3), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(r.GetString(4), CultureInfo.InvariantCulture)));
        }

        return known;
    }
}

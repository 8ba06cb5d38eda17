using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Data.Common;
using Monitor.RuleEngine.Evaluation;

namespace Monitor.Host.Store;

/// <summary>The latest observation of every source (migration 5), so one source's crawl can be evaluated with all the others.</summary>
internal sealed partial class MonitorStore
{
    private static readonly JsonSerializerOptions ObservationJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new NameSetConverter() },
    };

    /// <summary>A stored latest observation: a page source's or an account's.</summary>
    public sealed record LatestObservation(string SourceId, long ScanId, DateTimeOffset ObservedAt, SourceObservation? Source, AccountObservation? Account);

    /// <summary>
    /// Records a pass over some sources in one transaction: the scan (<see cref="RecordScanIn"/>), what backfill needs
    /// (<see cref="RecordObservationsIn"/>) and the latest observation of each crawled source. A crash leaves all or none.
    /// </summary>
    public ScanRecord RecordPass(PassRecord pass)
    {
        using var tx = dialect.BeginWrite(connection);
        var record = RecordScanIn(tx, pass.SiteId, pass.StartedAt, pass.FinishedAt, pass.Crawls, pass.Assessments, pass.Findings, pass.CatalogVersion, pass.AsOf);
        RecordObservationsIn(tx, record.ScanId, pass.AsOf, pass.Crawls);
        foreach (var observation in pass.SourceObservations)
        {
            SaveLatest(tx, observation.SourceId, record.ScanId, pass.FinishedAt, "source", JsonSerializer.Serialize(observation, ObservationJson));
        }

        foreach (var observation in pass.AccountObservations)
        {
            SaveLatest(tx, observation.AccountId, record.ScanId, pass.FinishedAt, "account", JsonSerializer.Serialize(observation, ObservationJson));
        }

        tx.Commit();
        return record;
    }

    /// <summary>The latest stored observation of every source that has one.</summary>
    public IReadOnlyList<LatestObservation> LatestObservations() => Query(
        "SELECT source_id, scan_id, observed_at, kind, observation FROM source_observations ORDER BY source_id",
        r =>
        {
            var kind = r.GetString(3);
            var json = r.GetString(4);
            return new LatestObservation(
                r.GetString(0),
                r.GetInt64(1),
                DateTimeOffset.Parse(r.GetString(2), CultureInfo.InvariantCulture),
                kind == "source" ? JsonSerializer.Deserialize<SourceObservation>(json, ObservationJson) : null,
                kind == "account" ? JsonSerializer.Deserialize<AccountObservation>(json, ObservationJson) : null);
        });

    private void SaveLatest(DbTransaction tx, string sourceId, long scanId, DateTimeOffset at, string kind, string json) =>
        Execute("""
            INSERT INTO source_observations (source_id, scan_id, observed_at, kind, observation) VALUES (@id, @scan, @t, @kind, @json)
            ON CONFLICT (source_id) DO UPDATE SET scan_id = @scan, observed_at = @t, kind = @kind, observation = @json
            """, tx, ("@id", sourceId), ("@scan", scanId), ("@t", Iso(at)), ("@kind", kind), ("@json", json));
}

/// <summary>Everything one pass (a full scan, or one source's scheduled crawl) writes to the store.</summary>
internal sealed record PassRecord(
    string SiteId,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    DateTimeOffset AsOf,
    string CatalogVersion,
    IReadOnlyList<Monitor.Crawler.SourceCrawlResult> Crawls,
    IReadOnlyList<SourceAssessment> Assessments,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<SourceObservation> SourceObservations,
    IReadOnlyList<AccountObservation> AccountObservations);

/// <summary>Sets of names (meta tag names) round-trip as JSON arrays and come back case-insensitive, as the crawler builds them.</summary>
internal sealed class NameSetConverter : JsonConverter<IReadOnlySet<string>>
{
    public override IReadOnlySet<string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize<string[]>(ref reader, options) is { } names ? new HashSet<string>(names, StringComparer.OrdinalIgnoreCase) : null;

    public override void Write(Utf8JsonWriter writer, IReadOnlySet<string> value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value.Order(StringComparer.Ordinal).ToArray(), options);
}

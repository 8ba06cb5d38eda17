using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Monitor.RuleEngine.Evaluation;

namespace Monitor.Host.Output;

/// <summary>
/// Writes <c>findings.json</c> as design §5 specifies (schema: <c>contracts/findings.schema.json</c>).
/// Extra fields beyond the contract are allowed and carry names for people reading the file.
/// </summary>
internal static class FindingsJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        // Chinese stays readable; markup characters are still escaped.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public sealed record Document(
        string AsOf,
        string CatalogVersion,
        SiteDto Site,
        IReadOnlyList<string> Warnings,
        IReadOnlyList<SourceDto> Sources,
        IReadOnlyList<FindingDto> Findings,
        IReadOnlyList<ScoreDto> Scores,
        IReadOnlyList<SiteCheckDto> SiteChecks);

    public sealed record SiteDto(string Id, string Name, string BaseUrl);

    /// <param name="Notes">What the crawl met but survived (wrong charset, page limit, links not checked …), in Chinese.</param>
    public sealed record SourceDto(string Id, string Name, string Url, string Department, string DepartmentName, string State, string? Reason, IReadOnlyList<string>? Notes = null);

    public sealed record FindingDto(
        string Id,
        string Kind,
        string Severity,
        string? ItemId,
        string? Area,
        string? SourceId,
        string Department,
        string DepartmentName,
        string? DocumentUrl,
        string? TargetUrl,
        string? Period,
        string? DueDate,
        bool Provisional,
        string DetectedAt,
        string Message,
        string? Basis,
        string RuleVersion,
        IReadOnlyList<string> Evidence);

    /// <summary>A site check without a finding kind of its own (identity elements, meta tags …): passed, failed or not-assessed.</summary>
    public sealed record SiteCheckDto(string Id, string Name, string State, string Detail, string? Basis);

    public sealed record ScoreDto(string Scope, string Key, double Score, double Max, string Period, int ItemsAssessed, int ItemsCompliant);

    public static Document Build(
        SiteDto site,
        DateTimeOffset asOf,
        string catalogVersion,
        IReadOnlyList<string> warnings,
        IReadOnlyList<SourceAssessment> sources,
        IReadOnlyList<Finding> findings,
        IReadOnlyList<Score> scores,
        IReadOnlyList<SiteCheckResult> siteChecks,
        Func<string, string> departmentName,
        Func<string, string> sourceName,
        Func<string, IReadOnlyList<string>>? notesOf = null)
    {
        return new Document(
            Iso(asOf),
            catalogVersion,
            site,
            warnings,
            [.. sources.Select(s => new SourceDto(
                s.SourceId, sourceName(s.SourceId), s.Url, s.DepartmentId, departmentName(s.DepartmentId),
                s.Assessed ? "assessed" : "not-assessed", s.Reason, notesOf?.Invoke(s.SourceId) ?? []))],
            [.. findings.Select(f => new FindingDto(
                f.Id, f.Kind.ToWire(), f.Severity.ToWire(), f.ItemId, f.Area, f.SourceId, f.DepartmentId, departmentName(f.DepartmentId),
                f.DocumentUrl, f.TargetUrl, f.Period, f.DueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), f.Provisional,
                Iso(f.DetectedAt), f.Message, f.Basis, f.RuleVersion,
                [.. f.Evidence.Select(e => e.StartsWith("sha256:", StringComparison.Ordinal) ? e : "sha256:" + e)]))],
            [.. scores.Select(s => new ScoreDto(
                s.Scope.ToString().ToLowerInvariant(), s.Key, Math.Round(s.Value, 2), s.Max, s.Period, s.ItemsAssessed, s.ItemsCompliant))],
            [.. siteChecks.Select(c => new SiteCheckDto(c.Id, c.Name, c.State.ToWire(), c.Detail, c.Basis))]);
    }

    public static string Serialize(Document document) => JsonSerializer.Serialize(document, Options);

    public static Document Deserialize(string json) =>
        JsonSerializer.Deserialize<Document>(json, Options) ?? throw new JsonException("findings.json is empty");

    public static async Task WriteAsync(Document document, string path, CancellationToken ct)
    {
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, Serialize(document) + "\n", ct).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
    }

    private static string Iso(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Monitor.Alerting;
using Monitor.Host.Configuration;
using Monitor.Host.Output;
using Monitor.RuleEngine.Evaluation;
using Monitor.RuleEngine.Rules;

namespace Monitor.Host.Assessments;

/// <summary>
/// One assessment as stored and served: the <c>live</c> one (the newest evaluation of the whole site, replaced after every
/// pass) or a frozen assessment period (<c>2026-Q3</c>, <c>2026-11</c> …), written once when the period is frozen and never
/// changed. It carries everything the API, the exports and the supervision report show, so a frozen period answers
/// byte-identically however much is crawled or however the rules change later.
/// </summary>
/// <param name="Id"><c>live</c>, or the period id.</param>
/// <param name="Kind"><c>live</c> or <c>frozen</c>.</param>
/// <param name="From">First day of the period (yyyy-MM-dd); null for live.</param>
/// <param name="To">Last day of the period (yyyy-MM-dd, inclusive); null for live.</param>
/// <param name="AsOf">The evaluation's as-of time (ISO 8601, +08:00); a period is evaluated at 00:00 of the day after <paramref name="To"/>.</param>
/// <param name="FrozenAt">When the period was frozen (ISO 8601, +08:00); null for live.</param>
/// <param name="FrozenBy">Who froze it (free text given to <c>monitor periods freeze --by</c>); null for live.</param>
/// <param name="RuleVersion">The rule set version in force at the as-of date (rules/ruleset.yaml <c>versions</c>).</param>
/// <param name="CatalogVersion">The catalog version the evaluation reports.</param>
/// <param name="RulesSha256">SHA-256 of the rule files the period was scored with (their archive is kept with the period); null for live.</param>
/// <param name="LastScanId">The newest scan whose data the evaluation could use.</param>
/// <param name="Trend">The site score at earlier points (oldest first), for the report's trend chart; may be empty.</param>
internal sealed record Assessment(
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
    FindingsJson.SiteDto Site,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<Assessment.DepartmentDto> Departments,
    IReadOnlyList<FindingsJson.SourceDto> Sources,
    IReadOnlyList<FindingsJson.FindingDto> Findings,
    IReadOnlyList<FindingsJson.ScoreDto> Scores,
    IReadOnlyList<Assessment.ItemDto> Items,
    IReadOnlyList<FindingsJson.SiteCheckDto> SiteChecks,
    IReadOnlyList<Assessment.TrendPoint> Trend)
{
    public const string LiveId = "live";
    public const string LiveKind = "live";
    public const string FrozenKind = "frozen";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = false,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>A unit of the deployment: <c>department</c>, <c>town</c> or <c>office</c>.</summary>
    public sealed record DepartmentDto(string Id, string Name, string Kind);

    /// <summary>
    /// One (source, catalog item) pair as evaluated: its state (<c>compliant</c>, <c>late</c>, <c>missing</c>, <c>incomplete</c>,
    /// <c>not-assessed</c>, <c>not-checkable</c>, <c>not-due</c>), why, and the catalog names the 标准目录 layout shows.
    /// </summary>
    public sealed record ItemDto(
        string SourceId,
        string ItemId,
        string Area,
        string AreaName,
        string Level1,
        string Level2,
        string? Level3,
        string Department,
        string State,
        string Reason,
        int Documents);

    /// <summary>The site score at one as-of time.</summary>
    public sealed record TrendPoint(string AsOf, double Score, double Max);

    [JsonIgnore]
    public bool IsFrozen => Kind == FrozenKind;

    /// <summary>The site score, when the evaluation produced one.</summary>
    [JsonIgnore]
    public FindingsJson.ScoreDto? SiteScore => Scores.FirstOrDefault(s => s.Scope == "site");

    /// <summary>The unit's name, or its id when unknown.</summary>
    public string DepartmentName(string id) => Departments.FirstOrDefault(d => d.Id == id)?.Name ?? id;

    /// <summary>The source's Chinese name, or its id when unknown.</summary>
    public string SourceName(string id) => Sources.FirstOrDefault(s => s.Id == id)?.Name ?? id;

    /// <summary>Builds an assessment from one evaluation of the whole site.</summary>
    public static Assessment Build(
        string id,
        string kind,
        Deployment deployment,
        RuleSet rules,
        EvaluationResult evaluation,
        long? lastScanId,
        IReadOnlyList<TrendPoint> trend,
        Func<string, IReadOnlyList<string>>? notesOf = null)
    {
        var sourceNames = deployment.Sources.ToDictionary(s => s.Id, s => s.Name, StringComparer.Ordinal);
        string DepartmentName(string d) => deployment.Department(d)?.Name ?? d;
        string SourceName(string s) => sourceNames.GetValueOrDefault(s, s);
        var document = FindingsJson.Build(
            new FindingsJson.SiteDto(deployment.Site.Id, deployment.Site.Name, deployment.Site.BaseUrl.ToString()),
            evaluation.AsOf,
            evaluation.CatalogVersion,
            evaluation.Warnings,
            evaluation.Sources,
            evaluation.Findings,
            evaluation.Scores,
            evaluation.SiteChecks,
            DepartmentName,
            SourceName,
            notesOf);
        var areas = rules.Areas.ToDictionary(a => a.Id, a => a.Name, StringComparer.Ordinal);
        var items = evaluation.Items.Select(i =>
        {
            var item = rules.FindItem(i.ItemId);
            return new ItemDto(
                i.SourceId, i.ItemId, i.Area, areas.GetValueOrDefault(i.Area, i.Area), item?.Level1 ?? "", item?.Level2 ?? "", item?.Level3,
                i.DepartmentId, i.State.ToWire(), i.Reason, i.Documents);
        }).ToList();
        return new Assessment(
            id,
            kind,
            null,
            null,
            document.AsOf,
            null,
            null,
            rules.VersionAt(ChinaTime.DateOf(evaluation.AsOf)).Version,
            evaluation.CatalogVersion,
            null,
            lastScanId,
            document.Site,
            document.Warnings,
            [.. deployment.Departments.Select(d => new DepartmentDto(d.Id, d.Name, d.Kind.ToString().ToLowerInvariant()))],
            document.Sources,
            document.Findings,
            document.Scores,
            items,
            document.SiteChecks,
            trend);
    }

    /// <summary>Canonical JSON (compact, camelCase, Chinese unescaped): the same assessment always gives the same bytes.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Options);

    public static Assessment FromJson(string json) =>
        JsonSerializer.Deserialize<Assessment>(json, Options) ?? throw new JsonException("assessment JSON is empty");

    /// <summary>The as-of time as a value.</summary>
    [JsonIgnore]
    public DateTimeOffset AsOfTime => DateTimeOffset.Parse(AsOf, CultureInfo.InvariantCulture);
}

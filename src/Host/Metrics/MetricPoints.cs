using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Writes;
using Monitor.Alerting;
using Monitor.Crawler;
using Monitor.RuleEngine.Evaluation;

namespace Monitor.Host.Metrics;

/// <summary>One alert sent (or not) through a channel; the input of <see cref="MetricPoints.AlertDeliveries"/>.</summary>
/// <param name="At">When the delivery was attempted (the point's timestamp, second precision).</param>
/// <param name="DepartmentId">Recipient unit.</param>
/// <param name="Channel"><c>email</c>, <c>sms</c>, <c>webhook</c> …</param>
/// <param name="Outcome"><c>sent</c>, <c>failed</c>, <c>retrying</c>, <c>suppressed</c>.</param>
/// <param name="Severity">Severity of the alert's worst finding (stable string).</param>
/// <param name="Count">Messages in this group.</param>
/// <param name="LatencyMs">Time the channel took, milliseconds (null when not sent).</param>
internal sealed record AlertDelivery(DateTimeOffset At, string DepartmentId, string Channel, string Outcome, string Severity, int Count, double? LatencyMs);

/// <summary>Everything the points of one scan (live or backfilled) are built from.</summary>
/// <param name="Crawls">The crawl results of a live scan (fetch counts, latency); null when backfilled.</param>
/// <param name="Elapsed">Duration of a live scan; null when backfilled.</param>
internal sealed record ScanMetricsInput(
    string SiteId,
    IReadOnlyList<DepartmentInfo> Departments,
    IReadOnlyList<SourceObservation> Observations,
    EvaluationResult Evaluation,
    IReadOnlyList<SourceCrawlResult>? Crawls,
    TimeSpan? Elapsed);

/// <summary>
/// Turns a scan into InfluxDB points (docs/metrics.md is the contract). Every point of a scan carries the
/// scan's as-of time, so a re-run or a backfill of the same day overwrites instead of adding. Tags are
/// ids and enumerations only (never URLs or titles), and the per-department and per-area series are
/// written for every unit and kind, zeros included, so "last value" queries never show a resolved problem.
/// </summary>
internal static class MetricPoints
{
    public const string Score = "score";
    public const string FindingsOpen = "findings_open";
    public const string FindingsOpenArea = "findings_open_area";
    public const string ItemStatus = "item_status";
    public const string SourceHealth = "source_health";
    public const string Fetches = "fetches";
    public const string Scan = "scan";
    public const string AlertDeliveriesMeasurement = "alert_deliveries";

    private static readonly FindingKind[] Kinds = Enum.GetValues<FindingKind>();

    private static readonly FindingKind[] FreshnessKinds =
        [FindingKind.StaleColumn, FindingKind.BlankColumn, FindingKind.StaleHomepage, FindingKind.StaleAccount];

    public static IReadOnlyList<PointData> ForScan(ScanMetricsInput input)
    {
        var evaluation = input.Evaluation;
        var at = evaluation.AsOf;
        var points = new List<PointData>();
        var names = input.Departments.ToDictionary(d => d.Id, d => d.Name, StringComparer.Ordinal);

        foreach (var score in evaluation.Scores)
        {
            var point = Point(Score, at, input.SiteId)
                .Tag("scope", score.Scope.ToString().ToLowerInvariant())
                .Tag("key", score.Key)
                .Field("score", score.Value)
                .Field("max", score.Max)
                .Field("items_assessed", (long)score.ItemsAssessed)
                .Field("items_compliant", (long)score.ItemsCompliant)
                .Field("items_not_assessed", (long)score.ItemsNotAssessed)
                .Field("items_not_checkable", (long)score.ItemsNotCheckable)
                .Field("vetoed", score.Vetoed ? 1L : 0L);
            if (score.Scope is ScoreScope.Department or ScoreScope.Town && names.TryGetValue(score.Key, out var name))
            {
                point = point.Tag("name", name);
            }

            points.Add(point);
        }

        var open = evaluation.Findings;
        var departmentIds = input.Departments.Select(d => d.Id).Concat(open.Select(f => f.DepartmentId)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var department in departmentIds)
        {
            foreach (var kind in Kinds)
            {
                points.Add(Counts(Point(FindingsOpen, at, input.SiteId).Tag("department", department).Tag("kind", kind.ToWire()),
                    open.Where(f => f.DepartmentId == department && f.Kind == kind)));
            }
        }

        var areas = evaluation.Items.Select(i => i.Area).Concat(open.Select(f => f.Area).OfType<string>()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var area in areas)
        {
            foreach (var kind in Kinds)
            {
                points.Add(Counts(Point(FindingsOpenArea, at, input.SiteId).Tag("area", area).Tag("kind", kind.ToWire()),
                    open.Where(f => f.Area == area && f.Kind == kind)));
            }
        }

        foreach (var group in evaluation.Items.GroupBy(i => (i.DepartmentId, i.Area, i.ItemId)).OrderBy(g => g.Key))
        {
            long Of(ItemState state) => group.Count(i => i.State == state);
            points.Add(Point(ItemStatus, at, input.SiteId)
                .Tag("department", group.Key.DepartmentId)
                .Tag("area", group.Key.Area)
                .Tag("item", group.Key.ItemId)
                .Field("pairs", (long)group.Count())
                .Field("compliant", Of(ItemState.Compliant))
                .Field("late", Of(ItemState.Late))
                .Field("missing", Of(ItemState.Missing))
                .Field("incomplete", Of(ItemState.Incomplete))
                .Field("not_assessed", Of(ItemState.NotAssessed))
                .Field("not_checkable", Of(ItemState.NotCheckable))
                .Field("not_due", Of(ItemState.NotDue)));
        }

        var crawls = input.Crawls?.ToDictionary(c => c.SourceId, StringComparer.Ordinal);
        var today = ChinaTime.DateOf(at);
        foreach (var source in input.Observations)
        {
            var assessment = evaluation.Sources.FirstOrDefault(s => s.SourceId == source.SourceId);
            var assessed = assessment?.Assessed ?? source.Assessed;
            var point = Point(SourceHealth, at, input.SiteId)
                .Tag("source", source.SourceId)
                .Tag("department", source.DepartmentId)
                .Tag("kind", source.Kind.ToString().ToLowerInvariant())
                .Tag("column_type", source.ColumnType)
                .Field("assessed", assessed ? 1L : 0L)
                .Field("not_assessed", assessed ? 0L : 1L)
                .Field("documents", (long)source.Documents.Count)
                .Field("stale", open.Any(f => f.SourceId == source.SourceId && FreshnessKinds.Contains(f.Kind)) ? 1L : 0L)
                .Field("links_checked", (long)source.Links.Count)
                .Field("links_broken", (long)source.Links.Count(l => l.Broken));
            if (Newest(source) is { } newest)
            {
                point = point.Field("newest_age_days", (long)(today.DayNumber - newest.DayNumber));
            }

            if (crawls is not null && crawls.TryGetValue(source.SourceId, out var crawl))
            {
                var fetches = crawl.ListPages.Concat(crawl.Documents.Select(d => d.Fetch)).ToList();
                point = point
                    .Field("list_pages", (long)crawl.ListPages.Count)
                    .Field("fetches", (long)fetches.Count)
                    .Field("failures", (long)fetches.Count(f => !f.Succeeded))
                    .Field("crawl_ms", crawl.Elapsed.TotalMilliseconds);
                if (fetches.Count > 0)
                {
                    point = point
                        .Field("latency_ms_mean", fetches.Average(f => f.Elapsed.TotalMilliseconds))
                        .Field("latency_ms_max", fetches.Max(f => f.Elapsed.TotalMilliseconds));
                }

                foreach (var outcome in fetches.GroupBy(f => f.Outcome).OrderBy(g => g.Key))
                {
                    points.Add(Point(Fetches, at, input.SiteId)
                        .Tag("source", source.SourceId)
                        .Tag("outcome", Wire(outcome.Key))
                        .Field("count", (long)outcome.Count())
                        .Field("latency_ms_mean", outcome.Average(f => f.Elapsed.TotalMilliseconds))
                        .Field("latency_ms_max", outcome.Max(f => f.Elapsed.TotalMilliseconds)));
                }
            }

            points.Add(point);
        }

        var site = evaluation.Scores.FirstOrDefault(s => s.Scope == ScoreScope.Site);
        var scan = Point(Scan, at, input.SiteId)
            .Field("sources", (long)evaluation.Sources.Count)
            .Field("sources_assessed", (long)evaluation.Sources.Count(s => s.Assessed))
            .Field("sources_not_assessed", (long)evaluation.Sources.Count(s => !s.Assessed))
            .Field("findings_open", (long)open.Count)
            .Field("findings_veto", (long)open.Count(f => f.Severity == Severity.Veto))
            .Field("findings_alert", (long)open.Count(f => f.Severity == Severity.Alert))
            .Field("findings_due_soon", (long)open.Count(f => f.Kind == FindingKind.DueSoon))
            .Field("backfill", input.Crawls is null ? 1L : 0L);
        if (site is not null)
        {
            scan = scan.Field("score", site.Value).Field("vetoed", site.Vetoed ? 1L : 0L);
        }

        if (input.Elapsed is { } elapsed)
        {
            scan = scan.Field("duration_ms", elapsed.TotalMilliseconds);
        }

        points.Add(scan);
        return points;
    }

    /// <summary>Points of measurement <c>alert_deliveries</c>, one per delivery group.</summary>
    public static IReadOnlyList<PointData> AlertDeliveries(string siteId, IReadOnlyList<AlertDelivery> deliveries) =>
        [.. deliveries.Select(d =>
        {
            var point = Point(AlertDeliveriesMeasurement, d.At, siteId)
                .Tag("department", d.DepartmentId)
                .Tag("channel", d.Channel)
                .Tag("outcome", d.Outcome)
                .Tag("severity", d.Severity)
                .Field("count", (long)d.Count);
            return d.LatencyMs is { } ms ? point.Field("latency_ms", ms) : point;
        })];

    /// <summary>Stable string of a fetch outcome (kebab case, as the finding kinds).</summary>
    public static string Wire(FetchOutcome outcome) => outcome switch
    {
        FetchOutcome.Succeeded => "succeeded",
        FetchOutcome.HttpError => "http-error",
        FetchOutcome.Timeout => "timeout",
        FetchOutcome.NetworkError => "network-error",
        FetchOutcome.TooLarge => "too-large",
        FetchOutcome.TooManyRedirects => "too-many-redirects",
        FetchOutcome.Blocked => "blocked",
        FetchOutcome.CircuitOpen => "circuit-open",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    private static PointData Point(string measurement, DateTimeOffset at, string siteId) =>
        PointData.Measurement(measurement).Tag("site", siteId).Timestamp(at.ToUniversalTime(), WritePrecision.S);

    private static PointData Counts(PointData point, IEnumerable<Finding> findings)
    {
        var list = findings.ToList();
        return point
            .Field("count", (long)list.Count)
            .Field("notice", (long)list.Count(f => f.Severity == Severity.Notice))
            .Field("warning", (long)list.Count(f => f.Severity == Severity.Warning))
            .Field("alert", (long)list.Count(f => f.Severity == Severity.Alert))
            .Field("veto", (long)list.Count(f => f.Severity == Severity.Veto));
    }

    /// <summary>Newest date the source showed (homepage) or of its documents, not after the as-of date.</summary>
    private static DateOnly? Newest(SourceObservation source)
    {
        if (source.Kind == SourceKind.Homepage)
        {
            return source.NewestShownDate;
        }

        var dates = source.Documents
            .Select(d => d.ListDate ?? d.DisplayedDate ?? (d.PublishedAt is { } p ? ChinaTime.DateOf(p) : null))
            .OfType<DateOnly>()
            .ToList();
        return dates.Count == 0 ? null : dates.Max();
    }
}

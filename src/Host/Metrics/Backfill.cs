using Monitor.Alerting;
using Monitor.Host.Configuration;
using Monitor.Host.Scanning;
using Monitor.Host.Store;
using Monitor.RuleEngine.Calendar;
using Monitor.RuleEngine.Evaluation;
using Monitor.RuleEngine.Rules;

namespace Monitor.Host.Metrics;

/// <summary>One re-scored day.</summary>
internal sealed record BackfillDay(DateOnly Day, EvaluationResult Evaluation, IReadOnlyList<SourceObservation> Observations);

/// <summary>
/// Re-scores past days from the store (<c>monitor backfill</c>). For a day D (as-of 00:00 Asia/Shanghai)
/// each source's observation is rebuilt from what was known then:
/// <list type="bullet">
/// <item>a list entry counts when its list date is on or before D (undated entries: when a scan for a day
/// up to D listed it), unless a later scan up to D no longer listed it (removed before D);</item>
/// <item>its fields come from the newest stored version seen by a scan for a day up to D, else from the
/// oldest version (the best knowledge of what the page said);</item>
/// <item>the source's state is that of the newest scan for a day up to D, else of the oldest scan; a
/// homepage whose known newest date lies after D is not assessed that day (we do not know what it showed);</item>
/// <item>link checks count from the first scan that made them.</item>
/// </list>
/// The evaluation itself is the same pure function the live scan uses.
/// <para>
/// With a cut-off scan (<c>lastScanId</c>, used by frozen assessment periods) everything later scans added is ignored where
/// the store lets us tell: their scans and source checks, list entries and link checks first seen after the cut-off's as-of,
/// document versions seen and removals detected after it finished; an entry listed again later counts as listed until the
/// cut-off. What a later scan overwrote in place (a list entry's title or date, a link check's status) cannot be told apart.
/// </para>
/// </summary>
internal sealed class Backfill
{
    private readonly Deployment deployment;
    private readonly RuleSet rules;
    private readonly WorkingDayCalendar calendar;
    private readonly IReadOnlyList<MonitorStore.StoredScan> scans;
    private readonly ILookup<string, MonitorStore.StoredListEntry> entries;
    private readonly ILookup<string, MonitorStore.StoredSourceCheck> checks;
    private readonly ILookup<string, MonitorStore.StoredLinkCheck> links;
    private readonly ILookup<string, MonitorStore.StoredVersion> versions;
    // Removals are kept in each source's latest observation: one counts on day D once a scan known by D confirmed it.
    private readonly Dictionary<string, IReadOnlyList<ObservedRemoval>> removals;

    /// <param name="lastScanId">When set, only what scans up to this id recorded is used (see the class summary); null: everything.</param>
    public Backfill(Deployment deployment, RuleSet rules, WorkingDayCalendar calendar, MonitorStore store, long? lastScanId = null)
    {
        this.deployment = deployment;
        this.rules = rules;
        this.calendar = calendar;
        scans = lastScanId is { } cut ? [.. store.Scans().Where(s => s.Id <= cut)] : store.Scans();
        // The cut-off's as-of and wall-clock end: list entries and link checks carry as-of times, versions wall-clock times.
        var cutAsOf = lastScanId is null || scans.Count == 0 ? DateTimeOffset.MaxValue : scans.Max(s => s.AsOf);
        var cutFinished = lastScanId is null || scans.Count == 0 ? DateTimeOffset.MaxValue : scans.Max(s => s.FinishedAt);
        entries = store.ListEntries()
            .Where(e => e.FirstAsOf <= cutAsOf)
            .Select(e => e.LastAsOf > cutAsOf ? e with { LastAsOf = cutAsOf } : e)
            .ToLookup(e => e.SourceId, StringComparer.Ordinal);
        checks = store.SourceChecks().Where(c => lastScanId is not { } cut || c.ScanId <= cut).ToLookup(c => c.SourceId, StringComparer.Ordinal);
        links = store.LinkChecks().Where(l => l.FirstAsOf <= cutAsOf).ToLookup(l => l.SourceId, StringComparer.Ordinal);
        versions = store.DocumentVersions().Where(v => v.SeenAt <= cutFinished).ToLookup(v => v.DocKey, StringComparer.Ordinal);
        removals = store.LatestObservations().ToDictionary(
            o => o.SourceId,
            o => lastScanId is null ? o.Source?.Removed ?? o.Account?.Removed ?? [] : KnownBy(o.Source?.Removed ?? o.Account?.Removed ?? [], cutFinished, store),
            StringComparer.Ordinal);
    }

    public BackfillDay Rescore(DateOnly day)
    {
        var asOf = ChinaTime.StartOf(day);
        var knownScans = scans.Where(s => s.AsOf <= asOf).ToList();
        DateTimeOffset? knownUntil = knownScans.Count == 0 ? null : knownScans.Max(s => s.FinishedAt);
        var observations = deployment.Sources.Where(s => !s.IsAccount).Select(s => Observe(s, day, asOf, knownUntil)).ToList();
        var accounts = deployment.Sources.Where(s => s.IsAccount).Select(s => ObserveAccount(s, day, asOf, knownUntil)).ToList();
        var departments = deployment.Departments.Select(d => d.ToInfo()).ToList();
        var evaluation = Evaluator.Evaluate(
            new EvaluationInput(asOf, observations, departments, deployment.SupervisionOfficeId, accounts.Count > 0 ? accounts : null), rules, calendar);
        return new BackfillDay(day, evaluation, observations);
    }

    /// <summary>
    /// A WeChat account on day D: the newest post among the articles known then (list or feed date, else the article's
    /// publish time), assessed as its newest scan up to D was. Deleted articles are not reconstructed.
    /// </summary>
    private AccountObservation ObserveAccount(SourceConfig source, DateOnly day, DateTimeOffset asOf, DateTimeOffset? knownUntil)
    {
        var page = Observe(source with { Kind = SourceKind.Column }, day, asOf, knownUntil);
        var newest = page.Documents
            .Select(d => d.ListDate ?? (d.PublishedAt is { } p ? ChinaTime.DateOf(p) : null))
            .OfType<DateOnly>()
            .Where(d => d <= day)
            .DefaultIfEmpty()
            .Max();
        return new AccountObservation(
            source.Id, source.Name, source.Platform, source.Url.ToString(), source.DepartmentId, page.Assessed, page.NotAssessedReason,
            newest == default ? null : newest, [])
        {
            Removed = RemovedBy(source.Id, knownUntil),
        };
    }

    /// <summary>
    /// Removals as known by the cut-off: a WeChat article's removal is re-detected (with a new time) at every crawl, so one
    /// detected after the cut-off still counts from the first fetch of the same "removed" page if that came before it.
    /// </summary>
    private static IReadOnlyList<ObservedRemoval> KnownBy(IReadOnlyList<ObservedRemoval> removed, DateTimeOffset cutFinished, MonitorStore store) =>
    [
        .. removed.Select(r => r.DetectedAt <= cutFinished || r.EvidenceAfter is not { } after ? r
            : store.FirstFetched(after, r.Url) is { } first && first <= cutFinished ? r with { DetectedAt = first } : r),
    ];

    private IReadOnlyList<ObservedRemoval> RemovedBy(string sourceId, DateTimeOffset? knownUntil) =>
        knownUntil is { } until && removals.TryGetValue(sourceId, out var list) ? [.. list.Where(r => r.DetectedAt <= until)] : [];

    private SourceObservation Observe(SourceConfig source, DateOnly day, DateTimeOffset asOf, DateTimeOffset? knownUntil)
    {
        var expected = ScanRunner.ExpectedItems(source, rules);
        var sourceChecks = checks[source.Id].ToList();
        var check = sourceChecks.Where(c => c.AsOf <= asOf).MaxBy(c => c.ScanId) ?? sourceChecks.MinBy(c => c.ScanId);
        SourceObservation Unassessed(string reason) => new(
            source.Id, source.Url.ToString(), source.DepartmentId, source.Kind, source.ColumnType, expected, false, reason, [], null, [], [], source.Name);

        if (check is null)
        {
            return Unassessed("无历史采集记录");
        }

        if (!check.Assessed)
        {
            return Unassessed(check.Reason ?? "当时未能完成采集");
        }

        DateOnly? newestShown = null;
        if (source.Kind == SourceKind.Homepage)
        {
            newestShown = check.NewestShownDate;
            if (newestShown is { } shown && shown > day)
            {
                return Unassessed("无当日首页显示日期记录");
            }
        }

        var laterChecks = sourceChecks.Where(c => c.Assessed && c.AsOf <= asOf).Select(c => c.AsOf).ToList();
        var documents = new List<ObservedDocument>();
        foreach (var entry in entries[source.Id])
        {
            var key = source.Id + "|" + entry.Path;
            var docVersions = versions[key].ToList();
            var version = (knownUntil is { } until ? docVersions.Where(v => v.SeenAt <= until).MaxBy(v => v.Version) : null)
                ?? docVersions.MinBy(v => v.Version);
            var date = entry.ListDate ?? version?.DisplayedDate ?? (version?.PublishedAt is { } p ? ChinaTime.DateOf(p) : null);
            var listed = date is { } d ? d <= day : entry.FirstAsOf <= asOf;
            var removed = entry.LastAsOf < asOf && laterChecks.Any(t => t > entry.LastAsOf);
            if (!listed || removed)
            {
                continue;
            }

            documents.Add(version is null
                ? new ObservedDocument(entry.Url, entry.Title, entry.ListDate, null, null, null, null, null, null, "", [], false, "未能获取文章页面", [])
                : new ObservedDocument(
                    entry.Url, version.Title.Length > 0 ? version.Title : entry.Title, entry.ListDate, version.PublishedAt, version.DisplayedDate,
                    version.WrittenDate, version.Publisher, version.IndexNumber, version.DocumentNumber, version.Body,
                    [.. version.Attachments.Select(a => new ObservedAttachment(a.Key, a.Value))], true, null,
                    version.EvidenceSha256 is { } sha ? [sha] : []));
        }

        var observedLinks = links[source.Id]
            .Where(l => l.FirstAsOf <= asOf)
            .Select(l => new ObservedLink(l.PageUrl, l.TargetUrl, l.Status, l.Error, l.Broken, l.PageEvidence is { } e ? [e] : []))
            .ToList();
        return new SourceObservation(
            source.Id, source.Url.ToString(), source.DepartmentId, source.Kind, source.ColumnType, expected, true, null,
            documents, newestShown, observedLinks, [], source.Name)
        {
            Removed = RemovedBy(source.Id, knownUntil),
        };
    }
}

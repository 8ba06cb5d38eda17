using System.Globalization;
using Monitor.RuleEngine.Calendar;
using Monitor.RuleEngine.Rules;
using Monitor.RuleEngine.Scoring;

namespace Monitor.RuleEngine.Evaluation;

/// <summary>
/// Compares what a scan observed with the rules, at an as-of time. Pure: no clock, no I/O; the same
/// inputs give the same findings, ids and scores, so any past period can be re-scored.
/// </summary>
public static class Evaluator
{
    /// <summary>The +08:00 offset of Asia/Shanghai (no DST since 1991), in which every legal date is taken.</summary>
    internal static readonly TimeSpan ShanghaiOffset = TimeSpan.FromHours(8);

    /// <summary>Evaluates every source of <paramref name="input"/> against <paramref name="rules"/>.</summary>
    public static EvaluationResult Evaluate(EvaluationInput input, RuleSet rules, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(calendar);

        var asOf = DateOnly.FromDateTime(input.AsOf.ToOffset(ShanghaiOffset).DateTime);

        // Scoring a past period uses the rules then in force: the version reported is the one in force
        // at the as-of date, and items and checks outside their effective dates are left out.
        var version = rules.VersionAt(asOf);
        var context = new EvaluationContext(asOf, rules, calendar, new FindingSink(version.Version, input.AsOf));
        if (!calendar.HasData(asOf.Year))
        {
            context.Warnings.Add(WorkingDayCalendar.MissingYearWarning(asOf.Year));
        }

        if (asOf < version.Effective)
        {
            context.Warnings.Add($"检查日 {D(asOf)} 早于规则集最早版本 {version.Version} 的生效日期 {D(version.Effective)}，按该版本评价");
        }

        var assessments = new List<SourceAssessment>();
        var statuses = new List<ItemStatus>();
        foreach (var source in input.Sources.OrderBy(s => s.SourceId, StringComparer.Ordinal))
        {
            assessments.Add(new SourceAssessment(source.SourceId, source.Url, source.DepartmentId, source.Assessed, source.Assessed ? null : source.NotAssessedReason));
            statuses.AddRange(EvaluateSource(source, context));
        }

        // New-media accounts are sources too: their state is reported beside the portal's pages.
        foreach (var account in (input.Accounts ?? []).OrderBy(a => a.AccountId, StringComparer.Ordinal))
        {
            assessments.Add(new SourceAssessment(account.AccountId, account.Url, account.DepartmentId, account.Assessed, account.Assessed ? null : account.NotAssessedReason));
        }

        var siteChecks = SiteLevel.Run(input, context);

        var findings = context.Findings.Findings
            .OrderBy(f => f.SourceId, StringComparer.Ordinal)
            .ThenBy(f => f.Kind.ToWire(), StringComparer.Ordinal)
            .ThenBy(f => f.ItemId ?? "", StringComparer.Ordinal)
            .ThenBy(f => f.DocumentUrl ?? "", StringComparer.Ordinal)
            .ThenBy(f => f.TargetUrl ?? "", StringComparer.Ordinal)
            .ThenBy(f => f.Period ?? "", StringComparer.Ordinal)
            .ThenBy(f => f.Id, StringComparer.Ordinal)
            .ToList();
        var items = statuses
            .OrderBy(s => s.SourceId, StringComparer.Ordinal)
            .ThenBy(s => s.ItemId, StringComparer.Ordinal)
            .ToList();
        var scores = Scorer.Compute(asOf, input.Departments, assessments, items, findings, siteChecks);
        var warnings = context.Warnings.Order(StringComparer.Ordinal).ToList();
        return new EvaluationResult(version.Version, input.AsOf, assessments, findings, scores, items, warnings) { SiteChecks = siteChecks };
    }

    private static List<ItemStatus> EvaluateSource(SourceObservation source, EvaluationContext context)
    {
        var expected = new List<CatalogItem>();
        foreach (var id in source.ExpectedItemIds.Distinct(StringComparer.Ordinal))
        {
            if (context.Rules.FindItem(id) is { } item)
            {
                // An item not in force at the as-of date (not yet, or no longer) is simply not expected.
                if (item.Effective.Contains(context.AsOf))
                {
                    expected.Add(item);
                }
            }
            else
            {
                context.Warnings.Add($"栏目 {source.SourceId} 配置的事项 {id} 不在规则目录 {context.Rules.Version} 中，已忽略");
            }
        }

        expected.Sort((a, b) => a.Order.CompareTo(b.Order));

        if (!source.Assessed)
        {
            // Not assessed is not non-compliant: one notice for the source, nothing else.
            var reason = string.IsNullOrWhiteSpace(source.NotAssessedReason) ? "原因不明" : source.NotAssessedReason;
            context.Findings.Add(
                FindingKind.Unreachable, Severity.Notice, source, null,
                $"{SourceLabel(source)}（{source.Url}）本次无法检查：{reason}。该栏目本次不作评价，不计为违规。",
                null, source.Evidence);
            return expected
                .Select(i => new ItemStatus(source.SourceId, i.Id, i.Area, source.DepartmentId, ItemState.NotAssessed, $"栏目无法检查：{reason}", 0))
                .ToList();
        }

        if (source.Kind == SourceKind.Homepage)
        {
            CheckHomepage(source, context);
        }
        else
        {
            CheckColumn(source, context);
        }

        var assignment = DocumentAssignment.Assign(source.Documents, expected);
        CheckLinks(source, assignment, context);
        SiteLevel.CheckDates(source, context);
        Removals.Check(source, context);
        return expected.Select(item => ItemCheck.Run(source, item, assignment.DocumentsOf(item), context)).ToList();
    }

    private static void CheckHomepage(SourceObservation source, EvaluationContext context)
    {
        var check = context.Rules.SiteChecks.Homepage;
        if (!check.Effective.Contains(context.AsOf))
        {
            return;
        }

        var oldestFresh = context.AsOf.AddDays(-check.MaxAgeDays);
        if (source.NewestShownDate is null)
        {
            if (check.UndatedIsStale)
            {
                context.Findings.Add(
                    FindingKind.StaleHomepage, check.Severity, source, null,
                    $"首页（{source.Url}）未显示任何注明日期的信息，按规定视为不更新（检查日 {D(context.AsOf)}，上限 {check.MaxAgeDays} 天）。",
                    check.Basis, source.Evidence);
            }
        }
        else if (source.NewestShownDate < oldestFresh)
        {
            var days = context.AsOf.DayNumber - source.NewestShownDate.Value.DayNumber;
            context.Findings.Add(
                FindingKind.StaleHomepage, check.Severity, source, null,
                $"首页（{source.Url}）最新信息日期为 {D(source.NewestShownDate.Value)}，至检查日 {D(context.AsOf)} 已 {days} 天未更新，超过 {check.MaxAgeDays} 天上限。",
                check.Basis, source.Evidence);
        }
        else if (check.WarningAgeDays is { } warningAge && source.NewestShownDate < context.AsOf.AddDays(-warningAge))
        {
            // Early warning (预警) below the veto line: the office can still act before the 14th day.
            var days = context.AsOf.DayNumber - source.NewestShownDate.Value.DayNumber;
            context.Findings.Add(
                FindingKind.StaleHomepage, Severity.Warning, source, null,
                $"首页（{source.Url}）最新信息日期为 {D(source.NewestShownDate.Value)}，至检查日 {D(context.AsOf)} 已 {days} 天未更新，超过 {warningAge} 天预警线；超过 {check.MaxAgeDays} 天将单项否决。",
                check.Basis, source.Evidence);
        }
    }

    private static void CheckColumn(SourceObservation source, EvaluationContext context)
    {
        var checks = context.Rules.SiteChecks;
        if (source.Documents.Count == 0)
        {
            if (checks.BlankColumn.Enabled && checks.BlankColumn.Effective.Contains(context.AsOf))
            {
                context.Findings.Add(
                    FindingKind.BlankColumn, checks.BlankColumn.Severity, source, null,
                    $"{SourceLabel(source)}（{source.Url}）没有任何信息，属于空白栏目。",
                    checks.BlankColumn.Basis, source.Evidence);
            }

            return;
        }

        if (checks.ForColumnType(source.ColumnType, context.AsOf) is not { } rule)
        {
            return;
        }

        var newest = source.Documents
            .SelectMany(d => new[] { PublishDateOf(d.PublishedAt), d.ListDate })
            .Where(d => d is not null)
            .Max();
        var oldestFresh = rule.OldestFresh(context.AsOf);
        if (newest is null)
        {
            context.Findings.Add(
                FindingKind.StaleColumn, rule.Severity, source, null,
                $"{SourceLabel(source)}（{source.Url}）的信息均未注明日期，视为不更新（上限 {rule.LimitText}）。",
                rule.Basis, source.Evidence);
        }
        else if (newest < oldestFresh)
        {
            var days = context.AsOf.DayNumber - newest.Value.DayNumber;
            context.Findings.Add(
                FindingKind.StaleColumn, rule.Severity, source, null,
                $"{SourceLabel(source)}（{source.Url}）最新信息日期为 {D(newest.Value)}，至检查日 {D(context.AsOf)} 已 {days} 天未更新，超过“{source.ColumnType}”类栏目 {rule.LimitText} 的上限。",
                rule.Basis, source.Evidence);
        }
        else if (rule.OldestCalm(context.AsOf) is { } calm && newest < calm)
        {
            // Early warning (预警): same finding id as the violation it announces, so alerts escalate one subject.
            var days = context.AsOf.DayNumber - newest.Value.DayNumber;
            var limitDate = rule.Unit == AgeUnit.Month ? newest.Value.AddMonths(rule.Amount) : newest.Value.AddDays(rule.Amount);
            context.Findings.Add(
                FindingKind.StaleColumn, Severity.Warning, source, null,
                $"{SourceLabel(source)}（{source.Url}）最新信息日期为 {D(newest.Value)}，已 {days} 天未更新，将于 {D(limitDate)} 后超过“{source.ColumnType}”类栏目 {rule.LimitText} 的上限，请及时更新。",
                rule.Basis, source.Evidence, dueDate: limitDate);
        }
    }

    /// <summary>
    /// Broken links are a site check (链接可用性): the finding carries no item, so its id and the
    /// sample manifest agree; the message names the item of the page when there is one.
    /// </summary>
    private static void CheckLinks(SourceObservation source, DocumentAssignment assignment, EvaluationContext context)
    {
        var rule = context.Rules.SiteChecks.BrokenLinks is { } r && r.Effective.Contains(context.AsOf) ? r : null;
        var severity = rule is null ? Severity.Notice : source.Kind == SourceKind.Homepage ? rule.Homepage : rule.InnerPages;
        foreach (var link in source.Links.Where(l => l.Broken))
        {
            var outcome = link.Status is { } status
                ? $"HTTP {status.ToString(CultureInfo.InvariantCulture)}"
                : string.IsNullOrWhiteSpace(link.Error) ? "无法连接" : link.Error;
            var item = assignment.ItemOfPage(link.PageUrl);
            var page = item is null ? $"页面 {link.PageUrl}" : $"“{item.DisplayName}”信息页面 {link.PageUrl}";
            context.Findings.Add(
                FindingKind.BrokenLink, severity, source, null,
                $"{page} 上的链接 {link.TargetUrl} 无法访问（{outcome}）。",
                rule?.Basis, link.Evidence, documentUrl: link.PageUrl, targetUrl: link.TargetUrl);
        }
    }

    internal static string SourceLabel(SourceObservation source) => source switch
    {
        { Kind: SourceKind.Homepage } => "首页",
        { Name: { Length: > 0 } name } => $"“{name}”栏目",
        _ => $"“{source.ColumnType}”栏目 {source.SourceId}",
    };

    /// <summary>The date a document counts as published: PubDate (Asia/Shanghai), else the date on the page, else the list date.</summary>
    internal static DateOnly? PublishDateOf(ObservedDocument document) =>
        PublishDateOf(document.PublishedAt) ?? document.DisplayedDate ?? document.ListDate;

    internal static DateOnly? PublishDateOf(DateTimeOffset? at) =>
        at is { } value ? DateOnly.FromDateTime(value.ToOffset(ShanghaiOffset).DateTime) : null;

    internal static string D(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>What every check of one evaluation shares.</summary>
internal sealed class EvaluationContext(DateOnly asOf, RuleSet rules, WorkingDayCalendar calendar, FindingSink findings)
{
    public DateOnly AsOf { get; } = asOf;

    public RuleSet Rules { get; } = rules;

    public WorkingDayCalendar Calendar { get; } = calendar;

    public FindingSink Findings { get; } = findings;

    public HashSet<string> Warnings { get; } = new(StringComparer.Ordinal);

    /// <summary>Records the missing-data warning for each year without data in (from, to].</summary>
    public void NoteProvisional(DateOnly fromExclusive, DateOnly toInclusive)
    {
        for (var year = fromExclusive.AddDays(1).Year; year <= toInclusive.Year; year++)
        {
            if (!Calendar.HasData(year))
            {
                Warnings.Add(WorkingDayCalendar.MissingYearWarning(year));
            }
        }
    }
}

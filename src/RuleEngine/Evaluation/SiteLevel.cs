using System.Globalization;
using System.Text.RegularExpressions;
using Monitor.RuleEngine.Rules;

namespace Monitor.RuleEngine.Evaluation;

/// <summary>
/// Site and new-media checks that look across sources or at site-wide observations: the count lines
/// over blank and stale columns, availability, new-media freshness, the homepage identity elements, the
/// standard meta tags, and the per-document date comparison (伪造发稿日期 sign). What has no finding kind
/// in the contract (identity, meta tags) is reported only as a <see cref="SiteCheckResult"/>.
/// </summary>
internal static partial class SiteLevel
{
    /// <summary>Shown for checks that need continuous observation the crawler service (issue 4) will add.</summary>
    internal const string NeedsProbing = "需按日持续探测，本次单次扫描不作评价";

    [GeneratedRegex("^[0-9A-Za-z]{10}$")]
    private static partial Regex SiteIdCodeFormat();

    public static IReadOnlyList<SiteCheckResult> Run(EvaluationInput input, EvaluationContext context)
    {
        var results = new List<SiteCheckResult>();
        var checks = context.Rules.SiteChecks;
        var asOf = context.AsOf;
        bool InForce(SiteCheckRule? rule) => rule is not null && rule.Effective.Contains(asOf);

        var homepage = input.Sources.FirstOrDefault(s => s.Kind == SourceKind.Homepage);
        var office = input.SupervisionOfficeId
            ?? homepage?.DepartmentId
            ?? input.Departments.FirstOrDefault(d => d.Kind == DepartmentKind.Office)?.Id
            ?? input.Sources.Select(s => s.DepartmentId).FirstOrDefault()
            ?? "";

        if (InForce(checks.Homepage))
        {
            var found = context.Findings.Findings.FirstOrDefault(f => f.Kind == FindingKind.StaleHomepage);
            results.Add(homepage is null || !homepage.Assessed
                ? new("homepage-freshness", "首页更新", SiteCheckState.NotAssessed, homepage is null ? "未配置首页" : "首页本次无法检查", checks.Homepage.Basis)
                : new("homepage-freshness", "首页更新", found is null ? SiteCheckState.Passed : SiteCheckState.Failed,
                    found?.Message ?? $"首页最新信息日期 {(homepage.NewestShownDate is { } d ? Evaluator.D(d) : "—")}", checks.Homepage.Basis));
        }

        ColumnCounts(input, context, office, results);
        Availability(homepage, context, checks.Availability is { } a && InForce(a) ? a : null, results);
        NewMedia(input, context, checks.NewMedia is { } n && InForce(n) ? n : null, results);
        if (checks.DateMismatch is { } dm && InForce(dm))
        {
            var count = context.Findings.Findings.Count(f => f.Kind == FindingKind.DateMismatch);
            results.Add(new("date-mismatch", "发稿日期一致性", count == 0 ? SiteCheckState.Passed : SiteCheckState.Failed,
                count == 0 ? "未发现日期不一致的信息" : $"{count} 篇信息的列表日期、发布日期与页面显示日期不一致，疑似伪造发稿日期，需人工核实", dm.Basis));
        }

        if (checks.BrokenLinks is { } bl && InForce(bl))
        {
            var broken = context.Findings.Findings.Where(f => f.Kind == FindingKind.BrokenLink).ToList();
            var onHome = broken.Count(f => homepage is not null && f.SourceId == homepage.SourceId);
            results.Add(new("broken-links", "链接可用性", broken.Count == 0 ? SiteCheckState.Passed : SiteCheckState.Failed,
                broken.Count == 0 ? "未发现无法访问的链接" : $"首页 {onHome} 个、其他页面 {broken.Count - onHome} 个链接无法访问", bl.Basis));
        }

        if (checks.Identity is { } identity && InForce(identity))
        {
            Identity(homepage, identity, results);
        }

        if (checks.MetaTags is { } meta && InForce(meta))
        {
            MetaTags(input, meta, results);
        }

        return results.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// 伪造发稿日期 sign: the list date, the PubDate date (Asia/Shanghai), the displayed date and the
    /// metadata 发布日期 of one fetched document must agree; any two present values that differ give one finding.
    /// </summary>
    public static void CheckDates(SourceObservation source, EvaluationContext context)
    {
        if (context.Rules.SiteChecks.DateMismatch is not { } rule || !rule.Effective.Contains(context.AsOf))
        {
            return;
        }

        foreach (var document in source.Documents.Where(d => d.Fetched))
        {
            var dates = new List<(string Label, DateOnly Date)>();
            void Add(string label, DateOnly? date)
            {
                if (date is { } d)
                {
                    dates.Add((label, d));
                }
            }

            Add("列表日期", document.ListDate);
            Add("PubDate", Evaluator.PublishDateOf(document.PublishedAt));
            Add("页面显示日期", document.DisplayedDate);
            Add("元数据发布日期", document.MetadataPublishDate);
            if (dates.Select(d => d.Date).Distinct().Count() <= 1)
            {
                continue;
            }

            var listed = string.Join("，", dates.Select(d => $"{d.Label} {Evaluator.D(d.Date)}"));
            context.Findings.Add(
                FindingKind.DateMismatch, rule.Severity, source, null,
                $"{Evaluator.SourceLabel(source)}的信息《{document.Title}》日期不一致：{listed}。疑似伪造或误填发稿日期，请核实并统一。",
                rule.Basis, document.Evidence, documentUrl: document.Url);
        }
    }

    private static void ColumnCounts(EvaluationInput input, EvaluationContext context, string office, List<SiteCheckResult> results)
    {
        if (context.Rules.SiteChecks.ColumnCounts is not { } counts)
        {
            return;
        }

        var asOf = context.AsOf;
        var sources = input.Sources.ToDictionary(s => s.SourceId, StringComparer.Ordinal);
        var perColumn = context.Findings.Findings.Where(f => f.SourceId is not null).ToList();
        var blank = perColumn.Where(f => f.Kind == FindingKind.BlankColumn).Select(f => sources[f.SourceId!]).ToList();
        var stale = perColumn.Where(f => f.Kind == FindingKind.StaleColumn && f.Severity != Severity.Warning).Select(f => sources[f.SourceId!]).ToList();
        static string Names(IEnumerable<SourceObservation> list) => string.Join("、", list.Select(Evaluator.SourceLabel));

        if (counts.Blank is { } b && b.Effective.Contains(asOf))
        {
            var severity = b.Lines.Classify(blank.Count);
            var detail = $"空白栏目 {blank.Count} 个（{b.Lines.Text}）{(blank.Count > 0 ? "：" + Names(blank) : "")}";
            results.Add(new("blank-columns", "空白栏目数量", severity is null ? SiteCheckState.Passed : SiteCheckState.Failed, detail, b.Basis));
            if (severity is { } s)
            {
                context.Findings.AddUnbound(
                    FindingKind.BlankColumn, s, null, office,
                    $"全站共有 {blank.Count} 个空白栏目，{(s == Severity.Veto ? $"达到 {b.Lines.VetoAtLeast} 个的单项否决线" : $"超过 {b.Lines.WarningAbove} 个的预警线")}：{Names(blank)}。",
                    b.Basis, blank.SelectMany(c => c.Evidence));
            }
        }

        // One site-level stale-column finding: the more severe of line (1) (typed stale columns) and line (2) (应更新未更新).
        var staleLine = counts.Stale is { } st && st.Effective.Contains(asOf) ? st : null;
        var notUpdatedLine = counts.NotUpdated is { } nu && nu.Effective.Contains(asOf) ? nu : null;
        if (staleLine is null && notUpdatedLine is null)
        {
            return;
        }

        var typed = staleLine is null ? [] : stale.Where(c => staleLine.ColumnTypes.Contains(c.ColumnType, StringComparer.Ordinal)).ToList();
        var notUpdated = notUpdatedLine is null ? [] : notUpdatedLine.IncludeBlank ? stale.Concat(blank).ToList() : stale;
        var typedSeverity = staleLine?.Lines.Classify(typed.Count);
        var notUpdatedSeverity = notUpdatedLine?.Lines.Classify(notUpdated.Count);
        var parts = new List<string>();
        if (staleLine is not null)
        {
            parts.Add($"{string.Join("/", staleLine.ColumnTypes)}类栏目不更新 {typed.Count} 个（{staleLine.Lines.Text}）");
        }

        if (notUpdatedLine is not null)
        {
            parts.Add($"应更新但长期未更新栏目 {notUpdated.Count} 个{(notUpdatedLine.IncludeBlank ? "（含空白栏目）" : "")}（{notUpdatedLine.Lines.Text}）");
        }

        var worst = new[] { typedSeverity, notUpdatedSeverity }.Max();
        var columns = typed.Concat(notUpdated).Distinct().ToList();
        var text = string.Join("；", parts) + (columns.Count > 0 ? "：" + Names(columns) : "");
        var basis = string.Join("；", new[] { staleLine?.Basis, notUpdatedLine?.Basis }.OfType<string>());
        results.Add(new("stale-columns", "栏目不更新数量", worst is null ? SiteCheckState.Passed : SiteCheckState.Failed, text, basis));
        if (worst is { } worstSeverity)
        {
            context.Findings.AddUnbound(
                FindingKind.StaleColumn, worstSeverity, null, office,
                $"全站栏目更新情况{(worstSeverity == Severity.Veto ? "达到单项否决线" : "超过预警线")}：{text}。",
                basis, columns.SelectMany(c => c.Evidence));
        }
    }

    private static void Availability(SourceObservation? homepage, EvaluationContext context, AvailabilityCheck? rule, List<SiteCheckResult> results)
    {
        if (rule is null)
        {
            return;
        }

        const string id = "availability", name = "站点可访问性";
        if (homepage?.Availability is not { } seen)
        {
            results.Add(new(id, name, SiteCheckState.NotAssessed, NeedsProbing, rule.Basis));
            return;
        }

        var days = seen.To.DayNumber - seen.From.DayNumber + 1;
        if (days < rule.WindowDays || seen.FewestProbesOnADay < rule.ProbesPerDay || seen.Probes <= 0)
        {
            results.Add(new(id, name, SiteCheckState.NotAssessed,
                $"探测不足：{days} 天内共 {seen.Probes} 次，单日最少 {seen.FewestProbesOnADay} 次（要求 {rule.WindowDays} 天、每天不少于 {rule.ProbesPerDay} 次）", rule.Basis));
            return;
        }

        var percent = 100.0 * seen.Failures / seen.Probes;
        var shown = percent.ToString("0.0", CultureInfo.InvariantCulture);
        var period = $"{Evaluator.D(seen.From)}/{Evaluator.D(seen.To)}";
        var detail = $"{Evaluator.D(seen.From)} 至 {Evaluator.D(seen.To)} 探测 {seen.Probes} 次，超过 {rule.TimeoutSeconds} 秒未打开 {seen.Failures} 次，不连通率 {shown}%";
        Severity? severity = percent >= rule.VetoPercent ? Severity.Veto : percent > rule.WarningPercent ? Severity.Warning : null;
        results.Add(new(id, name, severity is null ? SiteCheckState.Passed : SiteCheckState.Failed, detail, rule.Basis));
        if (severity is { } s)
        {
            var line = s == Severity.Veto ? $"达到 {rule.VetoPercent.ToString(CultureInfo.InvariantCulture)}% 的单项否决线" : $"超过 {rule.WarningPercent.ToString(CultureInfo.InvariantCulture)}% 的预警线";
            context.Findings.Add(FindingKind.Unreachable, s, homepage, null, $"首页（{homepage.Url}）{detail}，{line}。", rule.Basis, homepage.Evidence, period: period);
        }
    }

    private static void NewMedia(EvaluationInput input, EvaluationContext context, NewMediaCheck? rule, List<SiteCheckResult> results)
    {
        if (rule is null)
        {
            return;
        }

        const string id = "new-media", name = "政务新媒体更新";
        var accounts = input.Accounts ?? [];
        if (accounts.Count == 0)
        {
            results.Add(new(id, name, SiteCheckState.NotAssessed, NeedsProbing, rule.Basis));
            return;
        }

        var stale = 0;
        var assessed = 0;
        foreach (var account in accounts.OrderBy(a => a.AccountId, StringComparer.Ordinal))
        {
            if (!account.Assessed)
            {
                continue;
            }

            assessed++;
            Removals.Check(account, context);
            var age = account.NewestPostDate is { } d ? context.AsOf.DayNumber - d.DayNumber : (int?)null;
            Severity? severity = age is null || age > rule.MaxAgeDays ? Severity.Veto
                : rule.WarningAgeDays is { } w && age > w ? Severity.Warning : null;
            if (severity is not { } s)
            {
                continue;
            }

            stale++;
            var what = age is null
                ? "没有任何发布记录"
                : $"最新发布日期为 {Evaluator.D(account.NewestPostDate!.Value)}，至检查日 {Evaluator.D(context.AsOf)} 已 {age} 天未更新";
            var line = s == Severity.Veto ? $"超过 {rule.MaxAgeDays} 天，单项否决" : $"超过 {rule.WarningAgeDays} 天预警线；超过 {rule.MaxAgeDays} 天将单项否决";
            context.Findings.AddUnbound(
                FindingKind.StaleAccount, s, account.AccountId, account.DepartmentId,
                $"{account.Platform}“{account.Name}”{what}，{line}。", rule.Basis, account.Evidence);
        }

        results.Add(assessed == 0
            ? new(id, name, SiteCheckState.NotAssessed, "所有账号本次均无法检查", rule.Basis)
            : new(id, name, stale == 0 ? SiteCheckState.Passed : SiteCheckState.Failed, $"检查 {assessed} 个账号，{stale} 个超过更新时限", rule.Basis));
    }

    private static void Identity(SourceObservation? homepage, IdentityCheck rule, List<SiteCheckResult> results)
    {
        var identity = homepage is { Assessed: true } ? homepage.Identity : null;
        foreach (var element in rule.Elements)
        {
            var (id, name) = element switch
            {
                IdentityElement.SiteIdCode => ("identity-site-id-code", "网站标识码"),
                IdentityElement.Icp => ("identity-icp", "ICP备案编号"),
                IdentityElement.PublicSecurity => ("identity-public-security", "公安机关备案标识"),
                IdentityElement.PartyGovernmentLabel => ("identity-party-government-label", "党政机关网站标识"),
                _ => ("identity-find-error-entry", "“我为政府网站找错”入口"),
            };
            var seen = identity is null ? null : element switch
            {
                IdentityElement.SiteIdCode => identity.SiteIdCode,
                IdentityElement.Icp => identity.Icp,
                IdentityElement.PublicSecurity => identity.PublicSecurity,
                IdentityElement.PartyGovernmentLabel => identity.PartyGovernmentLabel,
                _ => identity.FindErrorEntry,
            };
            if (seen is null)
            {
                results.Add(new(id, name, SiteCheckState.NotAssessed, homepage is null ? "未配置首页" : "本次未获取首页标识信息", rule.Basis));
            }
            else if (seen == false)
            {
                results.Add(new(id, name, SiteCheckState.Failed, $"首页未发现{name}", rule.Basis));
            }
            else if (element == IdentityElement.SiteIdCode && identity!.SiteIdCodeValue is { } code && !SiteIdCodeFormat().IsMatch(code))
            {
                results.Add(new(id, name, SiteCheckState.Failed, $"首页网站标识码“{code}”格式不正确（应为10位字母或数字）", rule.Basis));
            }
            else
            {
                var value = element == IdentityElement.SiteIdCode && identity!.SiteIdCodeValue is { } v ? $"：{v}" : "";
                results.Add(new(id, name, SiteCheckState.Passed, $"首页已标注{name}{value}", rule.Basis));
            }
        }
    }

    private static void MetaTags(EvaluationInput input, MetaTagCheck rule, List<SiteCheckResult> results)
    {
        var assessed = input.Sources.Where(s => s.Assessed).ToList();
        var listPages = assessed.Where(s => s.PageMetaNames is not null).ToList();
        var articles = assessed.SelectMany(s => s.Documents).Where(d => d.Fetched && d.MetaNames is not null).Select(d => d.MetaNames!).ToList();

        results.Add(Judge("meta-site", "站点类网页标签", rule.SitePages, [.. listPages.Select(s => s.PageMetaNames!), .. articles], "页面", rule.Basis));
        results.Add(Judge("meta-column", "栏目类网页标签", rule.ColumnPages, [.. listPages.Where(s => s.Kind == SourceKind.Column).Select(s => s.PageMetaNames!)], "栏目页", rule.Basis));
        results.Add(Judge("meta-article", "文章类网页标签", rule.ArticlePages, articles, "文章页", rule.Basis));
    }

    private static SiteCheckResult Judge(string id, string name, IReadOnlyList<string> required, IReadOnlyList<IReadOnlySet<string>> pages, string pageWord, string basis)
    {
        if (pages.Count == 0)
        {
            return new(id, name, SiteCheckState.NotAssessed, $"本次未记录{pageWord}的网页标签", basis);
        }

        var missing = required
            .Select(tag => (Tag: tag, Pages: pages.Count(p => !p.Contains(tag, StringComparer.OrdinalIgnoreCase))))
            .Where(m => m.Pages > 0)
            .ToList();
        var lacking = pages.Count(p => required.Any(tag => !p.Contains(tag, StringComparer.OrdinalIgnoreCase)));
        return missing.Count == 0
            ? new(id, name, SiteCheckState.Passed, $"检查 {pages.Count} 个{pageWord}，均有 {string.Join("、", required)}", basis)
            : new(id, name, SiteCheckState.Failed,
                $"检查 {pages.Count} 个{pageWord}，{lacking} 个缺少标签：{string.Join("、", missing.Select(m => $"{m.Tag}（{m.Pages} 个）"))}", basis);
    }
}

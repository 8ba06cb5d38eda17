using System.Globalization;
using System.Text;
using Monitor.Alerting;
using Monitor.Host.Api;
using Monitor.Host.Assessments;
using Monitor.Host.Output;
using Monitor.RuleEngine.Evaluation;

namespace Monitor.Host.Reports;

/// <summary>
/// The supervision report (政务公开督查报告) for the 政务公开办 about one assessment: a frozen period or the live assessment.
/// One self-contained HTML page: inline CSS with A4 print rules, charts drawn here as inline SVG (<see cref="SvgCharts"/>),
/// no script at all, no external resource (a Content-Security-Policy meta tag forbids any fetch besides inline styles and
/// <c>data:</c> images), so it can be mailed, archived and printed offline. Every text that reaches the page (finding
/// messages, document URLs, titles, unit and source names, reasons, warnings) goes through <see cref="SafeHtml"/>: encoded,
/// and a URL becomes a link only when it is absolute http/https. The page is a pure function of its arguments (no
/// clock), so a frozen period always renders the same bytes. docs/report.md describes what each section shows.
/// </summary>
internal static class SupervisionReport
{
    /// <summary>The font stack: local CJK-capable families only (no web font can be fetched under the CSP).</summary>
    public const string FontFamily = "\"Noto Sans CJK SC\", \"WenQuanYi Zen Hei\", \"Microsoft YaHei\", \"PingFang SC\", sans-serif";

    /// <summary>The Content-Security-Policy of the page: nothing may be fetched; inline styles and data: images only.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

    /// <summary>Finding kinds shown under 超期与应公开未公开 (unless they are vetoes, which have their own section).</summary>
    public static IReadOnlySet<string> OverdueKinds { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        FindingKind.LatePublication.ToWire(),
        FindingKind.MissingItem.ToWire(),
    };

    private static readonly string VetoWire = Severity.Veto.ToWire();

    private static readonly Dictionary<string, FindingKind> Kinds =
        Enum.GetValues<FindingKind>().ToDictionary(k => k.ToWire(), StringComparer.Ordinal);

    private static readonly Dictionary<string, Severity> Severities =
        Enum.GetValues<Severity>().ToDictionary(s => s.ToWire(), StringComparer.Ordinal);

    private static readonly string Style = $$"""
        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        body { font-family: {{FontFamily}}; font-size: 14px; line-height: 1.5; color: #222; margin: 24px auto; max-width: 1100px; padding: 0 16px; }
        h1 { font-size: 24px; margin: 0 0 6px; }
        h2 { font-size: 18px; border-bottom: 2px solid #1f5fa8; padding-bottom: 4px; margin-top: 30px; }
        h3 { font-size: 15px; margin: 18px 0 4px; }
        .subtitle { color: #444; margin: 0 0 12px; font-size: 15px; }
        dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0 0 10px; font-size: 13px; }
        dl.meta dt { color: #666; }
        dl.meta dd { margin: 0; word-break: break-all; }
        .live { color: #1f5fa8; font-weight: bold; }
        .frozen { color: #2e7d32; font-weight: bold; }
        .overall { display: flex; flex-wrap: wrap; gap: 12px; align-items: stretch; }
        .score { border: 2px solid #1f5fa8; border-radius: 8px; padding: 10px 18px; min-width: 200px; }
        .score .big { font-size: 40px; font-weight: bold; line-height: 1.1; }
        .score .of { font-size: 16px; color: #555; }
        .score.vetoed { border-color: #8b0000; }
        .score.vetoed .big { color: #8b0000; }
        .veto-note { color: #8b0000; font-weight: bold; }
        .cards { display: flex; flex-wrap: wrap; gap: 8px; }
        .card { border: 1px solid #ccd; border-radius: 6px; padding: 6px 12px; min-width: 100px; }
        .card .label { color: #666; font-size: 12px; }
        .card .value { font-size: 20px; font-weight: bold; }
        figure { margin: 10px 0; }
        figcaption { color: #666; font-size: 12px; }
        svg.chart { width: 100%; max-width: 720px; height: auto; display: block; }
        table { border-collapse: collapse; width: 100%; margin-top: 8px; font-size: 13px; }
        th, td { border: 1px solid #ccc; padding: 3px 6px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
        th { background: #eef2f8; white-space: nowrap; }
        td.num, th.num { text-align: right; white-space: nowrap; }
        td.url, td.evidence { word-break: break-all; font-size: 12px; }
        td.nowrap { white-space: nowrap; }
        .sev-veto { color: #8b0000; font-weight: bold; }
        .sev-alert { color: #c62828; font-weight: bold; }
        .sev-warning { color: #b35c00; }
        .sev-notice { color: #555; }
        .band-good { color: #2e7d32; font-weight: bold; }
        .band-fair { color: #a06d00; font-weight: bold; }
        .band-poor { color: #c62828; font-weight: bold; }
        .not-assessed { color: #8a6d00; }
        .warnings li { color: #8a6d00; }
        .empty { color: #666; }
        code { font-size: 12px; }
        a.evidence .full { display: none; }
        footer { margin-top: 30px; color: #777; font-size: 12px; border-top: 1px solid #ddd; padding-top: 8px; }
        @page { size: A4; margin: 15mm; }
        @media print {
          body { margin: 0; max-width: none; padding: 0; font-size: 10pt; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          h2, h3 { break-after: avoid; page-break-after: avoid; }
          table { font-size: 8pt; }
          th, td.nowrap { white-space: normal; }
          td.nowrap, td.unit { min-width: 4em; }
          thead { display: table-header-group; }
          tr, figure, svg, .score, .card { break-inside: avoid; page-break-inside: avoid; }
          a { color: inherit; text-decoration: none; }
          a.evidence .short { display: none; }
          a.evidence .full { display: inline; font-size: 6.5pt; }
        }
        """;

    /// <summary>Renders the report.</summary>
    /// <param name="a">The assessment (live or frozen).</param>
    /// <param name="earlierPeriods">
    /// Site scores of earlier periods (typically the final point of each earlier frozen period); drawn before the
    /// assessment's own <see cref="Assessment.Trend"/> points, all ordered by time. May be empty.
    /// </param>
    /// <param name="linkBase">Base of the API evidence links (<see cref="ApiOptions.LinkBase"/>, e.g. http://127.0.0.1:8480/).</param>
    /// <returns>The HTML page (UTF-8 when written; <c>lang="zh-CN"</c>).</returns>
    public static string Render(Assessment a, IReadOnlyList<Assessment.TrendPoint> earlierPeriods, Uri linkBase)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(earlierPeriods);
        ArgumentNullException.ThrowIfNull(linkBase);
        var view = new View(a, linkBase);
        var title = $"{a.Site.Name}政务公开督查报告（{PeriodText(a)}）";
        var html = new StringBuilder(64 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"").Append(SafeHtml.Text(ContentSecurityPolicy)).Append("\">\n")
            .Append("<meta name=\"referrer\" content=\"no-referrer\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(SafeHtml.Text(title)).Append("</title>\n")
            .Append("<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n");

        Header(html, a, title);
        Overall(html, view);
        Warnings(html, a);
        Trend(html, view, earlierPeriods);
        Ranking(html, view, "department", "部门排名", "dept");
        Ranking(html, view, "town", "镇街排名", "town");
        FindingSection(html, view, "单项否决", "veto", view.Vetoes, "本期没有单项否决问题。", sortByDue: false);
        FindingSection(html, view, "超期公开与应公开未公开", "overdue", view.Overdue, "本期没有超期公开或应公开未公开的问题。", sortByDue: true);
        FindingSection(html, view, "即将到期事项", "due-soon", view.DueSoon, "本期没有即将到期的事项。", sortByDue: true);
        Remaining(html, view);
        SiteChecks(html, a);
        NotAssessed(html, view);
        Footer(html, a, linkBase);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void Header(StringBuilder html, Assessment a, string title)
    {
        html.Append("<header>\n<h1 id=\"report-title\">").Append(SafeHtml.Text(title)).Append("</h1>\n")
            .Append("<p class=\"subtitle\">").Append(a.IsFrozen ? "<span class=\"frozen\">已冻结评估周期</span>" : "<span class=\"live\">实时</span>")
            .Append(" · 评估时点 ").Append(SafeHtml.Text(DateTimeText(a.AsOf))).Append("（北京时间）</p>\n<dl class=\"meta\">\n");
        Meta(html, "监测站点", a.Site.Name + "（" + a.Site.BaseUrl + "）");
        Meta(html, "评估周期", a.IsFrozen ? $"{a.Id}：{DateText(a.From)} 至 {DateText(a.To)}" : "实时（最新一次全站评估，每次扫描后更新）");
        Meta(html, "评估时点", DateTimeText(a.AsOf));
        Meta(html, "规则版本", a.RuleVersion);
        Meta(html, "目录版本", a.CatalogVersion);
        if (a.IsFrozen)
        {
            Meta(html, "冻结时间", a.FrozenAt is null ? "—" : DateTimeText(a.FrozenAt));
            Meta(html, "冻结人", a.FrozenBy ?? "—");
            if (a.RulesSha256 is not null)
            {
                Meta(html, "规则文件摘要", "sha256:" + a.RulesSha256);
            }
        }

        Meta(html, "数据截至", a.LastScanId is { } scan ? $"第 {scan.ToString(CultureInfo.InvariantCulture)} 次扫描" : "—");
        html.Append("</dl>\n</header>\n");
    }

    private static void Meta(StringBuilder html, string label, string value) =>
        html.Append("<dt>").Append(SafeHtml.Text(label)).Append("</dt><dd>").Append(SafeHtml.Text(value)).Append("</dd>\n");

    private static void Overall(StringBuilder html, View view)
    {
        var a = view.Assessment;
        html.Append("<section id=\"overall\">\n<h2>总体得分</h2>\n<div class=\"overall\">\n");
        if (a.SiteScore is { } site)
        {
            var vetoed = view.Vetoes.Count > 0;
            html.Append("<div class=\"score").Append(vetoed ? " vetoed" : string.Empty).Append("\"><div class=\"label\">全站得分</div>")
                .Append("<div class=\"big ").Append(BandClass(site.Score, site.Max, vetoed)).Append("\">").Append(SvgCharts.F(site.Score))
                .Append("<span class=\"of\"> / ").Append(SvgCharts.F(site.Max)).Append("</span></div>");
            if (vetoed)
            {
                html.Append("<div class=\"veto-note\">单项否决：存在 ").Append(Count(view.Vetoes.Count))
                    .Append(" 项单项否决问题，全站得分记为 0（见<a href=\"#veto\">单项否决</a>）</div>");
            }

            html.Append("<div>评估事项 ").Append(Count(site.ItemsAssessed)).Append(" 个，合规 ").Append(Count(site.ItemsCompliant)).Append(" 个</div></div>\n");
        }
        else
        {
            html.Append("<div class=\"score\"><div class=\"label\">全站得分</div><div class=\"big\">未评分</div>")
                .Append("<div>本期没有可评估的来源，因此不评分（不计为不合规）。</div></div>\n");
        }

        var counts = FindingLabels.SeveritiesMostSeriousFirst
            .Select(s => (s.ToChinese(), a.Findings.Count(f => f.Severity == s.ToWire()), "sev-" + s.ToWire()))
            .ToList();
        var assessed = a.Sources.Count(s => s.State == "assessed");
        html.Append("<div class=\"cards\">\n");
        foreach (var (label, n, css) in counts)
        {
            Card(html, label, Count(n), n > 0 ? css : null);
        }

        Card(html, "问题合计", Count(a.Findings.Count), null);
        Card(html, "已评估来源", Count(assessed), null);
        Card(html, "未评估来源", Count(a.Sources.Count - assessed), a.Sources.Count > assessed ? "not-assessed" : null);
        html.Append("</div>\n</div>\n</section>\n");
    }

    private static void Card(StringBuilder html, string label, string value, string? css)
    {
        html.Append("<div class=\"card\"><div class=\"label\">").Append(SafeHtml.Text(label)).Append("</div><div class=\"value");
        if (css is not null)
        {
            html.Append(' ').Append(css);
        }

        html.Append("\">").Append(SafeHtml.Text(value)).Append("</div></div>\n");
    }

    private static void Warnings(StringBuilder html, Assessment a)
    {
        if (a.Warnings.Count == 0)
        {
            return;
        }

        html.Append("<section id=\"warnings\">\n<h2>说明与提醒</h2>\n<ul class=\"warnings\">\n");
        foreach (var warning in a.Warnings)
        {
            html.Append("<li>").Append(SafeHtml.Text(warning)).Append("</li>\n");
        }

        html.Append("</ul>\n</section>\n");
    }

    private static void Trend(StringBuilder html, View view, IReadOnlyList<Assessment.TrendPoint> earlierPeriods)
    {
        html.Append("<section id=\"trend\">\n<h2>得分趋势</h2>\n");
        var points = TrendPoints(view.Assessment, earlierPeriods);
        if (points.Count < 2)
        {
            html.Append("<p class=\"empty\">暂无趋势数据（少于两个时点）。</p>\n</section>\n");
            return;
        }

        html.Append("<figure>\n")
            .Append(SvgCharts.LineChart("全站得分趋势", points, 100))
            .Append("\n<figcaption>全站得分（满分 100，")
            .Append(Count(points.Count)).Append(" 个时点，按时间先后）：以往周期的期末得分在前，本期各时点在后；绿色 ≥ 90，黄色 ≥ 60，红色 &lt; 60。")
            .Append("</figcaption>\n</figure>\n</section>\n");
    }

    /// <summary>
    /// Earlier periods, then the assessment's own points, then its current site score when its trend does not end on it
    /// (the live assessment carries no trend); one point per as-of time (the later source wins), oldest first, scaled to 100.
    /// </summary>
    internal static IReadOnlyList<SvgCharts.Point> TrendPoints(Assessment a, IReadOnlyList<Assessment.TrendPoint> earlierPeriods)
    {
        var all = new List<(DateTimeOffset At, double Value, bool Veto)>();
        foreach (var p in earlierPeriods.Concat(a.Trend))
        {
            if (TryTime(p.AsOf) is { } at)
            {
                all.Add((at, p.Max > 0 ? p.Score * 100 / p.Max : 0, false));
            }
        }

        if (a.SiteScore is { } site && TryTime(a.AsOf) is { } now)
        {
            all.Add((now, site.Max > 0 ? site.Score * 100 / site.Max : 0, a.Findings.Any(f => f.Severity == VetoWire)));
        }

        return all
            .Select((p, i) => (p, i))
            .GroupBy(x => x.p.At)
            .Select(g => g.OrderBy(x => x.i).Last().p)
            .OrderBy(p => p.At)
            .Select(p => new SvgCharts.Point(ChinaTime.DateOf(p.At), Math.Round(p.Value, 1), p.Veto))
            .ToList();
    }

    private static void Ranking(StringBuilder html, View view, string scope, string heading, string id)
    {
        var a = view.Assessment;
        var kinds = scope == "town" ? new[] { "town" } : ["department", "office"];
        var scored = a.Scores
            .Where(s => s.Scope == scope)
            .Select(s => new Standing(s.Key, a.DepartmentName(s.Key), s, view.VetoesOf(s.Key), view.FindingsOf(s.Key)))
            .ToList();
        var ranked = Rank(scored);
        var unscored = a.Departments
            .Where(d => kinds.Contains(d.Kind) && ranked.All(r => r.Standing.Key != d.Id) && a.Sources.Any(s => s.Department == d.Id))
            // A unit with sources but no score: none of them could be assessed (Scorer scores every unit with one assessed source).
            .OrderBy(d => d.Name, StringComparer.Ordinal)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToList();

        html.Append("<section id=\"ranking-").Append(id).Append("\">\n<h2>").Append(SafeHtml.Text(heading)).Append("</h2>\n");
        if (ranked.Count == 0 && unscored.Count == 0)
        {
            html.Append("<p class=\"empty\">本期没有").Append(scope == "town" ? "镇街" : "部门").Append("得分。</p>\n</section>\n");
            return;
        }

        if (ranked.Count > 0)
        {
            html.Append("<figure>\n")
                .Append(SvgCharts.BarChart(
                    heading + "（得分，满分 " + SvgCharts.F(ranked[0].Standing.Score.Max) + "）",
                    [.. ranked.Select(r => new SvgCharts.Bar(r.Standing.Name, r.Standing.Score.Score, r.Standing.Score.Max, r.Standing.Vetoes > 0))]))
                .Append("\n<figcaption>按得分从高到低排列，同分按单位名称；虚线为 60 分与 90 分。</figcaption>\n</figure>\n");
        }

        html.Append("<table class=\"ranking\">\n<thead><tr><th class=\"num\">排名</th><th>单位</th><th class=\"num\">得分</th><th class=\"num\">得分率</th>")
            .Append("<th class=\"num\">评估事项</th><th class=\"num\">合规事项</th><th class=\"num\">单项否决</th><th class=\"num\">问题数</th>")
            .Append("<th class=\"num\">未评估来源</th></tr></thead>\n<tbody>\n");
        foreach (var (rank, s) in ranked)
        {
            var score = s.Score;
            var vetoed = s.Vetoes > 0;
            html.Append("<tr>")
                .Append(Cell(Count(rank), "num"))
                .Append(Cell(s.Name))
                .Append(Cell(SvgCharts.F(score.Score) + " / " + SvgCharts.F(score.Max) + (vetoed ? "（单项否决）" : string.Empty), "num " + BandClass(score.Score, score.Max, vetoed)))
                .Append(Cell(SvgCharts.F(SvgCharts.Percent(score.Score, score.Max)) + "%", "num"))
                .Append(Cell(Count(score.ItemsAssessed), "num"))
                .Append(Cell(Count(score.ItemsCompliant), "num"))
                .Append(Cell(Count(s.Vetoes), vetoed ? "num sev-veto" : "num"))
                .Append(Cell(Count(s.Findings), "num"))
                .Append(Cell(Count(view.NotAssessedSourcesOf(s.Key)), "num"))
                .Append("</tr>\n");
        }

        foreach (var d in unscored)
        {
            html.Append("<tr>")
                .Append(Cell("—", "num"))
                .Append(Cell(d.Name))
                .Append(Cell("未评分", "num not-assessed"))
                .Append(Cell("—", "num"))
                .Append(Cell("—", "num"))
                .Append(Cell("—", "num"))
                .Append(Cell(Count(view.VetoesOf(d.Id)), "num"))
                .Append(Cell(Count(view.FindingsOf(d.Id)), "num"))
                .Append(Cell(Count(view.NotAssessedSourcesOf(d.Id)), "num"))
                .Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
        if (unscored.Count > 0)
        {
            html.Append("<p class=\"not-assessed\">“未评分”的单位本期没有可评估的来源，不参与排名，也不计为不合规。</p>\n");
        }

        html.Append("</section>\n");
    }

    /// <summary>Units best first (score ratio descending), ties by name then id; equal ratios share a rank (1, 1, 3).</summary>
    internal static List<(int Rank, Standing Standing)> Rank(IEnumerable<Standing> standings)
    {
        var ordered = standings
            .OrderByDescending(s => s.Percent)
            .ThenBy(s => s.Name, StringComparer.Ordinal)
            .ThenBy(s => s.Key, StringComparer.Ordinal)
            .ToList();
        var ranked = new List<(int, Standing)>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            var same = i > 0 && ordered[i].Percent == ordered[i - 1].Percent;
            ranked.Add((same ? ranked[i - 1].Item1 : i + 1, ordered[i]));
        }

        return ranked;
    }

    private static void FindingSection(
        StringBuilder html, View view, string heading, string id, IReadOnlyList<FindingsJson.FindingDto> findings, string none, bool sortByDue)
    {
        html.Append("<section id=\"").Append(id).Append("\">\n<h2>").Append(SafeHtml.Text(heading)).Append("（")
            .Append(Count(findings.Count)).Append(" 项）</h2>\n");
        if (findings.Count == 0)
        {
            html.Append("<p class=\"empty\">").Append(SafeHtml.Text(none)).Append("</p>\n</section>\n");
            return;
        }

        var ordered = sortByDue
            ? findings.OrderBy(f => f.DueDate ?? "9999-12-31", StringComparer.Ordinal)
                .ThenBy(f => f.DepartmentName, StringComparer.Ordinal)
                .ThenBy(f => f.Id, StringComparer.Ordinal)
            : findings.OrderBy(f => f.DepartmentName, StringComparer.Ordinal)
                .ThenBy(f => f.Kind, StringComparer.Ordinal)
                .ThenBy(f => f.Id, StringComparer.Ordinal);
        FindingTable(html, view, [.. ordered], showDepartment: true);
        html.Append("</section>\n");
    }

    private static void Remaining(StringBuilder html, View view)
    {
        html.Append("<section id=\"others\">\n<h2>其他问题（按责任单位，").Append(Count(view.Others.Count)).Append(" 项）</h2>\n");
        if (view.Others.Count == 0)
        {
            html.Append("<p class=\"empty\">本期没有其他问题。</p>\n</section>\n");
            return;
        }

        foreach (var group in view.Others
            .GroupBy(f => f.Department, StringComparer.Ordinal)
            .OrderBy(g => g.First().DepartmentName, StringComparer.Ordinal)
            .ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            var name = group.First().DepartmentName;
            html.Append("<h3>").Append(SafeHtml.Text(string.IsNullOrEmpty(name) ? group.Key : name)).Append("（")
                .Append(Count(group.Count())).Append(" 项）</h3>\n");
            FindingTable(
                html,
                view,
                [.. group.OrderByDescending(f => SeverityRank(f.Severity))
                    .ThenBy(f => f.Kind, StringComparer.Ordinal)
                    .ThenBy(f => f.DueDate ?? "9999-12-31", StringComparer.Ordinal)
                    .ThenBy(f => f.Id, StringComparer.Ordinal)],
                showDepartment: false);
        }

        html.Append("</section>\n");
    }

    private static void FindingTable(StringBuilder html, View view, IReadOnlyList<FindingsJson.FindingDto> findings, bool showDepartment)
    {
        html.Append("<table class=\"findings\">\n<thead><tr><th class=\"num\">序号</th><th>严重程度</th><th>问题类型</th>");
        if (showDepartment)
        {
            html.Append("<th>责任单位</th>");
        }

        html.Append("<th>栏目</th><th>事项</th><th>问题描述</th><th>期限</th><th>文件/页面</th><th>证据</th></tr></thead>\n<tbody>\n");
        for (var i = 0; i < findings.Count; i++)
        {
            var f = findings[i];
            html.Append("<tr>")
                .Append(Cell(Count(i + 1), "num"))
                .Append(Cell(SeverityChinese(f.Severity), "nowrap sev-" + Css(f.Severity)))
                .Append(Cell(KindChinese(f.Kind), "nowrap"));
            if (showDepartment)
            {
                html.Append(Cell(string.IsNullOrEmpty(f.DepartmentName) ? f.Department : f.DepartmentName, "unit"));
            }

            html.Append(Cell(f.SourceId is null ? "全站" : view.Assessment.SourceName(f.SourceId), "unit"))
                .Append(Cell(view.ItemText(f)))
                .Append("<td>").Append(SafeHtml.Text(f.Message));
            if (!string.IsNullOrWhiteSpace(f.Basis))
            {
                html.Append("<br><small>依据：").Append(SafeHtml.Text(f.Basis)).Append("</small>");
            }

            html.Append("</td>")
                .Append(Cell(f.DueDate is null ? "—" : DateText(f.DueDate) + (f.Provisional ? "（暂定）" : string.Empty), "nowrap"))
                .Append("<td class=\"url\">").Append(Where(f)).Append("</td>")
                .Append("<td class=\"evidence\">").Append(Evidence(view.LinkBase, f.Evidence)).Append("</td>")
                .Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }

    private static void SiteChecks(StringBuilder html, Assessment a)
    {
        var shown = a.SiteChecks.Where(c => c.State != "passed").OrderBy(c => c.State, StringComparer.Ordinal).ThenBy(c => c.Id, StringComparer.Ordinal).ToList();
        html.Append("<section id=\"site-checks\">\n<h2>站点规范检查</h2>\n<p>共 ").Append(Count(a.SiteChecks.Count)).Append(" 项，通过 ")
            .Append(Count(a.SiteChecks.Count(c => c.State == "passed"))).Append(" 项，未通过 ").Append(Count(a.SiteChecks.Count(c => c.State == "failed")))
            .Append(" 项，未评估 ").Append(Count(a.SiteChecks.Count(c => c.State == "not-assessed"))).Append(" 项。</p>\n");
        if (shown.Count > 0)
        {
            html.Append("<table>\n<thead><tr><th>检查项</th><th>结果</th><th>情况</th><th>依据</th></tr></thead>\n<tbody>\n");
            foreach (var c in shown)
            {
                html.Append("<tr>").Append(Cell(c.Name))
                    .Append(c.State == "failed" ? Cell("未通过", "sev-alert") : Cell("未评估", "not-assessed"))
                    .Append(Cell(c.Detail)).Append(Cell(c.Basis ?? "—")).Append("</tr>\n");
            }

            html.Append("</tbody>\n</table>\n");
        }

        html.Append("</section>\n");
    }

    private static void NotAssessed(StringBuilder html, View view)
    {
        var a = view.Assessment;
        var sources = a.Sources.Where(s => s.State != "assessed")
            .OrderBy(s => s.DepartmentName, StringComparer.Ordinal).ThenBy(s => s.Id, StringComparer.Ordinal).ToList();
        var items = a.Items.Where(i => i.State == "not-assessed")
            .OrderBy(i => a.DepartmentName(i.Department), StringComparer.Ordinal).ThenBy(i => i.SourceId, StringComparer.Ordinal)
            .ThenBy(i => i.ItemId, StringComparer.Ordinal).ToList();
        var notCheckable = a.Items.Count(i => i.State == "not-checkable");
        html.Append("<section id=\"not-assessed\">\n<h2>未评估的来源与事项</h2>\n")
            .Append("<p>以下来源或事项本期无法检查（如页面无法访问、缺少成文日期），既不计为违规，也不计为合规，不计入任何得分。</p>\n");
        if (sources.Count == 0)
        {
            html.Append("<p class=\"empty\">本期所有来源均已评估。</p>\n");
        }
        else
        {
            html.Append("<h3>未评估来源（").Append(Count(sources.Count)).Append(" 个）</h3>\n")
                .Append("<table>\n<thead><tr><th>栏目</th><th>责任单位</th><th>地址</th><th>原因</th></tr></thead>\n<tbody>\n");
            foreach (var s in sources)
            {
                html.Append("<tr>").Append(Cell(s.Name)).Append(Cell(string.IsNullOrEmpty(s.DepartmentName) ? s.Department : s.DepartmentName))
                    .Append("<td class=\"url\">").Append(Link(s.Url)).Append("</td>")
                    .Append(Cell(string.IsNullOrWhiteSpace(s.Reason) ? "未说明原因" : s.Reason, "not-assessed")).Append("</tr>\n");
            }

            html.Append("</tbody>\n</table>\n");
        }

        if (items.Count > 0)
        {
            html.Append("<h3>未评估事项（").Append(Count(items.Count)).Append(" 个）</h3>\n")
                .Append("<table>\n<thead><tr><th>事项</th><th>领域</th><th>责任单位</th><th>栏目</th><th>原因</th></tr></thead>\n<tbody>\n");
            foreach (var i in items)
            {
                html.Append("<tr>").Append(Cell(ItemName(i))).Append(Cell(i.AreaName)).Append(Cell(a.DepartmentName(i.Department)))
                    .Append(Cell(a.SourceName(i.SourceId))).Append(Cell(i.Reason, "not-assessed")).Append("</tr>\n");
            }

            html.Append("</tbody>\n</table>\n");
        }

        if (notCheckable > 0)
        {
            html.Append("<p>另有 ").Append(Count(notCheckable)).Append(" 个事项无法通过网站核查（依申请公开、线下公开等），不计分。</p>\n");
        }

        html.Append("</section>\n");
    }

    private static void Footer(StringBuilder html, Assessment a, Uri linkBase)
    {
        html.Append("<footer>本报告由政务公开监测平台根据评估时点的页面快照自动生成。得分方法见 docs/scoring.md：")
            .Append("各单位满分 100 分（公开事项 60 分、栏目维护 25 分、链接 15 分），存在单项否决问题的单位得分记为 0；")
            .Append("“未评估”既不计为违规也不计为合规。每个问题的“证据”链接指向评估接口中该页面快照的原始内容（按 SHA-256 校验），")
            .Append("需使用具有证据读取权限的密钥访问；证据地址为 ")
            .Append(SafeHtml.Text(ApiLinks.Evidence(linkBase, "SHA256").AbsoluteUri.Replace("SHA256", "<SHA-256>", StringComparison.Ordinal)))
            .Append("（打印件中列出完整的 SHA-256）。");
        if (a.IsFrozen)
        {
            html.Append("本周期已冻结，其得分与问题不再随后续扫描或规则变更而改变。");
        }

        html.Append("</footer>\n");
    }

    private static string Where(FindingsJson.FindingDto f)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(f.DocumentUrl))
        {
            parts.Add(Link(f.DocumentUrl));
        }

        if (!string.IsNullOrWhiteSpace(f.TargetUrl))
        {
            parts.Add("链接目标：" + Link(f.TargetUrl));
        }

        return parts.Count == 0 ? "—" : string.Join("<br>", parts);
    }

    /// <summary>
    /// One link per evidence hash to its raw bytes through the API. On screen the hash is shortened to 12 hex digits; in
    /// print the full hash shows instead (with the address pattern in the footer it gives the URL; the URL itself per link
    /// would make every row several lines taller).
    /// </summary>
    private static string Evidence(Uri linkBase, IReadOnlyList<string> evidence)
    {
        if (evidence.Count == 0)
        {
            return "—";
        }

        return string.Join("<br>", evidence.Select(e =>
        {
            var hex = ApiLinks.Bare(e);
            var url = SafeHtml.WebUrl(ApiLinks.Evidence(linkBase, e).AbsoluteUri);
            var label = "sha256:<span class=\"short\">" + SafeHtml.Text(hex.Length > 12 ? hex[..12] + "…" : hex) + "</span><span class=\"full\">"
                + SafeHtml.Text(hex) + "</span>";
            return url is null
                ? SafeHtml.Text(e)
                : $"<a href=\"{SafeHtml.Text(url.AbsoluteUri)}\" class=\"evidence\" rel=\"noopener noreferrer\">{label}</a>";
        }));
    }

    /// <summary>An <c>&lt;a&gt;</c> for an absolute http/https URL; anything else (javascript:, data:, relative) as plain text.</summary>
    private static string Link(string? url) => SafeHtml.Link(url);

    private static string Cell(string text, string? css = null) =>
        css is null ? $"<td>{SafeHtml.Text(text)}</td>" : $"<td class=\"{css}\">{SafeHtml.Text(text)}</td>";

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string BandClass(double score, double max, bool veto) =>
        veto ? "band-poor" : SvgCharts.Percent(score, max) switch
        {
            >= SvgCharts.GoodAtLeast => "band-good",
            >= SvgCharts.FairAtLeast => "band-fair",
            _ => "band-poor",
        };

    private static string PeriodText(Assessment a) =>
        a.IsFrozen ? $"{a.Id}：{DateText(a.From)}至{DateText(a.To)}" : $"实时，截至{DateTimeText(a.AsOf)}";

    private static string DateText(string? day) =>
        DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? ChinaTime.FormatDate(d) : day ?? "—";

    private static string DateTimeText(string instant) =>
        TryTime(instant) is { } t ? ChinaTime.FormatDateTime(t) : instant;

    private static DateTimeOffset? TryTime(string instant) =>
        DateTimeOffset.TryParse(instant, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;

    private static string KindChinese(string kind) => Kinds.TryGetValue(kind, out var k) ? FindingLabels.KindChinese(k) : kind;

    private static string SeverityChinese(string severity) => Severities.TryGetValue(severity, out var s) ? s.ToChinese() : severity;

    private static int SeverityRank(string severity) => Severities.TryGetValue(severity, out var s) ? (int)s : -1;

    /// <summary>The severity as a CSS class suffix: only known wire strings (never crawled or stored free text).</summary>
    private static string Css(string severity) => Severities.TryGetValue(severity, out var s) ? s.ToWire() : "unknown";

    private static string ItemName(Assessment.ItemDto i) =>
        string.Join(" / ", new[] { i.Level1, i.Level2, i.Level3 }.Where(x => !string.IsNullOrWhiteSpace(x))) is { Length: > 0 } name
            ? name
            : i.ItemId;

    /// <summary>One unit in a ranking: its score, its veto findings and all its findings.</summary>
    internal sealed record Standing(string Key, string Name, FindingsJson.ScoreDto Score, int Vetoes, int Findings)
    {
        /// <summary>The score as a percentage of its maximum (what the ranking compares).</summary>
        public double Percent => SvgCharts.Percent(Score.Score, Score.Max);
    }

    /// <summary>The assessment split the way the report shows it (each finding in exactly one section).</summary>
    private sealed class View
    {
        private readonly Dictionary<string, Assessment.ItemDto> _items;

        public View(Assessment a, Uri linkBase)
        {
            Assessment = a;
            LinkBase = linkBase;
            _items = a.Items.GroupBy(i => i.ItemId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var dueSoon = FindingKind.DueSoon.ToWire();
            Vetoes = [.. a.Findings.Where(f => f.Severity == VetoWire)];
            Overdue = [.. a.Findings.Where(f => f.Severity != VetoWire && OverdueKinds.Contains(f.Kind))];
            DueSoon = [.. a.Findings.Where(f => f.Severity != VetoWire && f.Kind == dueSoon)];
            Others = [.. a.Findings.Where(f => f.Severity != VetoWire && !OverdueKinds.Contains(f.Kind) && f.Kind != dueSoon)];
        }

        public Assessment Assessment { get; }

        public Uri LinkBase { get; }

        public IReadOnlyList<FindingsJson.FindingDto> Vetoes { get; }

        public IReadOnlyList<FindingsJson.FindingDto> Overdue { get; }

        public IReadOnlyList<FindingsJson.FindingDto> DueSoon { get; }

        public IReadOnlyList<FindingsJson.FindingDto> Others { get; }

        public int VetoesOf(string unit) => Vetoes.Count(f => f.Department == unit);

        public int FindingsOf(string unit) => Assessment.Findings.Count(f => f.Department == unit);

        public int NotAssessedSourcesOf(string unit) => Assessment.Sources.Count(s => s.Department == unit && s.State != "assessed");

        /// <summary>
        /// The item's catalog name with its id and area; without an item: the area, else — for a column's own finding
        /// (stale, blank, removed document …: the column is in the previous cell), else 站点检查 for a site-wide one.
        /// </summary>
        public string ItemText(FindingsJson.FindingDto f)
        {
            if (f.ItemId is null)
            {
                return f.Area is not null ? AreaName(f.Area) : f.SourceId is not null ? "—" : "站点检查";
            }

            return _items.TryGetValue(f.ItemId, out var item)
                ? $"{ItemName(item)}（{f.ItemId}，{item.AreaName}）"
                : f.Area is null ? f.ItemId : $"{f.ItemId}（{AreaName(f.Area)}）";
        }

        private string AreaName(string area) =>
            Assessment.Items.FirstOrDefault(i => i.Area == area)?.AreaName ?? area;
    }
}

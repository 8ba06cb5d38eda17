using System.Globalization;
using System.Text;
using Monitor.Alerting;
using Monitor.RuleEngine.Evaluation;

namespace Monitor.Host.Reports;

/// <summary>
/// The scan's report as one self-contained HTML page: inline CSS with A4 print styles, no script
/// and no external resource, so it can be mailed, archived and opened offline. Every piece of text
/// goes through <see cref="SafeHtml"/> because finding messages, titles and URLs come from crawled
/// pages. The page depends on the model only (no clock), so the same scan renders the same bytes.
/// </summary>
internal static class HtmlReport
{
    private const string Style = """
        :root { color-scheme: light; }
        body { font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Zen Hei", sans-serif; font-size: 14px; color: #222; margin: 24px; }
        h1 { font-size: 22px; margin: 0 0 4px; }
        h2 { font-size: 17px; border-bottom: 2px solid #1f5fa8; padding-bottom: 4px; margin-top: 28px; }
        .meta { color: #666; margin: 0 0 16px; }
        .cards { display: flex; flex-wrap: wrap; gap: 10px; }
        .card { border: 1px solid #ccd; border-radius: 6px; padding: 8px 14px; min-width: 110px; }
        .card .label { color: #666; font-size: 12px; }
        .card .value { font-size: 22px; font-weight: bold; }
        table { border-collapse: collapse; width: 100%; margin-top: 8px; }
        th, td { border: 1px solid #ccc; padding: 4px 6px; text-align: left; vertical-align: top; }
        th { background: #eef2f8; }
        td.num, th.num { text-align: right; }
        td.url, td.evidence { word-break: break-all; }
        .sev-veto { color: #8b0000; font-weight: bold; }
        .sev-alert { color: #c0392b; font-weight: bold; }
        .sev-warning { color: #d35400; }
        .sev-notice { color: #555; }
        .not-assessed { color: #8a6d00; font-weight: bold; }
        .warnings li { color: #8a6d00; }
        code { font-size: 12px; }
        footer { margin-top: 28px; color: #888; font-size: 12px; }
        @page { size: A4; margin: 12mm; }
        @media print {
          body { margin: 0; font-size: 10pt; }
          h2 { break-after: avoid; }
          table { font-size: 8.5pt; }
          thead { display: table-header-group; }
          tr { break-inside: avoid; }
          a { color: inherit; text-decoration: none; }
          .card { break-inside: avoid; }
        }
        """;

    public static string Render(ReportModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var title = $"政务公开监测报告 — {model.SiteName}（截至{ChinaTime.FormatDate(model.AsOf)}）";
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(SafeHtml.Text(title)).Append("</title>\n")
            .Append("<style>\n").Append(Style).Append("\n</style>\n</head>\n<body>\n");

        html.Append("<header>\n<h1>").Append(SafeHtml.Text(title)).Append("</h1>\n")
            .Append("<p class=\"meta\">监测时点：").Append(SafeHtml.Text(ChinaTime.FormatDateTime(model.AsOf)))
            .Append("（北京时间） · 规则版本：").Append(SafeHtml.Text(model.CatalogVersion));
        var periods = model.Scores.Select(s => s.Period).Distinct().Order(StringComparer.Ordinal).ToList();
        if (periods.Count > 0)
        {
            html.Append(" · 评分周期：").Append(SafeHtml.Text(string.Join("、", periods)));
        }

        html.Append("</p>\n</header>\n");

        Cards(html, model);
        Warnings(html, model);
        Ranking(html, model);
        Findings(html, model);
        Sources(html, model);

        html.Append("<footer>本报告由政务公开监测平台根据监测时点的页面快照自动生成；“未评估”表示该来源本次无法检查，既不计为违规也不计为合规。证据编号为页面内容的 SHA-256 摘要前缀。</footer>\n");
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void Cards(StringBuilder html, ReportModel model)
    {
        var assessed = model.Sources.Count(s => s.Assessed);
        var cards = new List<(string Label, string Value, string? Class)>
        {
            ("站点得分", model.SiteScore is { } site ? ReportModel.ScoreText(site) : "—", null),
        };
        cards.AddRange(FindingLabels.SeveritiesMostSeriousFirst.Select(s =>
            (s.ToChinese(), model.Count(s).ToString(CultureInfo.InvariantCulture), (string?)("sev-" + s.ToWire()))));
        cards.Add(("问题合计", model.Findings.Count.ToString(CultureInfo.InvariantCulture), null));
        cards.Add(("已评估来源", assessed.ToString(CultureInfo.InvariantCulture), null));
        cards.Add(("未评估来源", (model.Sources.Count - assessed).ToString(CultureInfo.InvariantCulture), model.Sources.Count > assessed ? "not-assessed" : null));

        html.Append("<section>\n<h2>概况</h2>\n<div class=\"cards\">\n");
        foreach (var (label, value, cssClass) in cards)
        {
            html.Append("<div class=\"card\"><div class=\"label\">").Append(SafeHtml.Text(label)).Append("</div><div class=\"value");
            if (cssClass is not null)
            {
                html.Append(' ').Append(cssClass);
            }

            html.Append("\">").Append(SafeHtml.Text(value)).Append("</div></div>\n");
        }

        html.Append("</div>\n</section>\n");
    }

    private static void Warnings(StringBuilder html, ReportModel model)
    {
        if (model.Warnings.Count == 0)
        {
            return;
        }

        html.Append("<section>\n<h2>说明与提醒</h2>\n<ul class=\"warnings\">\n");
        foreach (var warning in model.Warnings)
        {
            html.Append("<li>").Append(SafeHtml.Text(warning)).Append("</li>\n");
        }

        html.Append("</ul>\n</section>\n");
    }

    private static void Ranking(StringBuilder html, ReportModel model)
    {
        html.Append("<section>\n<h2>部门与镇街排名</h2>\n");
        var standings = DepartmentStanding.From(model);
        if (standings.Count == 0)
        {
            html.Append("<p>本次没有部门或镇街得分。</p>\n</section>\n");
            return;
        }

        html.Append("<table>\n<thead><tr><th class=\"num\">排名</th><th>单位</th><th>类型</th><th class=\"num\">得分</th><th class=\"num\">得分率</th>")
            .Append("<th class=\"num\">评估事项</th><th class=\"num\">合规事项</th>");
        foreach (var severity in FindingLabels.SeveritiesMostSeriousFirst)
        {
            html.Append("<th class=\"num\">").Append(SafeHtml.Text(severity.ToChinese())).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in standings)
        {
            html.Append("<tr>")
                .Append(Cell(row.Rank?.ToString(CultureInfo.InvariantCulture) ?? "—", "num"))
                .Append(Cell(row.Department.Name))
                .Append(Cell(FindingLabels.DepartmentKindChinese(row.Department.Kind)))
                .Append(Cell(row.Score is { } s ? ReportModel.ScoreText(s) : "未评分", "num"))
                .Append(Cell(row.Ratio is { } r ? (r * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—", "num"))
                .Append(Cell(row.Score?.ItemsAssessed.ToString(CultureInfo.InvariantCulture) ?? "—", "num"))
                .Append(Cell(row.Score?.ItemsCompliant.ToString(CultureInfo.InvariantCulture) ?? "—", "num"));
            foreach (var severity in FindingLabels.SeveritiesMostSeriousFirst)
            {
                html.Append(Cell(row.Counts[severity].ToString(CultureInfo.InvariantCulture), "num"));
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void Findings(StringBuilder html, ReportModel model)
    {
        html.Append("<section>\n<h2>问题清单（").Append(model.Findings.Count.ToString(CultureInfo.InvariantCulture)).Append("项）</h2>\n");
        if (model.Findings.Count == 0)
        {
            html.Append("<p>本次监测未发现问题。</p>\n</section>\n");
            return;
        }

        html.Append("<table>\n<thead><tr><th class=\"num\">序号</th><th>严重程度</th><th>问题类型</th><th>责任单位</th><th>栏目</th>")
            .Append("<th>事项</th><th>问题描述</th><th>期限</th><th>文件/页面</th><th>证据</th></tr></thead>\n<tbody>\n");

        var ordered = model.Findings
            .OrderByDescending(f => f.Severity)
            .ThenBy(f => model.DepartmentName(f.DepartmentId), StringComparer.Ordinal)
            .ThenBy(f => f.DueDate ?? DateOnly.MaxValue)
            .ThenBy(f => f.Kind)
            .ThenBy(f => f.Id, StringComparer.Ordinal)
            .ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            var f = ordered[i];
            html.Append("<tr>")
                .Append(Cell((i + 1).ToString(CultureInfo.InvariantCulture), "num"))
                .Append(Cell(f.Severity.ToChinese(), "sev-" + f.Severity.ToWire()))
                .Append(Cell(FindingLabels.KindChinese(f.Kind)))
                .Append(Cell(model.DepartmentName(f.DepartmentId)))
                .Append(Cell(f.SourceId is null ? "—" : model.SourceName(f.SourceId)))
                .Append(Cell(Item(f)))
                .Append(Cell(f.Message))
                .Append(Cell(f.DueDate is { } due ? ChinaTime.FormatDate(due) + (f.Provisional ? "（暂定）" : string.Empty) : "—"))
                .Append("<td class=\"url\">").Append(Where(f)).Append("</td>")
                .Append("<td class=\"evidence\">").Append(Evidence(f.Evidence)).Append("</td>")
                .Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void Sources(StringBuilder html, ReportModel model)
    {
        html.Append("<section>\n<h2>监测来源</h2>\n");
        if (model.Sources.Count == 0)
        {
            html.Append("<p>本次没有监测来源。</p>\n</section>\n");
            return;
        }

        html.Append("<table>\n<thead><tr><th>栏目</th><th>责任单位</th><th>地址</th><th>状态</th><th>说明</th></tr></thead>\n<tbody>\n");
        foreach (var source in model.Sources
            .OrderBy(s => s.Assessed)
            .ThenBy(s => s.SourceId, StringComparer.Ordinal))
        {
            html.Append("<tr>")
                .Append(Cell(model.SourceName(source.SourceId)))
                .Append(Cell(model.DepartmentName(source.DepartmentId)))
                .Append("<td class=\"url\">").Append(Url(source.Url)).Append("</td>")
                .Append(source.Assessed ? Cell("已评估") : Cell("未评估", "not-assessed"))
                .Append(Cell(source.Assessed ? string.Empty : source.Reason ?? "未说明原因"))
                .Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static string Item(Finding f) => (f.ItemId, f.Area) switch
    {
        (null, null) => "站点检查",
        (null, { } area) => area,
        ({ } item, null) => item,
        ({ } item, { } area) => $"{item}（{area}）",
    };

    private static string Where(Finding f)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(f.DocumentUrl))
        {
            parts.Add(Url(f.DocumentUrl));
        }

        if (!string.IsNullOrWhiteSpace(f.TargetUrl))
        {
            parts.Add("链接目标：" + Url(f.TargetUrl));
        }

        return parts.Count == 0 ? "—" : string.Join("<br>", parts);
    }

    /// <summary>A clickable link for http/https, plain text for anything else (never a javascript: link).</summary>
    private static string Url(string url) => SafeHtml.Link(url);

    /// <summary>Hashes shortened to 12 hex digits for reading; the full value stays in the tooltip.</summary>
    private static string Evidence(IReadOnlyList<string> evidence)
    {
        if (evidence.Count == 0)
        {
            return "—";
        }

        return string.Join("<br>", evidence.Select(e =>
        {
            var hex = e.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase) ? e["sha256:".Length..] : e;
            var shown = hex.Length > 12 ? hex[..12] + "…" : hex;
            return $"<code title=\"{SafeHtml.Text(e)}\">{SafeHtml.Text(shown)}</code>";
        }));
    }

    private static string Cell(string text, string? cssClass = null) =>
        cssClass is null
            ? $"<td>{SafeHtml.Text(text)}</td>"
            : $"<td class=\"{cssClass}\">{SafeHtml.Text(text)}</td>";
}

using System.Text.RegularExpressions;
using System.Xml.Linq;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Monitor.Host.Assessments;
using Monitor.Host.Output;
using Monitor.Host.Reports;

namespace Monitor.Host.Tests.Reports;

/// <summary>
/// The supervision report: its sections, rankings, evidence links and, above all, that crawled text (finding messages,
/// document and target URLs, source names, reasons) can never become markup, script or a live non-http link.
/// </summary>
public sealed class SupervisionReportTests
{
    private static readonly Uri LinkBase = new("http://127.0.0.1:8480/");

    private static IHtmlDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    private static List<List<string>> Rows(IElement scope) =>
        scope.QuerySelectorAll("tbody tr").Select(tr => tr.QuerySelectorAll("td").Select(td => td.TextContent).ToList()).ToList();

    [Fact]
    public void Hostile_crawled_text_never_becomes_script_event_handler_image_or_javascript_link()
    {
        var html = SupervisionReport.Render(SupervisionSamples.Frozen(), SupervisionSamples.EarlierPeriods, LinkBase);
        var document = Parse(html);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(document.QuerySelectorAll("script, img, iframe, object, embed, link, base, form, input"));
        Assert.DoesNotContain(document.All.SelectMany(e => e.Attributes), a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotMatch(new Regex(@"<[^>]*\son\w+\s*=", RegexOptions.IgnoreCase), html);

        var hrefs = document.QuerySelectorAll("[href]").Select(e => e.GetAttribute("href")!).ToList();
        Assert.NotEmpty(hrefs);
        Assert.All(hrefs, h => Assert.True(
            h.StartsWith('#') || h.StartsWith("http://", StringComparison.Ordinal) || h.StartsWith("https://", StringComparison.Ordinal),
            "unexpected href " + h));
        Assert.DoesNotContain(hrefs, h => h.Contains("javascript", StringComparison.OrdinalIgnoreCase));

        // The hostile strings are still there for the reader, as text.
        var text = document.Body!.TextContent;
        Assert.Contains("<script>alert(1)</script>", text, StringComparison.Ordinal);
        Assert.Contains("\"><img src=x onerror=alert(1)>", text, StringComparison.Ordinal);
        Assert.Contains("javascript:alert(document.cookie)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Loads_nothing_from_the_network_and_declares_a_content_security_policy()
    {
        var html = SupervisionReport.Render(SupervisionSamples.Frozen(), SupervisionSamples.EarlierPeriods, LinkBase);
        var document = Parse(html);

        var csp = document.QuerySelector("meta[http-equiv='Content-Security-Policy']")!.GetAttribute("content");
        Assert.Equal("default-src 'none'; style-src 'unsafe-inline'; img-src data:", csp);
        Assert.DoesNotMatch(new Regex(@"\b(src|srcset|xlink:href)\s*=\s*[""']?\s*(https?:)?//", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex(@"url\(\s*[""']?\s*(https?:)?//", RegexOptions.IgnoreCase), html);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@font-face", html, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(document.QuerySelectorAll("link, script, img, style[src], use"));

        // Only plain <a href> links may point at the web (evidence, documents).
        Assert.All(
            document.QuerySelectorAll("[href]").Where(e => e.GetAttribute("href")!.StartsWith("http", StringComparison.Ordinal)),
            e => Assert.Equal("a", e.LocalName));
    }

    [Fact]
    public void Is_a_chinese_page_with_the_cjk_font_stack_and_a4_print_rules()
    {
        var html = SupervisionReport.Render(SupervisionSamples.Frozen(), SupervisionSamples.EarlierPeriods, LinkBase);
        var document = Parse(html);

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Equal("zh-CN", document.DocumentElement.GetAttribute("lang"));
        Assert.Equal("utf-8", document.QuerySelector("meta[charset]")!.GetAttribute("charset"));
        Assert.Contains("\"Noto Sans CJK SC\", \"WenQuanYi Zen Hei\", \"Microsoft YaHei\", \"PingFang SC\", sans-serif", html, StringComparison.Ordinal);
        Assert.Contains("@page { size: A4; margin: 15mm; }", html, StringComparison.Ordinal);
        Assert.Contains("@media print", html, StringComparison.Ordinal);
        Assert.Contains("thead { display: table-header-group; }", html, StringComparison.Ordinal);
        Assert.Matches(@"tr, figure, svg[^{]*\{ break-inside: avoid", html);
        Assert.Contains("a.evidence .short { display: none; }", html, StringComparison.Ordinal);
        Assert.Contains("th, td.nowrap { white-space: normal; }", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_chart_is_well_formed_svg_with_an_accessible_title()
    {
        var html = SupervisionReport.Render(SupervisionSamples.Frozen(), SupervisionSamples.EarlierPeriods, LinkBase);
        var svgs = Regex.Matches(html, "<svg[\\s\\S]*?</svg>").Select(m => m.Value).ToList();

        Assert.Equal(3, svgs.Count); // trend, department ranking, town ranking
        XNamespace ns = "http://www.w3.org/2000/svg";
        foreach (var svg in svgs)
        {
            var root = XDocument.Parse(svg).Root!;
            Assert.Equal(ns + "svg", root.Name);
            Assert.Equal("img", root.Attribute("role")!.Value);
            Assert.Equal(ns + "title", root.Elements().First().Name);
            Assert.False(string.IsNullOrWhiteSpace(root.Elements().First().Value));
        }
    }

    [Fact]
    public void Header_of_a_frozen_period_names_its_dates_rule_and_catalog_versions_and_who_froze_it()
    {
        var a = SupervisionSamples.Frozen();
        var document = Parse(SupervisionReport.Render(a, [], LinkBase));

        Assert.Equal("义乌市人民政府门户网站政务公开督查报告（2026-Q4：2026年10月1日至2026年12月31日）", document.Title);
        Assert.Equal(document.Title, document.QuerySelector("h1")!.TextContent);
        var meta = document.QuerySelectorAll("dl.meta dt").ToDictionary(dt => dt.TextContent, dt => dt.NextElementSibling!.TextContent);
        Assert.Equal("2026-Q4：2026年10月1日 至 2026年12月31日", meta["评估周期"]);
        Assert.Equal("2027年1月1日 00:00", meta["评估时点"]);
        Assert.Equal("2026.2", meta["规则版本"]);
        Assert.Equal("yiwu-2017.3", meta["目录版本"]);
        Assert.Equal("2027年1月2日 09:30", meta["冻结时间"]);
        Assert.Equal("政务公开办 张三", meta["冻结人"]);
        Assert.Equal("sha256:" + new string('e', 64), meta["规则文件摘要"]);
        Assert.Contains("已冻结评估周期", document.QuerySelector(".subtitle")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_of_the_live_assessment_says_real_time_and_shows_no_freeze_fields()
    {
        var document = Parse(SupervisionReport.Render(SupervisionSamples.Live(), [], LinkBase));

        Assert.Contains("实时", document.Title, StringComparison.Ordinal);
        Assert.Contains("实时", document.QuerySelector(".subtitle")!.TextContent, StringComparison.Ordinal);
        var labels = document.QuerySelectorAll("dl.meta dt").Select(dt => dt.TextContent).ToList();
        Assert.DoesNotContain("冻结人", labels);
        Assert.DoesNotContain("冻结时间", labels);
        Assert.Contains("规则版本", labels);
    }

    [Fact]
    public void Overall_score_shows_the_site_score_and_says_plainly_when_a_veto_zeroed_it()
    {
        var vetoed = Parse(SupervisionReport.Render(SupervisionSamples.Frozen(), [], LinkBase)).QuerySelector("#overall")!;
        Assert.Equal("0 / 100", vetoed.QuerySelector(".big")!.TextContent);
        Assert.Contains("单项否决：存在 1 项单项否决问题，全站得分记为 0", vetoed.QuerySelector(".veto-note")!.TextContent, StringComparison.Ordinal);

        var clean = SupervisionSamples.Frozen() with { Findings = [.. SupervisionSamples.Frozen().Findings.Where(f => f.Severity != "veto")] };
        clean = clean with { Scores = [.. clean.Scores.Select(s => s.Scope == "site" ? s with { Score = 72.5 } : s)] };
        var overall = Parse(SupervisionReport.Render(clean, [], LinkBase)).QuerySelector("#overall")!;
        Assert.Equal("72.5 / 100", overall.QuerySelector(".big")!.TextContent);
        Assert.Null(overall.QuerySelector(".veto-note"));
    }

    [Fact]
    public void Department_ranking_orders_by_score_and_marks_the_vetoed_unit_in_chart_and_table()
    {
        var document = Parse(SupervisionReport.Render(SupervisionSamples.Frozen(), [], LinkBase));
        var section = document.QuerySelector("#ranking-dept")!;

        var rows = Rows(section);
        Assert.Equal(["义乌市教育局", "义乌市卫生健康局", "义乌市市场监督管理局", "义乌市人民政府办公室"], rows.Select(r => r[1]));
        Assert.Equal(["1", "2", "3", "4"], rows.Select(r => r[0]));
        Assert.Equal("0 / 100（单项否决）", rows[3][2]);
        Assert.Equal("1", rows[3][6]);
        Assert.Equal("0", rows[2][6]);

        var labels = section.QuerySelectorAll("svg g.bar > text:first-of-type").Select(t => t.TextContent).ToList();
        Assert.Equal(rows.Select(r => r[1]), labels);
        Assert.Single(section.QuerySelectorAll("svg g.bar.veto"));
        Assert.Contains("单项否决", section.QuerySelector("svg g.bar.veto")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Town_ranking_breaks_ties_by_name_shares_the_rank_and_lists_an_unassessable_town_as_unscored()
    {
        var document = Parse(SupervisionReport.Render(SupervisionSamples.Frozen(), [], LinkBase));
        var rows = Rows(document.QuerySelector("#ranking-town")!);

        Assert.Equal(["佛堂镇", "稠城街道", "大陈镇"], rows.Select(r => r[1]));
        Assert.Equal(["1", "1", "—"], rows.Select(r => r[0]));
        Assert.Equal("未评分", rows[2][2]);
        Assert.Equal("1", rows[2][8]);
    }

    [Fact]
    public void Each_finding_appears_in_exactly_one_section_with_vetoes_overdue_and_due_soon_apart()
    {
        var a = SupervisionSamples.Frozen();
        var document = Parse(SupervisionReport.Render(a, [], LinkBase));

        var veto = Rows(document.QuerySelector("#veto")!);
        var overdue = Rows(document.QuerySelector("#overdue")!);
        var dueSoon = Rows(document.QuerySelector("#due-soon")!);
        var others = Rows(document.QuerySelector("#others")!);
        Assert.Equal(a.Findings.Count, veto.Count + overdue.Count + dueSoon.Count + others.Count);
        Assert.Equal(["首页不更新"], veto.Select(r => r[2]));
        Assert.Equal(["—"], veto.Select(r => r[5])); // a column's own finding: no catalog item, the column is named beside it
        Assert.Equal(["超期公开", "应公开未公开"], overdue.Select(r => r[2]));

        // Due soon by due date, whatever the input order.
        Assert.Equal(["2027年1月5日", "2027年1月12日"], dueSoon.Select(r => r[7]));

        // The rest grouped by unit, one heading per unit.
        var groups = document.QuerySelectorAll("#others h3").Select(h => h.TextContent).ToList();
        Assert.Equal(["义乌市卫生健康局（1 项）", "稠城街道（1 项）"], groups);
    }

    [Fact]
    public void Every_finding_links_each_of_its_evidence_hashes_to_the_api()
    {
        var a = SupervisionSamples.Frozen();
        var document = Parse(SupervisionReport.Render(a, [], LinkBase));
        var links = document.QuerySelectorAll("td.evidence a").Select(e => e.GetAttribute("href")).ToList();

        var expected = a.Findings.SelectMany(f => f.Evidence).Select(e => "http://127.0.0.1:8480/api/v1/evidence/" + e["sha256:".Length..]).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Order(StringComparer.Ordinal), links.Order(StringComparer.Ordinal));

        // Shortened on screen, the full hash for print; the footer gives the address pattern.
        var first = document.QuerySelectorAll("td.evidence a").First(e => e.GetAttribute("href")!.EndsWith(new string('b', 64), StringComparison.Ordinal));
        Assert.Equal("evidence", first.GetAttribute("class"));
        Assert.Equal("bbbbbbbbbbbb…", first.QuerySelector(".short")!.TextContent);
        Assert.Equal(new string('b', 64), first.QuerySelector(".full")!.TextContent);
        Assert.Contains("证据地址为 http://127.0.0.1:8480/api/v1/evidence/<SHA-256>", document.QuerySelector("footer")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Document_urls_are_links_only_when_http_and_text_otherwise()
    {
        var document = Parse(SupervisionReport.Render(SupervisionSamples.Frozen(), [], LinkBase));
        var cells = document.QuerySelectorAll("td.url").ToList();

        var http = cells.Single(c => c.TextContent.Contains("jyj/art/2026/10/5/art_1.html", StringComparison.Ordinal));
        Assert.Equal("http://www.yiwu.gov.cn/jyj/art/2026/10/5/art_1.html", http.QuerySelector("a")!.GetAttribute("href"));
        var js = cells.Single(c => c.TextContent.Contains("javascript:alert(document.cookie)", StringComparison.Ordinal));
        Assert.Null(js.QuerySelector("a"));
        var target = cells.Single(c => c.TextContent.Contains("链接目标：javascript:alert(1)", StringComparison.Ordinal));
        var only = Assert.Single(target.QuerySelectorAll("a"));
        Assert.Equal("http://www.yiwu.gov.cn/cc/xxgk/art_9.html", only.GetAttribute("href"));
    }

    [Fact]
    public void Not_assessed_sources_are_listed_apart_with_their_reason_and_never_as_findings()
    {
        var a = SupervisionSamples.Frozen();
        var document = Parse(SupervisionReport.Render(a, [], LinkBase));
        var section = document.QuerySelector("#not-assessed")!;

        var rows = Rows(section.QuerySelector("table")!);
        var row = Assert.Single(rows);
        Assert.Equal("大陈镇政务公开栏目", row[0]);
        Assert.Equal("页面无法访问：连接超时（30秒）<b>", row[3]);
        Assert.Contains("未评估事项（1 个）", section.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(a.Findings, f => f.Department == "d-dachen");
        Assert.Equal("1", document.QuerySelectorAll(".card").Single(c => c.QuerySelector(".label")!.TextContent == "未评估来源").QuerySelector(".value")!.TextContent);
    }

    [Fact]
    public void Trend_chart_draws_earlier_periods_then_the_own_points_oldest_first()
    {
        var a = SupervisionSamples.Frozen();
        var points = SupervisionReport.TrendPoints(a, SupervisionSamples.EarlierPeriods);

        Assert.Equal(
            [new DateOnly(2026, 7, 1), new DateOnly(2026, 10, 1), new DateOnly(2026, 11, 2), new DateOnly(2026, 12, 7), new DateOnly(2027, 1, 1)],
            points.Select(p => p.Day));
        Assert.Equal([70, 80, 85, 90, 0], points.Select(p => p.Value));
        Assert.True(points[^1].Veto);

        var document = Parse(SupervisionReport.Render(a, SupervisionSamples.EarlierPeriods, LinkBase));
        var trend = document.QuerySelector("#trend")!;
        Assert.Equal(points.Count, trend.QuerySelectorAll("svg circle").Length);
        Assert.NotNull(trend.QuerySelector("svg polyline"));
    }

    [Fact]
    public void Trend_says_no_data_when_there_are_fewer_than_two_points()
    {
        // The live assessment has no trend of its own: its current score alone is one point.
        var document = Parse(SupervisionReport.Render(SupervisionSamples.Live(), [], LinkBase));
        var trend = document.QuerySelector("#trend")!;

        Assert.Contains("暂无趋势数据", trend.TextContent, StringComparison.Ordinal);
        Assert.Null(trend.QuerySelector("svg"));

        var withEarlier = Parse(SupervisionReport.Render(SupervisionSamples.Live(), SupervisionSamples.EarlierPeriods, LinkBase));
        Assert.Equal(3, withEarlier.QuerySelectorAll("#trend svg circle").Length);
    }

    [Fact]
    public void The_same_assessment_renders_the_same_bytes()
    {
        var first = SupervisionReport.Render(SupervisionSamples.Frozen(), SupervisionSamples.EarlierPeriods, LinkBase);
        var second = SupervisionReport.Render(SupervisionSamples.Frozen(), SupervisionSamples.EarlierPeriods, LinkBase);

        Assert.Equal(first, second);
    }

    [Fact]
    public void An_assessment_without_scores_or_findings_still_renders_every_section_with_an_empty_note()
    {
        var empty = SupervisionSamples.Live() with { Scores = [], Findings = [], Items = [], SiteChecks = [] };
        var document = Parse(SupervisionReport.Render(empty, [], LinkBase));

        Assert.Equal("未评分", document.QuerySelector("#overall .big")!.TextContent);
        foreach (var id in new[] { "veto", "overdue", "due-soon", "others" })
        {
            Assert.NotNull(document.QuerySelector($"#{id} p.empty"));
        }
    }
}

/// <summary>Assessments built in code for the report tests: a frozen quarter with hostile crawled text, and a live one.</summary>
internal static class SupervisionSamples
{
    public const string Script = "<script>alert(1)</script>";
    public const string ImgOnError = "\"><img src=x onerror=alert(1)>";

    public static IReadOnlyList<Assessment.TrendPoint> EarlierPeriods { get; } =
    [
        new("2026-10-01T00:00:00+08:00", 80, 100),
        new("2026-07-01T00:00:00+08:00", 70, 100),
    ];

    public static string Sha(char c) => "sha256:" + new string(c, 64);

    public static Assessment Frozen(int extraFindings = 0)
    {
        var departments = new List<Assessment.DepartmentDto>
        {
            new("d-edu", "义乌市教育局", "department"),
            new("d-health", "义乌市卫生健康局", "department"),
            new("d-market", "义乌市市场监督管理局", "department"),
            new("d-office", "义乌市人民政府办公室", "office"),
            new("d-choucheng", "稠城街道", "town"),
            new("d-fotang", "佛堂镇", "town"),
            new("d-dachen", "大陈镇", "town"),
        };
        string Name(string id) => departments.Single(d => d.Id == id).Name;
        var sources = new List<FindingsJson.SourceDto>
        {
            new("edu-notice", "教育局通知公告", "http://www.yiwu.gov.cn/jyj/tzgg/", "d-edu", "义乌市教育局", "assessed", null),
            new("health-policy", "卫健局政策文件", "http://www.yiwu.gov.cn/wjj/zcwj/", "d-health", "义乌市卫生健康局", "assessed", null),
            new("market-news", "市场监管动态", "http://www.yiwu.gov.cn/scjg/dt/", "d-market", "义乌市市场监督管理局", "assessed", null),
            new("homepage", "门户网站首页", "http://www.yiwu.gov.cn/", "d-office", "义乌市人民政府办公室", "assessed", null),
            new("cc-open", "稠城街道信息公开" + Script, "http://www.yiwu.gov.cn/cc/xxgk/", "d-choucheng", "稠城街道", "assessed", null),
            new("ft-open", "佛堂镇信息公开", "http://www.yiwu.gov.cn/ft/xxgk/", "d-fotang", "佛堂镇", "assessed", null),
            new("dc-open", "大陈镇政务公开栏目", "javascript:alert('dc')", "d-dachen", "大陈镇", "not-assessed", "页面无法访问：连接超时（30秒）<b>"),
        };
        FindingsJson.FindingDto Finding(
            string id, string kind, string severity, string? item, string? area, string? source, string department,
            string? documentUrl, string? targetUrl, string? due, string message, params string[] evidence) =>
            new(id, kind, severity, item, area, source, department, Name(department), documentUrl, targetUrl, null, due, false,
                "2027-01-01T00:00:00+08:00", message, "《政府信息公开条例》第二十六条", "2026.2", evidence);

        var findings = new List<FindingsJson.FindingDto>
        {
            Finding("f-veto", "stale-homepage", "veto", null, null, "homepage", "d-office", "http://www.yiwu.gov.cn/", null, null,
                "首页超过 14 天未更新，单项否决。", Sha('a')),
            Finding("f-late", "late-publication", "alert", "edu-01", "education", "edu-notice", "d-edu",
                "http://www.yiwu.gov.cn/jyj/art/2026/10/5/art_1.html", null, "2026-10-20", "《2026年秋季招生方案》超期 5 个工作日公开。", Sha('b'), Sha('c')),
            Finding("f-missing", "missing-item", "alert", "health-02", "health", "health-policy", "d-health", null, null, "2026-12-15",
                "应公开的“医疗机构执业登记”未在栏目中发布。", Sha('d')),
            Finding("f-due-late", "due-soon", "warning", "edu-03", "education", "edu-notice", "d-edu", null, null, "2027-01-12",
                "“学校收费标准”将于 2027年1月12日 到期。"),
            Finding("f-due-early", "due-soon", "warning", "health-02", "health", "health-policy", "d-health", null, null, "2027-01-05",
                "“医疗机构执业登记”将于 2027年1月5日 到期。"),
            Finding("f-broken", "broken-link", "notice", null, null, "cc-open", "d-choucheng", "http://www.yiwu.gov.cn/cc/xxgk/art_9.html",
                "javascript:alert(1)", null, "链接失效：" + Script + " 中文标题", Sha('f')),
            Finding("f-element", "missing-element", "warning", "health-02", "health", "health-policy", "d-health",
                "javascript:alert(document.cookie)", null, null, "缺少“发布机构”要素：" + ImgOnError, Sha('0')),
        };
        for (var i = 0; i < extraFindings; i++)
        {
            var department = departments[i % 6].Id;
            findings.Add(Finding(
                $"f-extra-{i:D3}", "broken-link", "notice", null, null, null, department,
                $"http://www.yiwu.gov.cn/extra/art_{i}.html", $"http://www.yiwu.gov.cn/files/附件{i}.pdf", null,
                $"附件链接失效（第 {i + 1} 个）：“关于印发义乌市政务公开工作要点的通知”附件无法下载。", Sha((char)('a' + (i % 6)))));
        }

        FindingsJson.ScoreDto Score(string scope, string key, double score, int assessed = 4, int compliant = 3) =>
            new(scope, key, score, 100, "2026-Q4", assessed, compliant);
        var scores = new List<FindingsJson.ScoreDto>
        {
            Score("site", "site", 0, 20, 14),
            Score("department", "d-health", 80),
            Score("department", "d-market", 70),
            Score("department", "d-office", 0),
            Score("department", "d-edu", 95),
            Score("town", "d-choucheng", 65),
            Score("town", "d-fotang", 65),
            Score("area", "education", 88),
            Score("item", "edu-01", 50),
        };
        var items = new List<Assessment.ItemDto>
        {
            new("edu-notice", "edu-01", "education", "教育", "招生入学", "招生方案", null, "d-edu", "late", "超期公开", 1),
            new("edu-notice", "edu-03", "education", "教育", "收费", "学校收费标准", null, "d-edu", "not-due", "尚未到期", 0),
            new("health-policy", "health-02", "health", "卫生健康", "医疗机构", "执业登记", null, "d-health", "missing", "未找到", 0),
            new("dc-open", "town-01", "town-affairs", "乡镇政务", "财政预决算", "镇级预算", null, "d-dachen", "not-assessed", "来源无法访问" + Script, 0),
            new("ft-open", "town-02", "town-affairs", "乡镇政务", "依申请公开", "依申请公开", null, "d-fotang", "not-checkable", "依申请", 0),
        };
        var checks = new List<FindingsJson.SiteCheckDto>
        {
            new("identity-site-id-code", "网站标识码", "passed", "已找到", null),
            new("meta-article", "文章页元数据", "failed", "缺少 ArticleTitle", "《政府网站发展指引》"),
            new("availability", "网站可用性", "not-assessed", "尚无连续监测数据", null),
        };
        var trend = new List<Assessment.TrendPoint>
        {
            new("2026-11-02T00:00:00+08:00", 85, 100),
            new("2026-12-07T00:00:00+08:00", 90, 100),
            new("2027-01-01T00:00:00+08:00", 0, 100),
        };
        return new Assessment(
            "2026-Q4", Assessment.FrozenKind, "2026-10-01", "2026-12-31", "2027-01-01T00:00:00+08:00", "2027-01-02T09:30:00+08:00",
            "政务公开办 张三", "2026.2", "yiwu-2017.3", new string('e', 64), 42,
            new FindingsJson.SiteDto("yiwu", "义乌市人民政府门户网站", "http://www.yiwu.gov.cn/"),
            ["2027 年节假日安排尚未发布：跨年期限按周末推算，标记为暂定。"],
            departments, sources, findings, scores, items, checks, trend);
    }

    public static Assessment Live() =>
        Frozen() with
        {
            Id = Assessment.LiveId,
            Kind = Assessment.LiveKind,
            From = null,
            To = null,
            AsOf = "2026-12-01T10:15:00+08:00",
            FrozenAt = null,
            FrozenBy = null,
            RulesSha256 = null,
            Trend = [],
        };
}

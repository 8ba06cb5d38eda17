using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Monitor.Host.Reports;

namespace Monitor.Host.Tests.Reports;

public sealed class HtmlReportTests
{
    private static IHtmlDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    private static IElement Section(IHtmlDocument document, string heading) =>
        document.QuerySelectorAll("section").Single(s => s.QuerySelector("h2")!.TextContent.StartsWith(heading, StringComparison.Ordinal));

    private static List<List<string>> Rows(IElement section) =>
        section.QuerySelectorAll("tbody tr").Select(tr => tr.QuerySelectorAll("td").Select(td => td.TextContent).ToList()).ToList();

    [Fact]
    public void Renders_a_utf8_page_titled_with_site_and_as_of_date()
    {
        var html = HtmlReport.Render(ReportSamples.Typical());
        var document = Parse(html);

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Equal("utf-8", document.QuerySelector("meta[charset]")!.GetAttribute("charset"));
        Assert.Equal("政务公开监测报告 — 义乌市人民政府门户网站（示例）（截至2026年12月1日）", document.Title);
        Assert.Equal(document.Title, document.QuerySelector("h1")!.TextContent);
        Assert.Contains("size: A4", html, StringComparison.Ordinal);
        Assert.Contains("@media print", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_cards_show_the_site_score_the_findings_per_severity_and_the_sources()
    {
        var document = Parse(HtmlReport.Render(ReportSamples.Typical()));

        var cards = document.QuerySelectorAll(".card").ToDictionary(
            c => c.QuerySelector(".label")!.TextContent,
            c => c.QuerySelector(".value")!.TextContent);
        Assert.Equal("88.5", cards["站点得分"]);
        Assert.Equal("1", cards["单项否决"]);
        Assert.Equal("2", cards["告警"]);
        Assert.Equal("1", cards["预警"]);
        Assert.Equal("1", cards["提示"]);
        Assert.Equal("5", cards["问题合计"]);
        Assert.Equal("3", cards["已评估来源"]);
        Assert.Equal("1", cards["未评估来源"]);
    }

    [Fact]
    public void Findings_table_has_one_row_per_finding_with_its_chinese_kind_unit_column_and_due_date()
    {
        var model = ReportSamples.Typical();
        var rows = Rows(Section(Parse(HtmlReport.Render(model)), "问题清单"));

        Assert.Equal(model.Findings.Count, rows.Count);
        foreach (var finding in model.Findings)
        {
            Assert.Single(rows, r => r[6] == finding.Message);
        }

        var late = rows.Single(r => r[6] == "征地预公告超期5个工作日公开");
        Assert.Equal(["告警", "超期公开", "城西街道办事处", "征地补偿", "zdbc-ygg（义务教育）"], late[1..6]);
        Assert.Equal("2027年1月29日（暂定）", late[7]);

        // Veto first, notice last.
        Assert.Equal("单项否决", rows[0][1]);
        Assert.Equal("提示", rows[^1][1]);
    }

    [Fact]
    public void Evidence_hashes_are_shortened_with_the_full_hash_kept_in_the_tooltip()
    {
        var document = Parse(HtmlReport.Render(ReportSamples.Typical()));

        var codes = Section(document, "问题清单").QuerySelectorAll("td.evidence code").ToList();
        Assert.NotEmpty(codes);
        Assert.All(codes, c =>
        {
            Assert.Equal("0123456789ab…", c.TextContent);
            Assert.Equal(ReportSamples.FullHash, c.GetAttribute("title"));
        });
    }

    [Fact]
    public void Document_and_target_urls_are_links()
    {
        var document = Parse(HtmlReport.Render(ReportSamples.Typical()));

        var hrefs = Section(document, "问题清单").QuerySelectorAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("https://www.yiwu.example.gov.cn/zfxxgk/zdbc/202611/t20261105_1000200.html", hrefs);
        Assert.Contains("https://www.yiwu.example.gov.cn/zfxxgk/zdbc/202611/W020261105_1.pdf", hrefs);
    }

    [Fact]
    public void Ranking_lists_units_best_ratio_first_and_ties_share_a_rank()
    {
        var rows = Rows(Section(Parse(HtmlReport.Render(ReportSamples.Typical())), "部门与镇街排名"));

        // gtj 95/100 and csjd 47.5/50 are both 95 %.
        Assert.Equal(["1", "1", "3", "4"], rows.Select(r => r[0]));
        Assert.Equal(["城西街道办事处", "市国土资源局", "市教育局", "市人民政府办公室"], rows.Select(r => r[1]));
        Assert.Equal(["镇街", "部门", "部门", "办公室"], rows.Select(r => r[2]));
        Assert.Equal("47.5/50", rows[0][3]);
        Assert.Equal("95.0%", rows[0][4]);

        // 单项否决, 告警, 预警, 提示 of 市教育局.
        Assert.Equal(["0", "1", "1", "0"], rows[2][7..11]);
    }

    [Fact]
    public void Sources_table_shows_not_assessed_sources_with_their_reason()
    {
        var rows = Rows(Section(Parse(HtmlReport.Render(ReportSamples.Typical())), "监测来源"));

        Assert.Equal(4, rows.Count);
        var jydt = rows.Single(r => r[0] == "教育动态");
        Assert.Equal(["教育动态", "市教育局", "https://www.yiwu.example.gov.cn/jyj/jydt/index.html", "未评估", "列表第3页连续3次超时，分页不完整"], jydt);
        Assert.Equal(3, rows.Count(r => r[3] == "已评估"));
    }

    [Fact]
    public void Warnings_are_shown()
    {
        var document = Parse(HtmlReport.Render(ReportSamples.Typical()));

        Assert.Equal(
            ["2027年节假日安排尚未公布，跨年期限按周末推算，标记为“暂定”。"],
            Section(document, "说明与提醒").QuerySelectorAll("li").Select(li => li.TextContent));
    }

    [Fact]
    public void Hostile_text_in_every_field_is_escaped_and_stays_readable()
    {
        var html = HtmlReport.Render(ReportSamples.Hostile());
        var document = Parse(html);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(document.QuerySelectorAll("script, b, img, [onerror]"));
        var text = document.Body!.TextContent;
        Assert.Contains("标题<script>alert(1)</script><b>粗体</b>", text, StringComparison.Ordinal);
        Assert.Contains("超时<script>alert(1)</script>", text, StringComparison.Ordinal);
        Assert.Contains("提醒<script>alert(1)</script>", text, StringComparison.Ordinal);
        Assert.Contains("市教育局<script>alert(1)</script>", text, StringComparison.Ordinal);
        Assert.Contains("站点<script>alert(1)</script>", document.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void A_javascript_url_is_shown_as_text_and_never_becomes_a_link()
    {
        var html = HtmlReport.Render(ReportSamples.Hostile());
        var document = Parse(html);

        Assert.DoesNotContain("href=\"javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.All(
            document.QuerySelectorAll("[href]"),
            a => Assert.Matches("^https?://", a.GetAttribute("href")!));
        Assert.Contains("javascript:alert(3)", document.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_page_loads_nothing_from_anywhere()
    {
        var html = HtmlReport.Render(ReportSamples.Hostile());
        var document = Parse(html);

        Assert.Empty(document.QuerySelectorAll("script, link, img, iframe, object, embed, [src]"));
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);

        // The only URLs are the links an assessor clicks on.
        Assert.All(document.QuerySelectorAll("[href]"), e => Assert.Equal("A", e.TagName));
    }

    [Fact]
    public void Rendering_is_deterministic_and_ignores_the_order_of_the_input_lists()
    {
        var model = ReportSamples.Typical();
        var shuffled = model with
        {
            Departments = [.. model.Departments.Reverse()],
            Sources = [.. model.Sources.Reverse()],
            Findings = [.. model.Findings.Reverse()],
            Scores = [.. model.Scores.Reverse()],
        };

        var first = HtmlReport.Render(model);

        Assert.Equal(first, HtmlReport.Render(model));
        Assert.Equal(first, HtmlReport.Render(shuffled));
    }

    [Fact]
    public void A_scan_without_findings_sources_or_scores_still_renders()
    {
        var empty = ReportSamples.Typical() with { Sources = [], Findings = [], Scores = [], Warnings = [] };

        var document = Parse(HtmlReport.Render(empty));

        Assert.Contains("本次监测未发现问题", document.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal("—", document.QuerySelectorAll(".card").First().QuerySelector(".value")!.TextContent);
    }
}

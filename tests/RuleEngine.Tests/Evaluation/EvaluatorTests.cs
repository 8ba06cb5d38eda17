using Monitor.RuleEngine.Evaluation;
using static Monitor.RuleEngine.Tests.Support.Some;
using TestRules = Monitor.RuleEngine.Tests.Support.Rules;

namespace Monitor.RuleEngine.Tests.Evaluation;

public sealed class EvaluatorTests
{
    private static readonly string[] BzxzfItems = ["bzxzf-zcwj", "bzxzf-ndjh"];

    private static EvaluationResult Run(EvaluationInput input) => Evaluator.Evaluate(input, TestRules.Set, TestRules.Calendar);

    private static SourceObservation CompliantBzxzf(int port = 18080, params ObservedDocument[] extra) =>
        Column("bzxzf", "信息公开目录", "cgw", BzxzfItems,
        [
            Document("/art/2026/11/10/art_1.html", "义乌市保障性住房管理办法", "2026-11-10", "2026-11-02", ZcwjBody, port),
            Document("/art/2026/3/20/art_2.html", "义乌市2026年度保障性住房建设计划", "2026-03-20", "2026-03-10", NdjhBody, port),
            .. extra,
        ], port: port);

    private static EvaluationResult RunCompliantSite(int port = 18080, params SourceObservation[] more) =>
        Run(Input(
        [
            Homepage(D("2026-11-28"), port),
            Column("dtyw", "动态要闻", "szfb", [], [Document("/xwzx/dtyw/t1.html", "市领导调研", "2026-11-27", body: "调研", port: port)], port: port),
            CompliantBzxzf(port),
            .. more,
        ]));

    [Fact]
    public void A_compliant_site_gives_no_findings_and_compliant_items()
    {
        var result = RunCompliantSite();

        Assert.Empty(result.Findings);
        Assert.All(result.Items, i => Assert.Equal(ItemState.Compliant, i.State));
        Assert.Equal(2, result.Items.Count);
        Assert.Equal("2026.12.0", result.CatalogVersion);
        Assert.All(result.Sources, s => Assert.True(s.Assessed));
    }

    [Fact]
    public void An_unreachable_source_gives_one_notice_and_its_items_are_not_assessed_never_missing()
    {
        var source = Unreachable(Column("ywjy", "信息公开目录", "jyj", ["ywjy-xxml", "ywjy-zsjh"], []), "列表页返回 HTTP 500");

        var result = Run(Input(source));

        var finding = Assert.Single(result.Findings);
        Assert.Equal(FindingKind.Unreachable, finding.Kind);
        Assert.Equal(Severity.Notice, finding.Severity);
        Assert.Contains("HTTP 500", finding.Message);
        Assert.All(result.Items, i => Assert.Equal(ItemState.NotAssessed, i.State));
        var assessment = Assert.Single(result.Sources);
        Assert.False(assessment.Assessed);
        Assert.Equal("列表页返回 HTTP 500", assessment.Reason);
    }

    [Theory]
    [InlineData("2026-11-16", Severity.Veto)]
    [InlineData("2026-11-17", Severity.Warning)]
    [InlineData("2026-11-20", Severity.Warning)]
    [InlineData("2026-11-21", null)]
    public void A_homepage_more_than_10_days_old_is_an_early_warning_and_more_than_14_a_veto(string newest, Severity? expected)
    {
        var result = Run(Input(Homepage(D(newest))));

        if (expected is { } severity)
        {
            var finding = Assert.Single(result.Findings);
            Assert.Equal((FindingKind.StaleHomepage, severity), (finding.Kind, finding.Severity));
            Assert.Contains(newest, finding.Message);
            Assert.Contains(severity == Severity.Veto ? "超过 14 天上限" : "超过 10 天预警线", finding.Message);
            Assert.StartsWith("sha256:c3", Assert.Single(finding.Evidence));
        }
        else
        {
            Assert.Empty(result.Findings);
        }
    }

    [Fact]
    public void A_homepage_without_any_date_counts_as_not_updated()
    {
        var finding = Assert.Single(Run(Input(Homepage(null))).Findings);
        Assert.Equal(FindingKind.StaleHomepage, finding.Kind);
        Assert.Contains("未显示任何注明日期", finding.Message);
    }

    [Fact]
    public void A_news_column_30_days_old_is_stale_but_a_catalog_column_has_no_freshness_limit()
    {
        var result = Run(Input(
            Column("jyj-jydt", "动态要闻", "jyj", [], [Document("/jyj/jydt/t1.html", "教育动态", "2026-11-01", body: "x")]),
            Column("zdbc", "信息公开目录", "gtj", [], [Document("/zdbc/t1.html", "旧闻", "2020-01-01", body: "x")])));

        var finding = Assert.Single(result.Findings);
        Assert.Equal((FindingKind.StaleColumn, Severity.Alert, "jyj-jydt"), (finding.Kind, finding.Severity, finding.SourceId));
        Assert.Contains("30 天", finding.Message);
        Assert.Contains("14天", finding.Message);
    }

    [Fact]
    public void A_news_column_past_its_warning_line_gets_an_early_warning_with_the_day_the_limit_is_reached()
    {
        var result = Run(Input(
            Column("dtyw", "动态要闻", "szfb", [], [Document("/xwzx/dtyw/t1.html", "市领导调研", "2026-11-20", body: "x")]),
            Column("jyj-jydt", "动态要闻", "jyj", [], [Document("/jyj/jydt/t1.html", "教育动态", "2026-11-22", body: "x")]),
            Column("tzgg", "通知公告", "szfb", [], [Document("/tzgg/t1.html", "通知", "2026-06-15", body: "x")])));

        // dtyw: 11 days old (warning from 10, limit 14); jyj-jydt: 9 days old, calm; tzgg: 5½ months (warning from 5, limit 6).
        Assert.Equal(2, result.Findings.Count);
        var news = Assert.Single(result.Findings, f => f.SourceId == "dtyw");
        Assert.Equal((FindingKind.StaleColumn, Severity.Warning, D("2026-12-04")), (news.Kind, news.Severity, news.DueDate));
        Assert.Contains("请及时更新", news.Message);
        var notices = Assert.Single(result.Findings, f => f.SourceId == "tzgg");
        Assert.Equal((Severity.Warning, D("2026-12-15")), (notices.Severity, notices.DueDate));
    }

    [Fact]
    public void The_early_warning_and_the_later_violation_of_a_column_share_one_finding_id()
    {
        var warned = Assert.Single(Run(Input(Column("dtyw", "动态要闻", "szfb", [], [Document("/xwzx/dtyw/t1.html", "调研", "2026-11-20", body: "x")]))).Findings);
        var stale = Assert.Single(Run(Input(Column("dtyw", "动态要闻", "szfb", [], [Document("/xwzx/dtyw/t1.html", "调研", "2026-11-10", body: "x")]))).Findings);

        Assert.Equal((Severity.Warning, Severity.Alert), (warned.Severity, stale.Severity));
        Assert.Equal(warned.Id, stale.Id);
    }

    [Fact]
    public void A_notice_column_five_months_old_is_fresh_and_seven_months_old_is_stale()
    {
        var result = Run(Input(
            Column("tzgg", "通知公告", "szfb", [], [Document("/tzgg/t1.html", "通知", "2026-07-01", body: "x")]),
            Column("zcwj", "政策文件", "szfb", [], [Document("/zcwj/t1.html", "文件", "2026-04-30", body: "x")])));

        var finding = Assert.Single(result.Findings);
        Assert.Equal(("zcwj", FindingKind.StaleColumn), (finding.SourceId, finding.Kind));
    }

    [Fact]
    public void An_empty_column_is_blank_and_not_also_stale()
    {
        var finding = Assert.Single(Run(Input(Column("csjd-zcjd", "政策文件", "csjd", [], []))).Findings);
        Assert.Equal((FindingKind.BlankColumn, Severity.Alert), (finding.Kind, finding.Severity));
        Assert.StartsWith("sha256:b2", finding.Evidence[0]);
    }

    [Fact]
    public void A_standing_item_with_no_document_is_missing()
    {
        var result = Run(Input(Column("ywjy", "信息公开目录", "jyj", ["ywjy-xxml"], [Document("/ywjy/t1.html", "无关信息", "2026-11-20", body: "x")])));

        var finding = Assert.Single(result.Findings);
        Assert.Equal((FindingKind.MissingItem, Severity.Alert, "ywjy-xxml", "ywjy"), (finding.Kind, finding.Severity, finding.ItemId, finding.Area));
        Assert.Null(finding.Period);
        Assert.Contains("教育概况/义务教育学校名录", finding.Message);
        Assert.Equal(ItemState.Missing, Assert.Single(result.Items).State);
    }

    [Fact]
    public void An_annual_item_missing_for_the_last_year_due_names_the_period_and_due_date()
    {
        var result = Run(Input(Column("ywjy", "信息公开目录", "jyj", ["ywjy-zsjh"],
            [Document("/ywjy/2025/t1.html", "2025年义务教育学校招生计划", "2025-05-20", body: ZsjhBody)])));

        var finding = Assert.Single(result.Findings);
        Assert.Equal((FindingKind.MissingItem, "ywjy-zsjh", "2026"), (finding.Kind, finding.ItemId, finding.Period));
        Assert.Equal(D("2026-06-30"), finding.DueDate);
        Assert.Contains("《中华人民共和国政府信息公开条例》第二十六条", finding.Basis);
    }

    [Fact]
    public void An_annual_item_published_after_its_due_date_is_late_for_that_period()
    {
        var result = Run(Input(Column("bzxzf", "信息公开目录", "cgw", ["bzxzf-ndjh"],
            [Document("/art/2026/4/15/art_9.html", "义乌市2026年度保障性住房建设计划", "2026-04-15", body: NdjhBody)])));

        var finding = Assert.Single(result.Findings);
        Assert.Equal((FindingKind.LatePublication, "2026", "/art/2026/4/15/art_9.html"), (finding.Kind, finding.Period, new Uri(finding.DocumentUrl!).AbsolutePath));
        Assert.Equal(D("2026-03-31"), finding.DueDate);
        Assert.Equal(ItemState.Late, Assert.Single(result.Items).State);
    }

    [Fact]
    public void A_document_published_after_20_working_days_is_late_with_the_computed_due_date()
    {
        // 成文 2026-09-15: 20 working days count the make-up days 09-20 (Sun) and 10-10 (Sat) and skip
        // 中秋 09-25 and 国庆 10-01..07 → due 2026-10-19; published 10-27 is 6 working days late.
        var late = Document("/art/2026/10/27/art_7.html", "义乌市公共租赁住房管理办法", "2026-10-27", "2026-09-15", ZcwjBody);
        var result = Run(Input(Column("bzxzf", "信息公开目录", "cgw", ["bzxzf-zcwj"], [late])));

        var finding = Assert.Single(result.Findings);
        Assert.Equal((FindingKind.LatePublication, Severity.Alert, "bzxzf-zcwj"), (finding.Kind, finding.Severity, finding.ItemId));
        Assert.Equal(D("2026-10-19"), finding.DueDate);
        Assert.False(finding.Provisional);
        Assert.Contains("成文日期 2026-09-15", finding.Message);
        Assert.Contains("2026-10-19 前公开", finding.Message);
        Assert.Contains("实际发布于 2026-10-27", finding.Message);
        Assert.Contains("逾期 6 个工作日", finding.Message);
        Assert.StartsWith("sha256:a1", Assert.Single(finding.Evidence));
    }

    [Fact]
    public void A_document_without_written_date_is_not_assessed_and_never_late()
    {
        var undated = Document("/art/2026/10/20/art_8.html", "义乌市公共租赁住房管理办法", "2026-10-20", written: null, body: ZcwjBody);
        var result = Run(Input(Column("bzxzf", "信息公开目录", "cgw", ["bzxzf-zcwj"], [undated])));

        Assert.Empty(result.Findings);
        var status = Assert.Single(result.Items);
        Assert.Equal(ItemState.NotAssessed, status.State);
        Assert.Contains("页面未标注成文日期", status.Reason);
    }

    [Fact]
    public void A_document_missing_required_elements_gets_one_finding_naming_all_of_them()
    {
        var bare = Document("/art/2026/11/12/art_3.html", "征地补偿安置方案公告", "2026-11-12", "2026-11-05",
            "征收范围 土地现状 征收目的 补偿方式和标准 安置对象 安置方式 补偿登记");
        var result = Run(Input(Column("zdbc", "信息公开目录", "gtj", ["zdbc-bcaz"], [bare])));

        var finding = Assert.Single(result.Findings);
        Assert.Equal((FindingKind.MissingElement, Severity.Warning), (finding.Kind, finding.Severity));
        Assert.Contains("社会保障、异议", finding.Message);
        Assert.Equal(ItemState.Incomplete, Assert.Single(result.Items).State);
    }

    [Fact]
    public void A_document_that_could_not_be_fetched_is_neither_checked_for_elements_nor_timeliness()
    {
        var unfetched = Document("/art/2026/11/12/art_4.html", "义乌市公共租赁住房管理办法", "2026-11-12", fetched: false);
        var result = Run(Input(Column("bzxzf", "信息公开目录", "cgw", ["bzxzf-zcwj"], [unfetched])));

        Assert.Empty(result.Findings);
        Assert.Equal(ItemState.NotAssessed, Assert.Single(result.Items).State);
    }

    [Fact]
    public void An_annual_item_three_working_days_before_its_due_date_is_due_soon()
    {
        // 2026-06-25 (Thu) → 06-26, 06-29, 06-30: three working days left.
        var asOf = new DateTimeOffset(2026, 6, 25, 9, 0, 0, TimeSpan.FromHours(8));
        var result = Run(Input(asOf, Column("ywjy", "信息公开目录", "jyj", ["ywjy-zsjh"],
            [Document("/ywjy/2025/t1.html", "2025年义务教育学校招生计划", "2025-05-20", body: ZsjhBody)])));

        var finding = Assert.Single(result.Findings);
        Assert.Equal((FindingKind.DueSoon, Severity.Warning, "2026"), (finding.Kind, finding.Severity, finding.Period));
        Assert.Equal(D("2026-06-30"), finding.DueDate);
        Assert.Contains("还剩 3 个工作日", finding.Message);
    }

    [Fact]
    public void An_annual_item_four_working_days_before_its_due_date_is_not_yet_due_soon()
    {
        var asOf = new DateTimeOffset(2026, 6, 24, 9, 0, 0, TimeSpan.FromHours(8));
        var result = Run(Input(asOf, Column("ywjy", "信息公开目录", "jyj", ["ywjy-zsjh"],
            [Document("/ywjy/2025/t1.html", "2025年义务教育学校招生计划", "2025-05-20", body: ZsjhBody)])));

        Assert.Empty(result.Findings);
    }

    [Fact]
    public void A_broken_link_names_page_target_and_status_and_carries_the_page_evidence()
    {
        var source = CompliantBzxzf() with { Links = [BrokenLink("/art/2026/11/10/art_1.html", "/module/download/downfile.jsp?classid=0&filename=1_1.pdf")] };
        var result = Run(Input(source));

        var finding = Assert.Single(result.Findings);
        Assert.Equal((FindingKind.BrokenLink, Severity.Notice, null), (finding.Kind, finding.Severity, finding.ItemId));
        Assert.Equal("/module/download/downfile.jsp?classid=0&filename=1_1.pdf", new Uri(finding.TargetUrl!).PathAndQuery);
        Assert.Contains("法规政策/政策文件", finding.Message);
        Assert.Contains("/art/2026/11/10/art_1.html", finding.Message);
        Assert.Contains("filename=1_1.pdf", finding.Message);
        Assert.Contains("HTTP 404", finding.Message);
        Assert.StartsWith("sha256:d4", Assert.Single(finding.Evidence));
    }

    [Fact]
    public void Finding_ids_are_stable_across_runs_whose_portal_port_differs()
    {
        EvaluationResult RunOn(int port) => Run(Input(
            Homepage(D("2026-11-01"), port),
            Column("bzxzf", "信息公开目录", "cgw", BzxzfItems,
                [Document("/art/2026/10/20/art_7.html", "义乌市公共租赁住房管理办法", "2026-10-20", "2026-09-01", ZcwjBody, port)],
                [BrokenLink("/art/2026/10/20/art_7.html", "/missing.html", port)], port)));

        var first = RunOn(18080);
        var second = RunOn(31337);

        Assert.Equal(4, first.Findings.Count);
        Assert.Equal(first.Findings.Select(f => f.Id), second.Findings.Select(f => f.Id));
        Assert.All(first.Findings, f => Assert.Matches("^F[0-9a-f]{16}$", f.Id));
        Assert.Equal(first.Findings.Count, first.Findings.Select(f => f.Id).Distinct().Count());
        var lateFirst = first.Findings.Single(f => f.Kind == FindingKind.LatePublication);
        var lateSecond = second.Findings.Single(f => f.Kind == FindingKind.LatePublication);
        Assert.NotEqual(lateFirst.DocumentUrl, lateSecond.DocumentUrl);
        Assert.Equal(lateFirst.Id, lateSecond.Id);
    }

    [Fact]
    public void A_deadline_running_into_2027_is_provisional_and_warns_that_the_holidays_are_unknown()
    {
        var asOf = new DateTimeOffset(2027, 2, 20, 9, 0, 0, TimeSpan.FromHours(8));
        var late = Document("/art/2027/2/10/art_5.html", "义乌市公共租赁住房管理办法", "2027-02-10", "2026-12-20", ZcwjBody);
        var result = Run(Input(asOf, Column("bzxzf", "信息公开目录", "cgw", ["bzxzf-zcwj"], [late])));

        var finding = Assert.Single(result.Findings);
        Assert.Equal(FindingKind.LatePublication, finding.Kind);
        Assert.True(finding.Provisional);
        Assert.Contains("暂定", finding.Message);
        Assert.Contains("2027年节假日安排尚未发布，相关期限按周末推算，标记为暂定", result.Warnings);
    }

    [Fact]
    public void The_as_of_date_is_taken_in_Shanghai_time()
    {
        // 2026-11-25T17:00Z is 2026-11-26 01:00 in Shanghai: 15 days after 11-11, so stale.
        var result = Run(Input(new DateTimeOffset(2026, 11, 25, 17, 0, 0, TimeSpan.Zero), Homepage(D("2026-11-11"))));
        Assert.Equal(FindingKind.StaleHomepage, Assert.Single(result.Findings).Kind);
    }

    [Fact]
    public void Items_that_cannot_be_checked_on_a_website_are_not_checkable_without_findings()
    {
        var result = Run(Input(Column("zdbc", "信息公开目录", "gtj", ["zdbc-wgpg"], [Document("/zdbc/t1.html", "社会稳定风险评估报告", "2026-11-20", body: "")])));

        Assert.Empty(result.Findings);
        Assert.Equal(ItemState.NotCheckable, Assert.Single(result.Items).State);
    }

    [Fact]
    public void A_document_goes_to_the_first_matching_item_only()
    {
        // 征求意见 drafts of a 管理办法 belong to 决策前预公开, not to 政策文件.
        var draft = Document("/art/2026/11/3/art_6.html", "关于《义乌市保障性住房管理办法（征求意见稿）》公开征求意见的公告", "2026-11-03", "2026-11-02", "征求意见稿 反馈意见");
        var result = Run(Input(Column("bzxzf", "信息公开目录", "cgw", ["bzxzf-zcwj", "bzxzf-jcygk"], [draft])));

        Assert.Empty(result.Findings);
        Assert.Equal(1, result.Items.Single(i => i.ItemId == "bzxzf-jcygk").Documents);
        Assert.Equal(ItemState.NotDue, result.Items.Single(i => i.ItemId == "bzxzf-zcwj").State);
    }

    [Fact]
    public void Output_is_sorted_and_identical_for_sources_given_in_another_order()
    {
        var a = Homepage(D("2026-10-01"));
        var b = Column("csjd-zcjd", "政策文件", "csjd", [], []);
        var c = Column("ywjy", "信息公开目录", "jyj", ["ywjy-xxml"], []);

        var one = Run(Input(a, b, c));
        var two = Run(Input(c, a, b));

        static string Flat(Finding f) => $"{f.Id} {f.Kind} {f.SourceId} {f.ItemId} {f.Message} {string.Join(",", f.Evidence)}";
        Assert.Equal(one.Findings.Select(Flat), two.Findings.Select(Flat));
        Assert.Equal(one.Items, two.Items);
        Assert.Equal(["csjd-zcjd", "home", "ywjy"], one.Sources.Select(s => s.SourceId));
    }

    [Fact]
    public void An_annual_item_whose_only_document_has_no_date_is_not_assessed_rather_than_missing()
    {
        var undated = Document("/ywjy/t9.html", "2026年义务教育学校招生计划", "2026-05-20", body: ZsjhBody) with
        {
            ListDate = null,
            PublishedAt = null,
            DisplayedDate = null,
        };
        var result = Run(Input(Column("ywjy", "信息公开目录", "jyj", ["ywjy-zsjh"], [undated])));

        Assert.Empty(result.Findings);
        var status = Assert.Single(result.Items);
        Assert.Equal(ItemState.NotAssessed, status.State);
        Assert.Contains("未能确定发布日期", status.Reason);
    }
}

using Monitor.RuleEngine.Evaluation;
using static Monitor.RuleEngine.Tests.Support.Some;
using TestRules = Monitor.RuleEngine.Tests.Support.Rules;

namespace Monitor.RuleEngine.Tests.Scoring;

/// <summary>The scoring method of docs/scoring.md, on hand-built observations.</summary>
public sealed class ScorerTests
{
    private static EvaluationResult Run(params SourceObservation[] sources) =>
        Evaluator.Evaluate(Input(sources), TestRules.Set, TestRules.Calendar);

    private static Score ScoreOf(EvaluationResult e, ScoreScope scope, string key) =>
        e.Scores.Single(s => s.Scope == scope && s.Key == key);

    [Fact]
    public void Pair_scores_average_into_item_and_area_scores_and_carry_the_disclosure_part_of_units()
    {
        var result = Run(
            // cgw: zcwj compliant (100), ndjh missing for 2026 (0) → 50.
            Column("bzxzf", "信息公开目录", "cgw", ["bzxzf-zcwj", "bzxzf-ndjh"],
                [Document("/b/1.html", "义乌市保障性住房管理办法", "2026-11-10", "2026-11-02", ZcwjBody)]),
            // csjd (town): bcaz missing two elements (70).
            Column("csjd-zdxx", "信息公开目录", "csjd", ["zdbc-bcaz"],
                [Document("/c/1.html", "征地补偿安置方案公告", "2026-11-12", "2026-11-05", "征收范围 土地现状 征收目的 补偿方式和标准 安置对象 安置方式 补偿登记")]));

        // Units: 60 × mean pair score / 100 + 25 (no column finding) + 15 (no broken link).
        Assert.Equal(70, ScoreOf(result, ScoreScope.Department, "cgw").Value);
        Assert.Equal(82, ScoreOf(result, ScoreScope.Town, "csjd").Value);
        Assert.Equal(50, ScoreOf(result, ScoreScope.Area, "bzxzf").Value);
        Assert.Equal(0, ScoreOf(result, ScoreScope.Item, "bzxzf-ndjh").Value);
        var area = ScoreOf(result, ScoreScope.Area, "bzxzf");
        Assert.Equal((2, 1, 100d, "2026-12-01"), (area.ItemsAssessed, area.ItemsCompliant, area.Max, area.Period));
    }

    [Fact]
    public void Not_assessed_and_not_checkable_pairs_are_left_out_of_the_maximum_and_counted()
    {
        var result = Run(
            Column("zdbc", "信息公开目录", "gtj", ["zdbc-zsgg", "zdbc-wgpg", "zdbc-qpdj"],
            [
                Document("/z/1.html", "义乌市人民政府征收土地公告", "2026-11-12", written: null, "批准机关 批准文号 征收范围 救济途径"),
                Document("/z/2.html", "义乌市征收农用地区片综合地价", "2026-01-12", "2026-01-05", "区片综合地价标准 58000元/亩 适用范围"),
            ]));

        var department = ScoreOf(result, ScoreScope.Department, "gtj");
        Assert.Equal((100d, 1, 1, 1), (department.Value, department.ItemsAssessed, department.ItemsNotAssessed, department.ItemsNotCheckable));
        Assert.DoesNotContain(result.Scores, s => s.Scope == ScoreScope.Item && s.Key == "zdbc-wgpg");
    }

    [Fact]
    public void The_site_loses_points_per_column_and_link_finding()
    {
        var result = Run(
            Homepage(D("2026-11-30")),
            Column("csjd-zcjd", "政策文件", "csjd", [], []),
            Column("bzxzf", "信息公开目录", "cgw", ["bzxzf-zcwj"],
                [Document("/b/1.html", "义乌市保障性住房管理办法", "2026-11-10", "2026-11-02", ZcwjBody)],
                [BrokenLink("/b/1.html", "/x.pdf"), BrokenLink("/b/1.html", "/y.pdf")]));

        var site = ScoreOf(result, ScoreScope.Site, "site");
        // 60 (all pairs compliant) + 25 − 5 (one blank column) + 15 − 2 (two broken links).
        Assert.Equal(93, site.Value);
        Assert.False(site.Vetoed);
    }

    [Fact]
    public void A_unit_loses_points_for_its_own_blank_column_and_broken_links_only()
    {
        var result = Run(
            Column("csjd-zcjd", "政策文件", "csjd", [], []),
            Column("bzxzf", "信息公开目录", "cgw", ["bzxzf-zcwj"],
                [Document("/b/1.html", "义乌市保障性住房管理办法", "2026-11-10", "2026-11-02", ZcwjBody)],
                [BrokenLink("/b/1.html", "/x.pdf")]));

        // csjd: no item pair (60) + 25 − 5 (its blank column) + 15; cgw: 60 + 25 + 15 − 1 (its broken link).
        Assert.Equal(95, ScoreOf(result, ScoreScope.Town, "csjd").Value);
        Assert.Equal(99, ScoreOf(result, ScoreScope.Department, "cgw").Value);
    }

    [Fact]
    public void A_unit_whose_sources_could_not_be_assessed_gets_no_score()
    {
        var result = Run(Unreachable(Column("csjd-zcjd", "政策文件", "csjd", [], []), "列表页获取失败：HTTP 500"));

        Assert.DoesNotContain(result.Scores, s => s.Key == "csjd");
        Assert.DoesNotContain(result.Scores, s => s.Scope == ScoreScope.Site);
    }

    [Fact]
    public void A_veto_finding_fails_the_site_and_its_unit_with_zero()
    {
        var result = Run(Homepage(D("2026-10-01")));
        var site = ScoreOf(result, ScoreScope.Site, "site");
        Assert.Equal(0, site.Value);
        Assert.True(site.Vetoed);
        Assert.True(ScoreOf(result, ScoreScope.Department, "szfb").Vetoed);
        Assert.Equal(0, ScoreOf(result, ScoreScope.Department, "szfb").Value);
    }

    [Theory]
    [InlineData("2026-11-28", 77.2, false, 100)]
    [InlineData("2026-11-01", 0, true, 0)]
    public void The_worked_example_of_docs_scoring_md_gives_its_numbers(string homepageDate, double site, bool vetoed, double office)
    {
        var result = Run(
            Homepage(D(homepageDate)),
            Column("jyj-jydt", "动态要闻", "jyj", [], [Document("/jyj/jydt/t1.html", "教育动态", "2026-11-01", body: "x")]),
            Column("csjd-zcjd", "政策文件", "csjd", [], []),
            Column("bzxzf", "信息公开目录", "cgw", ["bzxzf-zcwj", "bzxzf-ndjh", "bzxzf-zgsh", "bzxzf-zfjz", "bzxzf-flfg"],
            [
                Document("/b/1.html", "义乌市公共租赁住房管理办法", "2026-10-27", "2026-09-15", ZcwjBody),
                Document("/b/2.html", "义乌市2026年度保障性住房建设计划", "2026-03-20", body: NdjhBody),
                Document("/b/3.html", "2026年第三批公租房承租资格审核结果公示", "2026-11-10", "2026-11-02", "申请人 审核结果 公示期"),
            ],
            [BrokenLink("/b/1.html", "/x.pdf"), BrokenLink("/b/3.html", "/y.pdf")]),
            Column("ywjy", "信息公开目录", "jyj", ["ywjy-zsjh", "ywjy-zszc", "ywjy-zsfw", "ywjy-xxml"],
            [
                Document("/y/1.html", "2026年义务教育招生工作实施方案", "2026-05-10", body: "实施方案 随迁子女 延缓入学"),
                Document("/y/2.html", "2026年城区公办学校招生范围", "2026-05-10", body: "招生范围 学区"),
                Document("/y/3.html", "义乌市义务教育学校名录", "2026-03-01", "2026-02-26", XxmlBody),
            ]),
            Column("zdbc", "信息公开目录", "gtj", ["zdbc-bcaz", "zdbc-qpdj"],
            [
                Document("/z/1.html", "征地补偿安置方案公告", "2026-11-12", "2026-11-05", "征收范围 土地现状 征收目的 补偿方式和标准 安置对象 安置方式 补偿登记"),
                Document("/z/2.html", "义乌市征收农用地区片综合地价", "2026-01-12", "2026-01-05", "区片综合地价标准 58000元/亩 适用范围"),
            ]),
            Column("csjd-zdxx", "信息公开目录", "csjd", ["zdbc-ygg"],
                [Document("/c/1.html", "义乌市人民政府征收土地预公告", "2026-11-20", "2026-11-18", "征收目的 拟征收范围 土地现状调查 不得抢栽抢种抢建")]));

        Assert.Equal(88, ScoreOf(result, ScoreScope.Department, "cgw").Value);
        Assert.Equal((3, 2, 1), (ScoreOf(result, ScoreScope.Department, "cgw").ItemsAssessed, ScoreOf(result, ScoreScope.Department, "cgw").ItemsCompliant, ScoreOf(result, ScoreScope.Department, "cgw").ItemsNotCheckable));
        Assert.Equal(80, ScoreOf(result, ScoreScope.Department, "jyj").Value);
        Assert.Equal(91, ScoreOf(result, ScoreScope.Department, "gtj").Value);
        Assert.Equal(95, ScoreOf(result, ScoreScope.Town, "csjd").Value);
        Assert.Equal(office, ScoreOf(result, ScoreScope.Department, "szfb").Value);
        Assert.Equal(90, ScoreOf(result, ScoreScope.Area, "zdbc").Value);
        Assert.Equal(0, ScoreOf(result, ScoreScope.Item, "ywjy-zsjh").Value);
        Assert.Equal(50, ScoreOf(result, ScoreScope.Item, "bzxzf-zcwj").Value);
        var siteScore = ScoreOf(result, ScoreScope.Site, "site");
        Assert.Equal((site, vetoed, 10), (siteScore.Value, siteScore.Vetoed, siteScore.ItemsAssessed));
    }
}

using Monitor.RuleEngine.Evaluation;
using Monitor.RuleEngine.Loading;
using Monitor.RuleEngine.Rules;
using Monitor.RuleEngine.Tests.Support;
using static Monitor.RuleEngine.Tests.Support.Some;

namespace Monitor.RuleEngine.Tests.Catalog;

/// <summary>
/// Guards rules/catalog/fwzs.yaml (国有土地上房屋征收与补偿): its shape, the contract of
/// docs/sample-portal-areas.md for the sample's fwzs column, the Zhejiang 7-calendar-day limit of the
/// 房屋征收决定 (days-after, not working days), and that its titles do not take 集体土地 documents of jtcq.
/// </summary>
public sealed class FwzsCatalogTests
{
    private const string Area = "fwzs";

    private static RuleSetLoadResult Loaded => CatalogShape.Loaded;

    /// <summary>The sample column's expected items (docs/sample-portal-areas.md).</summary>
    private static readonly string[] SampleColumn = ["fwzs-zsjd", "fwzs-bcfa", "fwzs-pgjg"];

    private static RuleSet Rules => CatalogShape.Rules;

    private static IReadOnlyList<CatalogItem> Items => CatalogShape.ItemsOf(Area);

    public static TheoryData<string, string, string, string, string> SampleItems => new()
    {
        // Title shapes as the sample portal's generator writes them (src/SamplePortal/Generation/AreaWriter.Fwzs.cs).
        { "fwzs-zsjd", "征收决定", "房屋征收决定公告", "房屋征收决定", "关于江滨路旧城区改建地块国有土地上房屋征收决定的公告" },
        { "fwzs-bcfa", "征收决定", "征收补偿方案征求意见", "补偿方案征求意见", "关于江滨路旧城区改建地块国有土地上房屋征收补偿方案征求意见的公告" },
        { "fwzs-pgjg", "补偿", "分户初步评估结果", "初步评估结果", "江滨路旧城区改建地块被征收房屋分户初步评估结果公示" },
    };

    [Fact]
    public void The_file_loads_without_error()
    {
        Assert.DoesNotContain(Loaded.Errors, e => e.File.EndsWith("catalog/fwzs.yaml", StringComparison.Ordinal));
        var area = Rules.Areas.Single(a => a.Id == Area);
        Assert.Equal("国有土地上房屋征收与补偿", area.Name);
        Assert.Contains("国有土地上房屋征收与补偿", area.Guideline, StringComparison.Ordinal);
    }

    [Fact]
    public void The_area_has_fifteen_to_thirty_items_with_unique_prefixed_ids()
    {
        Assert.InRange(Items.Count, 15, 30);
        Assert.All(Items, i => Assert.StartsWith(Area + "-", i.Id, StringComparison.Ordinal));
        Assert.Equal(Items.Count, Items.Select(i => i.Id).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Every_item_cites_an_article_and_has_a_deadline_a_required_element_and_a_title_pattern()
    {
        Assert.All(Items, i =>
        {
            CatalogShape.AssertCitesAnArticle(i);
            CatalogShape.AssertCore(i);
            Assert.Contains(i.Channels, c => c.Required);
        });
    }

    [Fact]
    public void Derived_items_explain_themselves_and_both_provenances_occur()
    {
        Assert.All(Items.Where(i => i.Provenance == Provenance.Derived), i => Assert.False(string.IsNullOrWhiteSpace(i.Note)));
        Assert.Contains(Items, i => i.Provenance == Provenance.Verified);
        Assert.Contains(Items, i => i.Provenance == Provenance.Derived);
        Assert.All(SampleColumn, id => Assert.Equal(Provenance.Verified, Rules.FindItem(id)!.Provenance));
    }

    [Fact]
    public void On_request_items_are_not_machine_checkable_and_sample_items_are()
    {
        Assert.Equal(["fwzs-ggly", "fwzs-wgpg"], Items.Where(i => i.Mode == "依申请").Select(i => i.Id));
        Assert.All(Items.Where(i => i.Mode == "依申请"), i => Assert.False(i.MachineCheckable));
        Assert.All(SampleColumn, id => Assert.True(Rules.FindItem(id)!.MachineCheckable));
    }

    [Theory]
    [MemberData(nameof(SampleItems))]
    public void A_sample_title_goes_to_its_item_in_the_sample_column_and_in_the_whole_area(
        string id, string level1, string level2, string keyword, string title)
    {
        Assert.Contains(keyword, title, StringComparison.Ordinal);
        var item = Rules.FindItem(id)!;
        Assert.Equal((level1, level2), (item.Level1, item.Level2));
        Assert.True(item.MatchesTitle(keyword), $"{id} does not match its bare keyword {keyword}");

        Assert.Equal(id, Items.Where(i => SampleColumn.Contains(i.Id)).First(i => i.MatchesTitle(title)).Id);
        Assert.Equal(id, Items.First(i => i.MatchesTitle(title)).Id);
    }

    [Fact]
    public void Sample_items_require_exactly_the_contracts_element_keywords_and_their_patterns_find_them()
    {
        var contract = new Dictionary<string, string[]>
        {
            ["fwzs-zsjd"] = ["征收范围", "征收补偿方案", "行政复议", "行政诉讼"],
            ["fwzs-bcfa"] = ["征收补偿方案", "不少于30日"],
            ["fwzs-pgjg"] = ["评估结果", "复核"],
        };
        foreach (var (id, keywords) in contract)
        {
            var required = Rules.FindItem(id)!.Elements.Where(e => e.Required).ToList();
            Assert.Equal(keywords, required.Select(e => e.Name));
            Assert.All(required, e => Assert.Contains(e.Find.Patterns, p => p.IsMatch(e.Name)));
        }
    }

    [Fact]
    public void Sample_deadlines_are_as_the_contract_says()
    {
        Assert.Equal(new DaysAfter(7, "decided"), Rules.FindItem("fwzs-zsjd")!.Deadline);
        Assert.Equal(new DisplayAtLeast(30, DayUnit.Calendar), Rules.FindItem("fwzs-bcfa")!.Deadline);
        Assert.Equal(new WorkingDaysAfter(20, "formed"), Rules.FindItem("fwzs-pgjg")!.Deadline);
        Assert.All(SampleColumn, id => Assert.Equal(Presence.PerDocument, Rules.FindItem(id)!.Presence));
    }

    [Theory]
    [InlineData("关于江滨地块房屋征收决定效力终止的公告", "fwzs-zsjdzz")]
    [InlineData("江滨地块房屋征收补偿方案征求意见情况和修改情况的公告", "fwzs-yjqk")]
    [InlineData("江滨地块旧城区改建项目征收补偿方案听证会公告", "fwzs-tzh")]
    [InlineData("江滨地块国有土地上房屋征收补偿方案", "fwzs-bcfaz")]
    [InlineData("义乌市国有土地上房屋征收补助和奖励办法", "fwzs-bzjl")]
    [InlineData("江滨地块房地产价格评估机构选定结果公告", "fwzs-pgjx")]
    [InlineData("关于江滨地块房屋征收范围的公告", "fwzs-zsfw")]
    [InlineData("关于江滨地块房屋征收范围内暂停办理相关手续的通知", "fwzs-ztbl")]
    [InlineData("江滨地块房屋入户调查通知", "fwzs-dctz")]
    [InlineData("江滨地块房屋调查登记结果公示", "fwzs-dcjg")]
    [InlineData("江滨地块未经登记建筑调查认定结果公示", "fwzs-rdjg")]
    [InlineData("关于江滨地块某户房屋征收补偿决定的公告", "fwzs-bcjd")]
    [InlineData("江滨地块被征收房屋分户补偿情况公布", "fwzs-fhbc")]
    [InlineData("江滨地块房屋征收补偿费用审计结果公告", "fwzs-sjjg")]
    [InlineData("关于公布国有土地上房屋征收搬迁费和临时安置费标准的通知", "fwzs-azbz")]
    [InlineData("江滨地块产权调换房源公告", "fwzs-cqtf")]
    [InlineData("国有土地上房屋征收与补偿条例", "fwzs-gjfg")]
    [InlineData("浙江省国有土地上房屋征收与补偿条例", "fwzs-dfwj")]
    [InlineData("义乌市国有土地上房屋征收与补偿实施办法", "fwzs-dfwj")]
    public void A_source_expecting_the_whole_area_routes_each_kind_of_notice_to_its_item(string title, string expected)
    {
        Assert.Equal(expected, Items.First(i => i.MatchesTitle(title)).Id);
    }

    [Theory]
    [InlineData("关于下湖村征地范围内暂停办理有关事项的公告", "jtcq-ztbl")]
    [InlineData("下湖村集体土地上房屋分户初步评估结果公示", "jtcq-pgjg")]
    [InlineData("下湖村集体土地上房屋征收评估机构选定公告", "jtcq-pgjx")]
    [InlineData("下湖村征地社会稳定风险评估报告", "zdbc-wgpg")]
    [InlineData("关于下湖村征地听证会的公告", null)]
    public void A_source_expecting_fwzs_jtcq_and_zdbc_leaves_collective_land_titles_to_their_own_areas(string title, string? expected)
    {
        var first = Rules.Items.Where(i => i.Area is "fwzs" or "jtcq" or "zdbc").FirstOrDefault(i => i.MatchesTitle(title));
        if (expected is null)
        {
            Assert.True(first is null || first.Area != Area, $"{title} went to {first?.Id}");
        }
        else
        {
            Assert.Equal(expected, first?.Id);
        }
    }

    [Fact]
    public void A_compliant_sample_column_gives_no_finding()
    {
        var result = Evaluate(
            Document("/zfxxgk/fwzs/202611/t20261118_1.html", "关于江滨地块房屋征收决定的公告", "2026-11-18", "2026-11-16",
                "一、征收范围 二、征收补偿方案见附件 三、被征收人不服的，可依法申请行政复议或者提起行政诉讼。"),
            Document("/zfxxgk/fwzs/202610/t20261020_2.html", "关于江滨地块房屋征收补偿方案征求意见的公告", "2026-10-20", "2026-10-15",
                "现将征收补偿方案公布，征求意见期限不少于30日。"),
            Document("/zfxxgk/fwzs/202611/t20261109_3.html", "江滨地块被征收房屋分户初步评估结果公示", "2026-11-09", "2026-11-02",
                "分户评估结果见附件；对评估结果有异议的，可申请复核评估。"));

        Assert.DoesNotContain(result.Findings, f => f.Area == Area);
        Assert.All(result.Items.Where(i => i.Documents > 0), i => Assert.Equal(ItemState.Compliant, i.State));
    }

    [Fact]
    public void A_decision_published_eight_calendar_days_after_it_was_made_is_late_even_across_a_holiday()
    {
        // 成文 2026-09-30; 7 calendar days → due 10-07, although the National Day holiday means hardly a working day passed.
        var late = Document("/zfxxgk/fwzs/202610/t20261008_4.html", "关于江滨地块房屋征收决定的公告", "2026-10-08", "2026-09-30",
            "征收范围 征收补偿方案 行政复议 行政诉讼");

        var finding = Assert.Single(Evaluate(late).Findings, f => f.Area == Area);
        Assert.Equal((FindingKind.LatePublication, "fwzs-zsjd"), (finding.Kind, finding.ItemId));
        Assert.Equal(new DateOnly(2026, 10, 7), finding.DueDate);
    }

    [Fact]
    public void No_title_or_element_pattern_matches_an_empty_text()
    {
        Assert.All(Items, i => Assert.All(i.Match.Titles, p => Assert.DoesNotMatch(p, string.Empty)));
        Assert.All(Items.SelectMany(i => i.Elements).SelectMany(e => e.Find.Patterns), p => Assert.DoesNotMatch(p, string.Empty));
    }

    private static EvaluationResult Evaluate(params ObservedDocument[] documents) =>
        Evaluator.Evaluate(Input(Column("fwzs", "信息公开目录", "cgw", SampleColumn, documents)), Rules, Loaded.Calendar!);
}

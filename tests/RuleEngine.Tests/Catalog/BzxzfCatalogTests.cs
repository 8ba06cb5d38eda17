using Monitor.RuleEngine.Evaluation;
using Monitor.RuleEngine.Loading;
using Monitor.RuleEngine.Rules;
using Monitor.RuleEngine.Tests.Support;
using static Monitor.RuleEngine.Tests.Support.Some;

namespace Monitor.RuleEngine.Tests.Catalog;

/// <summary>
/// Guards rules/catalog/bzxzf.yaml (保障性住房) after its deepening: the ids, keywords and deadlines the
/// sample portal relies on (docs/sample-portal.md) stay as they were, no added item takes a sample title,
/// and no added item can be reported missing (the sample's bzxzf column may expect the whole area).
/// </summary>
public sealed class BzxzfCatalogTests
{
    private const string Area = "bzxzf";

    private static RuleSetLoadResult Loaded => CatalogShape.Loaded;

    /// <summary>The sample's bzxzf column expects these (config/sample/sources.yaml).</summary>
    private static readonly string[] SampleColumn = ["bzxzf-zcwj", "bzxzf-jcygk", "bzxzf-zgsh", "bzxzf-yhgg", "bzxzf-ndjh"];

    /// <summary>The ten items the file had before it was deepened; their ids must never change.</summary>
    private static readonly string[] OriginalIds =
        ["bzxzf-jcygk", "bzxzf-zcwj", "bzxzf-flfg", "bzxzf-zgsh", "bzxzf-yhgg", "bzxzf-ndjh", "bzxzf-zlbt", "bzxzf-jchy", "bzxzf-jcjg", "bzxzf-zfjz"];

    private static RuleSet Rules => CatalogShape.Rules;

    private static IReadOnlyList<CatalogItem> Items => CatalogShape.ItemsOf(Area);

    public static TheoryData<string, string, string> SampleTitles => new()
    {
        // Titles as the sample portal's generator writes them (src/SamplePortal/Generation/AreaWriter.cs).
        { "bzxzf-zcwj", "管理办法", "关于印发义乌市住房租赁补贴管理办法的通知" },
        { "bzxzf-zcwj", "实施细则", "关于印发义乌市公共租赁住房实施细则的通知" },
        { "bzxzf-zcwj", "实施意见", "关于加快发展住房租赁补贴的实施意见" },
        { "bzxzf-zcwj", "管理办法", "关于印发义乌市城镇住房困难家庭住房保障管理办法的通知" },
        { "bzxzf-jcygk", "征求意见", "关于公共租赁住房租金标准调整公开征求意见的公告" },
        { "bzxzf-jcygk", "征求意见", "关于住房租赁补贴发放方式优化公开征求意见的公告" },
        { "bzxzf-zgsh", "资格审核结果公示", "2026年第2批公共租赁住房承租资格审核结果公示" },
        { "bzxzf-yhgg", "摇号公告", "城西安居苑公共租赁住房摇号公告" },
        { "bzxzf-ndjh", "年度保障性住房建设计划", "义乌市2026年度保障性住房建设计划" },
    };

    [Fact]
    public void The_file_loads_without_error()
    {
        Assert.DoesNotContain(Loaded.Errors, e => e.File.EndsWith("catalog/bzxzf.yaml", StringComparison.Ordinal));
        Assert.Equal("保障性住房", Rules.Areas.Single(a => a.Id == Area).Name);
    }

    [Fact]
    public void The_area_has_fifteen_to_thirty_items_with_unique_prefixed_ids_and_keeps_its_original_ones()
    {
        Assert.InRange(Items.Count, 15, 30);
        Assert.All(Items, i => Assert.StartsWith(Area + "-", i.Id, StringComparison.Ordinal));
        Assert.Equal(Items.Count, Items.Select(i => i.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.All(OriginalIds, id => Assert.NotNull(Rules.FindItem(id)));
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
    public void Derived_items_explain_themselves_and_offline_items_are_not_machine_checkable()
    {
        Assert.All(Items.Where(i => i.Provenance == Provenance.Derived), i => Assert.False(string.IsNullOrWhiteSpace(i.Note)));
        Assert.Contains(Items, i => i.Provenance == Provenance.Verified);
        Assert.Contains(Items, i => i.Provenance == Provenance.Derived);
        Assert.Equal(["bzxzf-zfjz"], Items.Where(i => !i.MachineCheckable).Select(i => i.Id));
        Assert.All(SampleColumn, id => Assert.True(Rules.FindItem(id)!.MachineCheckable));
    }

    [Fact]
    public void Only_the_sample_annual_plan_can_be_reported_missing()
    {
        // A source expecting the whole area would report an added standing or per-period item as missing in the sample.
        Assert.Equal(["bzxzf-ndjh"], Items.Where(i => i.Presence != Presence.PerDocument).Select(i => i.Id));
    }

    [Theory]
    [MemberData(nameof(SampleTitles))]
    public void A_sample_title_goes_to_its_item_in_the_sample_column_and_in_the_whole_area(string id, string keyword, string title)
    {
        Assert.Contains(keyword, title, StringComparison.Ordinal);
        Assert.True(Rules.FindItem(id)!.MatchesTitle(keyword), $"{id} does not match its bare keyword {keyword}");
        Assert.Equal(id, Items.Where(i => SampleColumn.Contains(i.Id)).First(i => i.MatchesTitle(title)).Id);
        Assert.Equal(id, Items.First(i => i.MatchesTitle(title)).Id);
    }

    [Fact]
    public void Sample_items_keep_their_required_elements_and_their_patterns_find_the_sample_keywords()
    {
        var contract = new Dictionary<string, (string Name, string? Keyword)[]>
        {
            // null: the element is satisfied by an extracted field (正文 = body), not by a pattern.
            ["bzxzf-zcwj"] = [("文号", "义城管〔2026〕5号"), ("实施日期", "自2026年12月1日起施行"), ("正文", null)],
            ["bzxzf-jcygk"] = [("草案", "征求意见稿"), ("意见反馈方式", "反馈意见")],
            ["bzxzf-zgsh"] = [("申请人", "申请人"), ("审核结果", "审核结果"), ("公示期", "公示期")],
            ["bzxzf-yhgg"] = [("房源", "房源"), ("摇号时间", "摇号时间"), ("摇号地点", "摇号地点")],
            ["bzxzf-ndjh"] = [("建设任务", "建设任务"), ("资金安排", "资金安排")],
        };
        foreach (var (id, elements) in contract)
        {
            var required = Rules.FindItem(id)!.Elements.Where(e => e.Required).ToList();
            Assert.Equal(elements.Select(e => e.Name), required.Select(e => e.Name));
            foreach (var (element, (_, keyword)) in required.Zip(elements))
            {
                if (keyword is null)
                {
                    Assert.Equal(DocumentField.Body, element.Find.Field);
                }
                else
                {
                    Assert.Contains(element.Find.Patterns, p => p.IsMatch(keyword));
                }
            }
        }
    }

    [Fact]
    public void Sample_deadlines_are_as_agreed()
    {
        Assert.Equal(new AnnualBy(3, 31), Rules.FindItem("bzxzf-ndjh")!.Deadline);
        foreach (var id in new[] { "bzxzf-zcwj", "bzxzf-jcygk" })
        {
            Assert.Equal(new WorkingDaysAfter(20, "formed"), Rules.FindItem(id)!.Deadline);
        }

        foreach (var id in new[] { "bzxzf-zgsh", "bzxzf-yhgg" })
        {
            Assert.Equal(new WorkingDaysAfter(20, "decided"), Rules.FindItem(id)!.Deadline);
        }
    }

    [Theory]
    [InlineData("义乌市保障性住房条例", "bzxzf-flfg")]
    [InlineData("2026年第2批公共租赁住房轮候对象名单公布", "bzxzf-lhdx")]
    [InlineData("青枫家园公共租赁住房配租方案", "bzxzf-pzfa")]
    [InlineData("青枫家园公共租赁住房摇号结果公告", "bzxzf-pzjg")]
    [InlineData("义乌市2025年保障性安居工程计划完成情况", "bzxzf-wcqk")]
    [InlineData("义乌市“十五五”住房保障规划", "bzxzf-zcqgh")]
    [InlineData("义乌市2026年保障性租赁住房项目清单", "bzxzf-xmxx")]
    [InlineData("义乌市住房租赁补贴申请指南", "bzxzf-bzfw")]
    [InlineData("2026年第3批住房租赁补贴资格确认公示", "bzxzf-zlbt")]
    [InlineData("关于公布2027年度公共租赁住房租金标准的通知", "bzxzf-zjbz")]
    [InlineData("关于青枫家园违规转租承租人腾退的公告", "bzxzf-tcgl")]
    [InlineData("市政府常务会议审议保障性住房事项", "bzxzf-jchy")]
    [InlineData("义乌市保障性租赁住房发展工作方案", "bzxzf-jcjg")]
    [InlineData("关于公布义乌市住房困难标准和住房救助标准的通知", "bzxzf-jzbz")]
    [InlineData("2026年第4批住房救助审核结果公示", "bzxzf-zfjz")]
    public void A_source_expecting_the_whole_area_routes_each_kind_of_notice_to_its_item(string title, string expected)
    {
        Assert.Equal(expected, Items.First(i => i.MatchesTitle(title)).Id);
    }

    [Fact]
    public void A_resettlement_housing_lottery_is_left_to_the_expropriation_areas()
    {
        Assert.DoesNotContain(Items, i => i.MatchesTitle("下湖村拆迁安置房摇号公告"));
        var housingAreas = Rules.Items.Where(i => i.Area is "bzxzf" or "fwzs" or "jtcq");
        Assert.Equal("jtcq-azfy", housingAreas.First(i => i.MatchesTitle("下湖村拆迁安置房摇号公告")).Id);
    }

    [Fact]
    public void The_samples_compliant_documents_give_no_finding_in_a_source_expecting_the_whole_area()
    {
        var docs = new[]
        {
            Document("/art/2026/11/9/art_1229000010_1.html", "关于印发义乌市公共租赁住房管理办法的通知", "2026-11-09", "2026-10-28",
                "义城管〔2026〕12号 正文 自2026年12月1日起施行", documentNumber: "义城管〔2026〕12号"),
            Document("/art/2026/9/1/art_1229000010_2.html", "关于公共租赁住房租金标准调整公开征求意见的公告", "2026-09-01", "2026-08-27",
                "征求意见稿 请于30日内反馈意见"),
            Document("/art/2026/8/3/art_1229000010_3.html", "2026年第2批公共租赁住房承租资格审核结果公示", "2026-08-03", "2026-07-24",
                "申请人 审核结果 公示期7天"),
            Document("/art/2026/6/8/art_1229000010_4.html", "城西安居苑公共租赁住房摇号公告", "2026-06-08", "2026-06-01", "房源 摇号时间 摇号地点"),
            Document("/art/2026/3/16/art_1229000010_5.html", "义乌市2026年度保障性住房建设计划", "2026-03-16", "2026-03-05", "建设任务 资金安排"),
        };

        var result = Evaluator.Evaluate(Input(Column("bzxzf", "信息公开目录", "cgw", Items.Select(i => i.Id).ToList(), docs)), Rules, Loaded.Calendar!);

        Assert.DoesNotContain(result.Findings, f => f.Area == Area);
    }

    [Fact]
    public void No_title_or_element_pattern_matches_an_empty_text()
    {
        Assert.All(Items, i => Assert.All(i.Match.Titles, p => Assert.DoesNotMatch(p, string.Empty)));
        Assert.All(Items.SelectMany(i => i.Elements).SelectMany(e => e.Find.Patterns), p => Assert.DoesNotMatch(p, string.Empty));
    }
}

using Monitor.RuleEngine.Evaluation;
using Monitor.RuleEngine.Loading;
using Monitor.RuleEngine.Rules;
using Monitor.RuleEngine.Tests.Support;
using static Monitor.RuleEngine.Tests.Support.Some;

namespace Monitor.RuleEngine.Tests.Catalog;

/// <summary>
/// Guards rules/catalog/zdbc.yaml (征地补偿) after its deepening: the ids, keywords and deadlines the
/// sample portal relies on (docs/sample-portal.md) stay as they were, no added item takes a sample title,
/// and no added item can be reported missing (the sample's zdbc column expects the whole area).
/// </summary>
public sealed class ZdbcCatalogTests
{
    private const string Area = "zdbc";

    private static RuleSetLoadResult Loaded => CatalogShape.Loaded;

    /// <summary>The sample's zdbc column expects these (config/sample/sources.yaml); csjd-zdxx expects ygg and bcaz.</summary>
    private static readonly string[] SampleColumn = ["zdbc-qpdj", "zdbc-ygg", "zdbc-bcaz", "zdbc-zsgg"];

    /// <summary>The ten items the file had before it was deepened; their ids must never change.</summary>
    private static readonly string[] OriginalIds =
        ["zdbc-qpdj", "zdbc-ygg", "zdbc-bcaz", "zdbc-zsgg", "zdbc-xzdc", "zdbc-pzwj", "zdbc-bpcl", "zdbc-fzwbz", "zdbc-tzs", "zdbc-wgpg"];

    private static RuleSet Rules => CatalogShape.Rules;

    private static IReadOnlyList<CatalogItem> Items => CatalogShape.ItemsOf(Area);

    public static TheoryData<string, string, string> SampleTitles => new()
    {
        // Titles as the sample portal's generator writes them (src/SamplePortal/Generation/AreaWriter.cs).
        { "zdbc-qpdj", "区片综合地价", "关于公布实施义乌市征地区片综合地价的通知" },
        { "zdbc-qpdj", "区片综合地价", "关于调整义乌市征地区片综合地价的通知" },
        { "zdbc-ygg", "征收土地预公告", "义乌市2026年度第3批次建设用地征收土地预公告" },
        { "zdbc-ygg", "征收土地预公告", "城西街道下湖村地块征收土地预公告" },
        { "zdbc-bcaz", "征地补偿安置方案公告", "义乌市2026年度第5批次建设用地征地补偿安置方案公告" },
        { "zdbc-bcaz", "征地补偿安置方案公告", "城西街道下湖村地块征地补偿安置方案公告" },
        { "zdbc-zsgg", "征收土地公告", "义乌市2026年度第8批次建设用地征收土地公告" },
    };

    [Fact]
    public void The_file_loads_without_error()
    {
        Assert.DoesNotContain(Loaded.Errors, e => e.File.EndsWith("catalog/zdbc.yaml", StringComparison.Ordinal));
        Assert.Equal("征地补偿", Rules.Areas.Single(a => a.Id == Area).Name);
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
    public void No_item_relies_on_the_superseded_land_expropriation_notice_rules()
    {
        // 《征收土地公告办法》 and the 1998 实施条例 windows no longer apply to projects after 2021-09-01.
        Assert.All(Items.SelectMany(i => i.Basis), b => Assert.DoesNotContain("征收土地公告办法", b, StringComparison.Ordinal));
        Assert.Equal(new WorkingDaysAfter(15, "approved"), Rules.FindItem("zdbc-zsgg")!.Deadline);
    }

    [Fact]
    public void Derived_items_explain_themselves_and_on_request_items_are_not_machine_checkable()
    {
        Assert.All(Items.Where(i => i.Provenance == Provenance.Derived), i => Assert.False(string.IsNullOrWhiteSpace(i.Note)));
        Assert.Contains(Items, i => i.Provenance == Provenance.Derived);
        Assert.Equal(["zdbc-tzjl", "zdbc-wgpg"], Items.Where(i => i.Mode == "依申请").Select(i => i.Id));
        Assert.All(Items.Where(i => i.Mode == "依申请"), i => Assert.False(i.MachineCheckable));
        Assert.All(SampleColumn, id => Assert.True(Rules.FindItem(id)!.MachineCheckable));
    }

    [Fact]
    public void Only_the_sample_standing_item_can_be_reported_missing()
    {
        // The sample's zdbc column expects every zdbc item; an added standing or per-period item would be a false finding there.
        Assert.Equal(["zdbc-qpdj"], Items.Where(i => i.Presence != Presence.PerDocument).Select(i => i.Id));
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
        var contract = new Dictionary<string, (string Name, string Keyword)[]>
        {
            ["zdbc-qpdj"] = [("区片综合地价标准", "一类区片68000元/亩"), ("适用范围", "适用范围")],
            ["zdbc-ygg"] = [("征收目的", "征收目的"), ("拟征收范围", "拟征收范围"), ("土地现状调查安排", "土地现状调查安排"), ("不得抢栽抢种抢建", "不得抢栽抢种抢建")],
            ["zdbc-bcaz"] =
            [
                ("征收范围", "征收范围"), ("土地现状", "土地现状"), ("征收目的", "征收目的"), ("补偿方式和标准", "补偿方式和标准"),
                ("安置对象", "安置对象"), ("安置方式", "安置方式"), ("社会保障", "社会保障"), ("补偿登记", "补偿登记"), ("异议", "异议"),
            ],
            ["zdbc-zsgg"] = [("批准机关", "批准机关"), ("批准文号", "批准文号"), ("征收范围", "征收范围"), ("救济途径", "救济途径")],
        };
        foreach (var (id, elements) in contract)
        {
            var required = Rules.FindItem(id)!.Elements.Where(e => e.Required).ToList();
            Assert.Equal(elements.Select(e => e.Name), required.Select(e => e.Name));
            Assert.All(required.Zip(elements), pair => Assert.Contains(pair.First.Find.Patterns, p => p.IsMatch(pair.Second.Keyword)));
        }
    }

    [Fact]
    public void Sample_deadlines_are_as_agreed()
    {
        Assert.Equal(Presence.Standing, Rules.FindItem("zdbc-qpdj")!.Presence);
        Assert.Equal(new DisplayAtLeast(10, DayUnit.Working), Rules.FindItem("zdbc-ygg")!.Deadline);
        Assert.Equal(new DisplayAtLeast(30, DayUnit.Calendar), Rules.FindItem("zdbc-bcaz")!.Deadline);
        Assert.Equal(new WorkingDaysAfter(15, "approved"), Rules.FindItem("zdbc-zsgg")!.Deadline);
    }

    [Theory]
    [InlineData("关于下湖村地块征地补偿安置方案修改情况的公告", "zdbc-faxg")]
    [InlineData("关于某户征地补偿安置决定的公告", "zdbc-azjd")]
    [InlineData("下湖村拟征收土地现状调查结果公示", "zdbc-xzdc")]
    [InlineData("浙江省人民政府关于义乌市2026年度第3批次建设用地的批复", "zdbc-pzwj")]
    [InlineData("义乌市2026年度第3批次建设用地请示", "zdbc-scyj")]
    [InlineData("义乌市2026年度第3批次建设用地报批材料", "zdbc-bpcl")]
    [InlineData("义乌市地上附着物和青苗补偿标准", "zdbc-fzwbz")]
    [InlineData("下湖村被征地农民社会保障对象名单公示", "zdbc-sbmd")]
    [InlineData("义乌市被征地农民养老保障实施办法", "zdbc-azbz")]
    [InlineData("浙江省征地补偿安置协议示范文本", "zdbc-xysb")]
    [InlineData("下湖村征地补偿安置方案听证通知书", "zdbc-tzs")]
    [InlineData("下湖村征地补偿安置方案听证笔录", "zdbc-tzjl")]
    [InlineData("下湖村土地补偿费分配使用情况公示", "zdbc-zfqk")]
    [InlineData("下湖村征地社会稳定风险评估报告", "zdbc-wgpg")]
    [InlineData("中华人民共和国土地管理法实施条例", "zdbc-flfg")]
    [InlineData("浙江省土地管理条例", "zdbc-flfg")]
    [InlineData("义乌市征地前期工作管理办法", "zdbc-gfwj")]
    public void A_source_expecting_the_whole_area_routes_each_kind_of_notice_to_its_item(string title, string expected)
    {
        Assert.Equal(expected, Items.First(i => i.MatchesTitle(title)).Id);
    }

    [Fact]
    public void The_samples_compliant_documents_give_no_finding_in_a_source_expecting_the_whole_area()
    {
        var docs = new[]
        {
            Document("/zfxxgk/zdbc/202601/t20260112_1.html", "关于调整义乌市征地区片综合地价的通知", "2026-01-12", "2026-01-05", "区片综合地价标准 68000元/亩 适用范围"),
            Document("/zfxxgk/zdbc/202610/t20261012_2.html", "义乌市2026年度第3批次建设用地征收土地预公告", "2026-10-12", "2026-10-09",
                "征收目的 拟征收范围 土地现状调查安排 不得抢栽抢种抢建"),
            Document("/zfxxgk/zdbc/202610/t20261030_3.html", "义乌市2026年度第5批次建设用地征地补偿安置方案公告", "2026-10-30", "2026-10-26",
                "征收范围 土地现状 征收目的 补偿方式和标准 安置对象 安置方式 社会保障 补偿登记 异议"),
            Document("/zfxxgk/zdbc/202611/t20261120_4.html", "义乌市2026年度第8批次建设用地征收土地公告", "2026-11-20", "2026-11-10",
                "批准机关 批准文号 征收范围 救济途径"),
        };

        var result = Evaluator.Evaluate(Input(Column("zdbc", "信息公开目录", "gtj", Items.Select(i => i.Id).ToList(), docs)), Rules, Loaded.Calendar!);

        Assert.DoesNotContain(result.Findings, f => f.Area == Area);
    }

    [Fact]
    public void No_title_or_element_pattern_matches_an_empty_text()
    {
        Assert.All(Items, i => Assert.All(i.Match.Titles, p => Assert.DoesNotMatch(p, string.Empty)));
        Assert.All(Items.SelectMany(i => i.Elements).SelectMany(e => e.Find.Patterns), p => Assert.DoesNotMatch(p, string.Empty));
    }
}

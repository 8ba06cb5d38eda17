using Monitor.RuleEngine.Evaluation;
using Monitor.RuleEngine.Loading;
using Monitor.RuleEngine.Rules;
using Monitor.RuleEngine.Tests.Support;
using static Monitor.RuleEngine.Tests.Support.Some;

namespace Monitor.RuleEngine.Tests.Catalog;

/// <summary>
/// Guards rules/catalog/szfw.yaml (市政服务): its shape, and the contract of docs/sample-portal-areas.md for
/// the sample's 市政服务 column (ids, title and element keywords, deadlines, the planted missing 停水范围).
/// </summary>
public sealed class SzfwCatalogTests
{
    private const string Area = "szfw";

    private static RuleSetLoadResult Loaded => CatalogShape.Loaded;

    /// <summary>The sample column's expected items, in the order the contract lists them.</summary>
    private static readonly string[] SampleColumn = ["szfw-tsgg", "szfw-szxx", "szfw-rqfw", "szfw-gjtz"];

    private static readonly string[] SubAreas = ["供水", "污水处理", "燃气", "公共交通", "垃圾处理", "市政服务综合"];

    private static RuleSet Rules => CatalogShape.Rules;

    private static IReadOnlyList<CatalogItem> Items => CatalogShape.ItemsOf(Area);

    public static TheoryData<string, string, string, string> SampleItems => new()
    {
        { "szfw-tsgg", "供水", "计划停水", "关于城西片区计划停水的通知" },
        { "szfw-szxx", "供水", "水质公告", "2026年11月义乌市供水水质公告" },
        { "szfw-rqfw", "燃气", "燃气服务指南", "义乌市管道燃气服务指南" },
        { "szfw-gjtz", "公共交通", "公交线路调整", "关于101路公交线路调整的公告" },
    };

    [Fact]
    public void The_file_loads_without_error()
    {
        Assert.DoesNotContain(Loaded.Errors, e => e.File.EndsWith("catalog/szfw.yaml", StringComparison.Ordinal));
        Assert.Equal("市政服务", Rules.Areas.Single(a => a.Id == Area).Name);
    }

    [Fact]
    public void The_area_has_between_twenty_and_thirty_items_with_unique_prefixed_ids()
    {
        Assert.InRange(Items.Count, 20, 30);
        Assert.All(Items, i => Assert.StartsWith(Area + "-", i.Id, StringComparison.Ordinal));
        Assert.Equal(Items.Count, Items.Select(i => i.Id).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Every_item_has_a_basis_a_deadline_a_required_element_and_a_title_pattern()
    {
        Assert.All(Items, i =>
        {
            CatalogShape.AssertEveryBasisNamesADocument(i);
            CatalogShape.AssertCore(i);
            Assert.NotEmpty(i.Channels);
        });
    }

    [Fact]
    public void Level1_names_the_seed_plans_five_sub_areas_and_each_has_several_items()
    {
        Assert.All(Items, i => Assert.Contains(i.Level1, SubAreas));
        Assert.All(SubAreas.Take(5), s => Assert.True(Items.Count(i => i.Level1 == s) >= 4, s));
    }

    [Fact]
    public void Derived_items_explain_themselves_and_both_provenances_occur()
    {
        Assert.All(Items.Where(i => i.Provenance == Provenance.Derived), i => Assert.False(string.IsNullOrWhiteSpace(i.Note)));
        Assert.Contains(Items, i => i.Provenance == Provenance.Verified);
        Assert.Contains(Items, i => i.Provenance == Provenance.Derived);
    }

    [Fact]
    public void On_request_and_offline_items_are_not_machine_checkable_and_sample_items_are()
    {
        Assert.All(Items.Where(i => i.Mode == "依申请"), i => Assert.False(i.MachineCheckable));
        Assert.Contains(Items, i => i.Mode == "依申请");
        Assert.All(new[] { "szfw-psjx", "szfw-ljfs" }, id => Assert.False(Rules.FindItem(id)!.MachineCheckable));
        Assert.All(SampleColumn, id => Assert.True(Rules.FindItem(id)!.MachineCheckable));
    }

    [Theory]
    [MemberData(nameof(SampleItems))]
    public void A_sample_title_goes_to_its_item_in_the_sample_column_and_in_the_whole_area(string id, string level1, string keyword, string title)
    {
        Assert.Contains(keyword, title, StringComparison.Ordinal);
        var item = Rules.FindItem(id)!;
        Assert.Equal(level1, item.Level1);
        Assert.True(item.MatchesTitle(keyword), $"{id} does not match its bare keyword {keyword}");

        var expected = Items.Where(i => SampleColumn.Contains(i.Id));
        Assert.Equal(id, expected.First(i => i.MatchesTitle(title)).Id);
        Assert.Equal(id, Items.First(i => i.MatchesTitle(title)).Id);
    }

    [Fact]
    public void Sample_items_require_exactly_the_contracts_element_keywords_and_their_patterns_find_them()
    {
        var contract = new Dictionary<string, string[]>
        {
            ["szfw-tsgg"] = ["停水时间", "停水范围"],
            ["szfw-szxx"] = ["出厂水", "管网水"],
            ["szfw-rqfw"] = ["业务流程", "收费标准", "服务热线"],
            ["szfw-gjtz"] = ["调整线路", "实施时间"],
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
        Assert.IsType<Asap>(Rules.FindItem("szfw-tsgg")!.Deadline);
        Assert.Equal(new WorkingDaysAfter(20, "formed"), Rules.FindItem("szfw-szxx")!.Deadline);
        Assert.Equal(Presence.Standing, Rules.FindItem("szfw-rqfw")!.Presence);
        Assert.IsType<Asap>(Rules.FindItem("szfw-gjtz")!.Deadline);
    }

    [Theory]
    [InlineData("关于城北片区抢修停水的通知", "szfw-qxts")]
    [InlineData("关于调整义乌市居民生活用水价格的通知", "szfw-gssj")]
    [InlineData("义乌市供水服务指南", "szfw-gsfw")]
    [InlineData("2026年度污水处理费收取和使用情况", "szfw-wsf")]
    [InlineData("2026年第三季度城镇污水处理厂运营考核结果", "szfw-wskh")]
    [InlineData("城镇排水与污水处理设施保护范围公告", "szfw-psbh")]
    [InlineData("关于城西片区排水管道维护的通知", "szfw-psjx")]
    [InlineData("城西污水处理厂2026年11月运行信息", "szfw-wsyy")]
    [InlineData("关于城南片区天然气管道施工停气的公告", "szfw-tqgg")]
    [InlineData("燃气经营者改动市政燃气设施审批办事指南", "szfw-rqgd")]
    [InlineData("燃气经营许可证核发办事指南", "szfw-rqxk")]
    [InlineData("关于调整管道天然气销售价格的通知", "szfw-rqjg")]
    [InlineData("义乌市燃气种类和气质成分公告", "szfw-rqzl")]
    [InlineData("燃气设施保护范围公告", "szfw-rqbh")]
    [InlineData("义乌市公交线网优化调整方案", "szfw-xwtz")]
    [InlineData("义乌市公共交通专项规划（草案）公示", "szfw-gjgh")]
    [InlineData("关于调整公交票价的通知", "szfw-gjpj")]
    [InlineData("2路公交线路经营权招标结果公告", "szfw-gjjy")]
    [InlineData("关于国庆期间部分公交临时绕行的公告", "szfw-gjtz")]
    [InlineData("义乌市公交线路信息一览", "szfw-gjxl")]
    [InlineData("义乌市生活垃圾治理专项规划（草案）公示", "szfw-ljgh")]
    [InlineData("生活垃圾焚烧发电厂自动监测数据公开", "szfw-ljfs")]
    [InlineData("2026年第三季度生活垃圾处理设施污染物排放监测信息", "szfw-ljpf")]
    [InlineData("义乌市生活垃圾处理收费标准", "szfw-ljsf")]
    [InlineData("城市供水特许经营协议", "szfw-txjy")]
    public void A_source_expecting_the_whole_area_routes_each_kind_of_notice_to_its_item(string title, string expected)
    {
        Assert.Equal(expected, Items.First(i => i.MatchesTitle(title)).Id);
    }

    [Fact]
    public void A_compliant_sample_column_gives_no_finding()
    {
        var result = Evaluate(Compliant());

        Assert.DoesNotContain(result.Findings, f => f.Area == Area);
        Assert.All(result.Items.Where(i => i.Area == Area), i => Assert.Equal(ItemState.Compliant, i.State));
    }

    [Fact]
    public void A_stoppage_notice_without_its_range_is_the_only_finding_and_names_the_missing_element()
    {
        // The sample's planted fault: the newest 计划停水 notice has its 停水范围 paragraph removed.
        var withoutRange = Document("/zfxxgk/szfw/202611/t20261127_9.html", "关于城东片区计划停水的通知", "2026-11-27", "2026-11-26",
            "因管道检修，停水时间为2026年11月29日8时至18时，请用户提前储水。");

        var finding = Assert.Single(Evaluate([.. Compliant(), withoutRange]).Findings, f => f.Area == Area);

        Assert.Equal((FindingKind.MissingElement, "szfw-tsgg"), (finding.Kind, finding.ItemId));
        Assert.Contains("停水范围", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_column_without_any_gas_service_guide_misses_the_standing_item()
    {
        var result = Evaluate([.. Compliant().Where(d => !d.Title.Contains("燃气", StringComparison.Ordinal))]);

        var finding = Assert.Single(result.Findings, f => f.Area == Area);
        Assert.Equal((FindingKind.MissingItem, "szfw-rqfw"), (finding.Kind, finding.ItemId));
    }

    [Fact]
    public void No_title_or_element_pattern_matches_an_empty_text()
    {
        Assert.All(Items, i => Assert.All(i.Match.Titles, p => Assert.DoesNotMatch(p, string.Empty)));
        Assert.All(Items.SelectMany(i => i.Elements).SelectMany(e => e.Find.Patterns), p => Assert.DoesNotMatch(p, string.Empty));
    }

    private static ObservedDocument[] Compliant() =>
    [
        Document("/zfxxgk/szfw/202611/t20261120_1.html", "关于城西片区计划停水的通知", "2026-11-20", "2026-11-19", "停水时间 停水范围"),
        Document("/zfxxgk/szfw/202611/t20261109_2.html", "2026年10月义乌市供水水质公告", "2026-11-09", "2026-11-02", "出厂水 管网水"),
        Document("/zfxxgk/szfw/202606/t20260610_3.html", "义乌市管道燃气服务指南", "2026-06-10", "2026-06-03", "业务流程 收费标准 服务热线"),
        Document("/zfxxgk/szfw/202611/t20261118_4.html", "关于101路公交线路调整的公告", "2026-11-18", "2026-11-17", "调整线路 实施时间"),
    ];

    private static EvaluationResult Evaluate(ObservedDocument[] documents) =>
        Evaluator.Evaluate(Input(Column("szfw", "信息公开目录", "cgw", SampleColumn, documents)), Rules, Loaded.Calendar!);
}

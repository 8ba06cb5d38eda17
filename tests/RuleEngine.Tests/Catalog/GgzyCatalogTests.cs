using Monitor.RuleEngine.Evaluation;
using Monitor.RuleEngine.Loading;
using Monitor.RuleEngine.Rules;
using Monitor.RuleEngine.Tests.Support;
using static Monitor.RuleEngine.Tests.Support.Some;

namespace Monitor.RuleEngine.Tests.Catalog;

/// <summary>
/// Guards rules/catalog/ggzy.yaml (公共资源交易): its shape, and the contract of
/// docs/sample-portal-areas.md for the sample's 公共资源交易 column (ids, title and element keywords, deadlines).
/// </summary>
public sealed class GgzyCatalogTests
{
    private const string Area = "ggzy";

    private static RuleSetLoadResult Loaded => CatalogShape.Loaded;

    /// <summary>The sample column's expected items, in the order the contract lists them.</summary>
    private static readonly string[] SampleColumn = ["ggzy-zbgg", "ggzy-zbhx", "ggzy-cgjg"];

    private static readonly string[] SubAreas =
        ["工程建设项目招标投标", "政府采购", "国企采购", "国有产权交易", "农村产权交易", "资源要素交易", "土地矿产交易", "公共资源交易综合"];

    private static RuleSet Rules => CatalogShape.Rules;

    private static IReadOnlyList<CatalogItem> Items => CatalogShape.ItemsOf(Area);

    public static TheoryData<string, string, string, string> SampleItems => new()
    {
        { "ggzy-zbgg", "工程建设项目招标投标", "招标公告", "义乌市城西小学改扩建工程施工招标公告" },
        { "ggzy-zbhx", "工程建设项目招标投标", "中标候选人公示", "义乌市城西小学改扩建工程施工中标候选人公示" },
        { "ggzy-cgjg", "政府采购", "成交结果公告", "市行政服务中心办公设备采购项目成交结果公告" },
    };

    [Fact]
    public void The_file_loads_without_error()
    {
        Assert.DoesNotContain(Loaded.Errors, e => e.File.EndsWith("catalog/ggzy.yaml", StringComparison.Ordinal));
        Assert.Equal("公共资源交易", Rules.Areas.Single(a => a.Id == Area).Name);
    }

    [Fact]
    public void The_area_has_between_twenty_and_thirty_two_items_with_unique_prefixed_ids()
    {
        Assert.InRange(Items.Count, 20, 32);
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
    public void Level1_names_the_seed_plans_seven_sub_areas_and_each_has_items()
    {
        Assert.All(Items, i => Assert.Contains(i.Level1, SubAreas));
        Assert.All(SubAreas, s => Assert.Contains(Items, i => i.Level1 == s));
    }

    [Fact]
    public void Derived_items_explain_themselves_and_both_provenances_occur()
    {
        Assert.All(Items.Where(i => i.Provenance == Provenance.Derived), i => Assert.False(string.IsNullOrWhiteSpace(i.Note)));
        Assert.Contains(Items, i => i.Provenance == Provenance.Verified);
        Assert.Contains(Items, i => i.Provenance == Provenance.Derived);
    }

    [Fact]
    public void On_request_items_are_not_machine_checkable_and_sample_items_are()
    {
        Assert.All(Items.Where(i => i.Mode == "依申请"), i => Assert.False(i.MachineCheckable));
        Assert.Contains(Items, i => i.Mode == "依申请");
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
            ["ggzy-zbgg"] = ["招标人", "项目名称", "获取招标文件", "投标截止"],
            ["ggzy-zbhx"] = ["中标候选人", "投标报价", "异议"],
            ["ggzy-cgjg"] = ["采购人", "成交供应商", "成交金额"],
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
        Assert.IsType<WithPublication>(Rules.FindItem("ggzy-zbgg")!.Deadline);
        Assert.Equal(new DisplayAtLeast(3, DayUnit.Calendar), Rules.FindItem("ggzy-zbhx")!.Deadline);
        Assert.Equal(new WorkingDaysAfter(2, "decided"), Rules.FindItem("ggzy-cgjg")!.Deadline);
    }

    [Theory]
    [InlineData("义乌市XX路道路改造工程招标事项核准信息", "ggzy-spxx")]
    [InlineData("城北污水管网工程施工资格预审公告", "ggzy-zzys")]
    [InlineData("关于城北污水管网工程终止招标的公告", "ggzy-zzgg")]
    [InlineData("城北污水管网工程招标文件澄清公告", "ggzy-cqxg")]
    [InlineData("城北污水管网工程中标结果公示", "ggzy-zbjg")]
    [InlineData("关于城北污水管网工程投诉的处理决定", "ggzy-tsjd")]
    [InlineData("市教育局2026年11月政府采购意向", "ggzy-cgyx")]
    [InlineData("市卫生健康局专用设备单一来源采购公示", "ggzy-dyly")]
    [InlineData("市图书馆智能化采购项目资格预审公告", "ggzy-cgzs")]
    [InlineData("市图书馆智能化采购项目中标（成交）结果公告", "ggzy-cgjg")]
    [InlineData("市图书馆智能化采购项目合同公告", "ggzy-cght")]
    [InlineData("关于某公司投诉市图书馆智能化采购项目的处理结果公告", "ggzy-cgts")]
    [InlineData("市档案馆数字化服务竞争性磋商公告", "ggzy-fzb")]
    [InlineData("市图书馆智能化采购项目公开招标公告", "ggzy-cgzb")]
    [InlineData("某市建设投资集团办公用品采购公告", "ggzy-gqcg")]
    [InlineData("某公司20%股权转让成交公告", "ggzy-cqjg")]
    [InlineData("某市自来水有限公司增资项目信息披露", "ggzy-zzkg")]
    [InlineData("某公司20%股权转让信息披露公告", "ggzy-cqpl")]
    [InlineData("农村产权交易管理办法", "ggzy-ncgz")]
    [InlineData("某村土地经营权流转成交公示", "ggzy-nccj")]
    [InlineData("某村集体资产出租交易公告", "ggzy-nccq")]
    [InlineData("2026年第3批排污权竞价交易公告", "ggzy-zyys")]
    [InlineData("义乌市2026年度国有建设用地供应计划", "ggzy-tdjh")]
    [InlineData("义乌市国有建设用地使用权挂牌出让结果公示", "ggzy-tdjg")]
    [InlineData("某建筑用石料矿采矿权挂牌出让公告", "ggzy-kyq")]
    [InlineData("义乌市国有建设用地使用权挂牌出让公告", "ggzy-tdcr")]
    [InlineData("关于对某公司不良行为的处理决定", "ggzy-cfxx")]
    public void A_source_expecting_the_whole_area_routes_each_kind_of_notice_to_its_item(string title, string expected)
    {
        Assert.Equal(expected, Items.First(i => i.MatchesTitle(title)).Id);
    }

    [Fact]
    public void A_compliant_sample_column_gives_no_finding_and_a_result_published_six_working_days_late_is_late()
    {
        var zbgg = Document("/col/col1229000040/art/1.html", "城西小学改扩建工程施工招标公告", "2026-11-20", "2026-11-19",
            "招标人 项目名称 获取招标文件 投标截止");
        var zbhx = Document("/col/col1229000040/art/2.html", "城西小学改扩建工程施工中标候选人公示", "2026-11-24", "2026-11-23",
            "中标候选人 投标报价 异议");
        var onTime = Document("/col/col1229000040/art/3.html", "办公设备采购项目成交结果公告", "2026-11-17", "2026-11-16",
            "采购人 成交供应商 成交金额");

        // 成文 2026-11-02 (Mon); 2 WD → due 11-04; published 11-10, the 6th working day.
        var late = Document("/col/col1229000040/art/4.html", "档案柜采购项目成交结果公告", "2026-11-10", "2026-11-02",
            "采购人 成交供应商 成交金额");

        var compliant = Evaluate(zbgg, zbhx, onTime);
        Assert.DoesNotContain(compliant.Findings, f => f.Area == Area);
        Assert.All(compliant.Items.Where(i => i.Documents > 0), i => Assert.Equal(ItemState.Compliant, i.State));

        var faulty = Evaluate(zbgg, zbhx, onTime, late);
        var finding = Assert.Single(faulty.Findings, f => f.Area == Area);
        Assert.Equal((FindingKind.LatePublication, "ggzy-cgjg"), (finding.Kind, finding.ItemId));
        Assert.EndsWith("/art/4.html", finding.DocumentUrl, StringComparison.Ordinal);
    }

    [Fact]
    public void A_result_notice_without_its_winning_supplier_lacks_a_required_element()
    {
        var partial = Document("/col/col1229000040/art/5.html", "档案柜采购项目成交结果公告", "2026-11-17", "2026-11-16",
            "采购人 成交金额 公告期限1个工作日");

        var finding = Assert.Single(Evaluate(partial).Findings, f => f.Area == Area);
        Assert.Equal(FindingKind.MissingElement, finding.Kind);
        Assert.Contains("成交供应商", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_title_or_element_pattern_matches_an_empty_text()
    {
        Assert.All(Items, i => Assert.All(i.Match.Titles, p => Assert.DoesNotMatch(p, string.Empty)));
        Assert.All(Items.SelectMany(i => i.Elements).SelectMany(e => e.Find.Patterns), p => Assert.DoesNotMatch(p, string.Empty));
    }

    private static EvaluationResult Evaluate(params ObservedDocument[] documents) =>
        Evaluator.Evaluate(Input(Column("ggzy", "信息公开目录", "szfb", SampleColumn, documents)), Rules, Loaded.Calendar!);
}

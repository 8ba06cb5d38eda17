using Monitor.RuleEngine.Evaluation;
using Monitor.RuleEngine.Loading;
using Monitor.RuleEngine.Rules;
using Monitor.RuleEngine.Tests.Support;
using static Monitor.RuleEngine.Tests.Support.Some;

namespace Monitor.RuleEngine.Tests.Catalog;

/// <summary>
/// Guards rules/catalog/jz.yaml (救灾): its shape, and the contract of docs/sample-portal-areas.md for the
/// sample's 救灾 column (ids, title and element keywords, deadlines, the two yearly items).
/// </summary>
public sealed class JzCatalogTests
{
    private const string Area = "jz";

    private static RuleSetLoadResult Loaded => CatalogShape.Loaded;

    /// <summary>The sample column's expected items, as the contract lists them.</summary>
    private static readonly string[] SampleColumn = ["jz-zcwj", "jz-zqxx", "jz-kwgl", "jz-dcjz"];

    private static RuleSet Rules => CatalogShape.Rules;

    private static IReadOnlyList<CatalogItem> Items => CatalogShape.ItemsOf(Area);

    public static TheoryData<string, string, string, string, string> SampleItems => new()
    {
        { "jz-zcwj", "政策文件", "部门和地方规章", "救助办法", "义乌市自然灾害受灾人员救助办法" },
        { "jz-zqxx", "灾后救助", "灾情信息", "灾情信息", "2026年7月份自然灾害灾情信息" },
        { "jz-kwgl", "款物管理", "年度捐赠款物", "捐赠款物", "义乌市2025年度救灾捐赠款物接收和使用情况" },
        { "jz-dcjz", "冬春救助", "冬春救助工作方案", "冬春救助", "义乌市2026—2027年度冬春救助工作方案" },
    };

    [Fact]
    public void The_file_loads_without_error()
    {
        Assert.DoesNotContain(Loaded.Errors, e => e.File.EndsWith("catalog/jz.yaml", StringComparison.Ordinal));
        var area = Rules.Areas.Single(a => a.Id == Area);
        Assert.Equal("救灾", area.Name);
        Assert.Contains("救灾", area.Guideline, StringComparison.Ordinal);
    }

    [Fact]
    public void The_area_has_fifteen_to_twenty_five_items_with_unique_prefixed_ids()
    {
        Assert.InRange(Items.Count, 15, 25);
        Assert.All(Items, i => Assert.StartsWith(Area + "-", i.Id, StringComparison.Ordinal));
        Assert.Equal(Items.Count, Items.Select(i => i.Id).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Every_item_has_a_cited_basis_a_deadline_a_required_element_a_subject_a_channel_and_a_title_pattern()
    {
        Assert.All(Items, i =>
        {
            CatalogShape.AssertEveryBasisNamesADocument(i);
            CatalogShape.AssertCore(i);
            Assert.NotEmpty(i.Channels);
            Assert.NotEmpty(i.Levels);
        });
    }

    [Fact]
    public void Derived_items_explain_themselves_and_the_guidelines_rows_are_verified()
    {
        Assert.All(Items.Where(i => i.Provenance == Provenance.Derived), i => Assert.False(string.IsNullOrWhiteSpace(i.Note)));
        foreach (var id in new[] { "jz-flfg", "jz-zcwj", "jz-qtwj", "jz-bzgf", "jz-jcca", "jz-jdhy", "jz-jzsq", "jz-zqxx" })
        {
            Assert.Equal(Provenance.Verified, Rules.FindItem(id)!.Provenance);
        }

        // The two yearly due dates are our reading of the rules, not a guideline's words.
        Assert.Equal(Provenance.Derived, Rules.FindItem("jz-kwgl")!.Provenance);
        Assert.Equal(Provenance.Derived, Rules.FindItem("jz-dcjz")!.Provenance);
    }

    [Fact]
    public void On_request_and_village_board_items_are_not_machine_checkable_and_sample_items_are()
    {
        Assert.All(Items.Where(i => i.Mode == "依申请"), i => Assert.False(i.MachineCheckable));
        Assert.Contains(Items, i => i.Mode == "依申请");
        Assert.All(
            Items.Where(i => i.Channels.All(c => c.Name.Contains("公示栏", StringComparison.Ordinal))),
            i => Assert.False(i.MachineCheckable, i.Id));
        Assert.Equal(["jz-cjdx", "jz-dcdx", "jz-jzgb"], Items.Where(i => !i.MachineCheckable && i.Mode == "主动").Select(i => i.Id));
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

        var expected = Items.Where(i => SampleColumn.Contains(i.Id));
        Assert.Equal(id, expected.First(i => i.MatchesTitle(title)).Id);
        Assert.Equal(id, Items.First(i => i.MatchesTitle(title)).Id);
    }

    [Fact]
    public void Sample_items_require_one_element_per_contract_keyword_and_its_patterns_find_the_keyword()
    {
        var contract = new Dictionary<string, string[]>
        {
            ["jz-zcwj"] = ["义民〔2026〕9号", "自2026年12月1日起施行"],
            ["jz-zqxx"] = ["受灾时间", "灾害种类", "受灾范围", "损失情况"],
            ["jz-kwgl"] = ["捐赠款物", "使用情况"],
            ["jz-dcjz"] = ["救助对象", "救助标准"],
        };
        foreach (var (id, keywords) in contract)
        {
            var required = Rules.FindItem(id)!.Elements.Where(e => e.Required).ToList();
            Assert.Equal(keywords.Length, required.Count);
            for (var k = 0; k < keywords.Length; k++)
            {
                Assert.True(required[k].Find.Patterns.Any(p => p.IsMatch(keywords[k])), $"{id}: {required[k].Name} does not find {keywords[k]}");
                Assert.False(required[k].Find.Patterns.Any(p => p.IsMatch("各镇街：请认真组织实施。")), $"{id}: {required[k].Name} finds unrelated text");
            }
        }
    }

    [Fact]
    public void Sample_deadlines_are_as_the_contract_says()
    {
        Assert.Equal(new WorkingDaysAfter(20, "formed"), Rules.FindItem("jz-zcwj")!.Deadline);
        Assert.Equal(new WorkingDaysAfter(20, "formed"), Rules.FindItem("jz-zqxx")!.Deadline);
        Assert.Equal(new AnnualBy(3, 31), Rules.FindItem("jz-kwgl")!.Deadline);
        Assert.Equal(new AnnualBy(10, 31), Rules.FindItem("jz-dcjz")!.Deadline);
        Assert.Equal(Presence.PerPeriod, Rules.FindItem("jz-kwgl")!.Presence);
        Assert.Equal(Presence.PerPeriod, Rules.FindItem("jz-dcjz")!.Presence);
    }

    [Theory]
    [InlineData("自然灾害救助条例", "jz-flfg")]
    [InlineData("义乌市自然灾害受灾人员救助办法", "jz-zcwj")]
    [InlineData("义乌市综合防灾减灾规划（2026—2030年）", "jz-qtwj")]
    [InlineData("应急避难场所建设技术规范", "jz-bzgf")]
    [InlineData("关于《义乌市自然灾害救助办法（征求意见稿）》公开征求意见的公告", "jz-jcca")]
    [InlineData("《义乌市自然灾害受灾人员救助办法》政策解读", "jz-jdhy")]
    [InlineData("义乌市自然灾害救助应急预案", "jz-yjya")]
    [InlineData("2026年度综合减灾示范社区名单", "jz-jzsq")]
    [InlineData("义乌市应急避难场所分布", "jz-bncs")]
    [InlineData("关于启动防台风Ⅳ级应急响应的通知", "jz-yjxy")]
    [InlineData("2026年7月份自然灾害灾情信息", "jz-zqxx")]
    [InlineData("义乌市因灾倒损住房恢复重建补助实施办法", "jz-cjbz")]
    [InlineData("城西社区因灾倒损住房恢复重建补助对象公示", "jz-cjdx")]
    [InlineData("义乌市2026—2027年度冬春救助工作方案", "jz-dcjz")]
    [InlineData("城西村冬春救助对象名单公示", "jz-dcdx")]
    [InlineData("义乌市2025年度救灾捐赠款物接收和使用情况", "jz-kwgl")]
    [InlineData("关于下达2026年自然灾害救灾资金的通知", "jz-kwxd")]
    [InlineData("城西村救助对象及救助款物公示", "jz-jzgb")]
    [InlineData("救灾款物发放明细", "jz-mxsq")]
    [InlineData("救灾款物投诉举报电话", "jz-jdjb")]
    public void A_source_expecting_the_whole_area_routes_each_kind_of_document_to_its_item(string title, string expected)
    {
        Assert.Equal(expected, Items.First(i => i.MatchesTitle(title)).Id);
    }

    [Fact]
    public void A_compliant_sample_column_gives_no_finding_and_a_year_without_a_winter_plan_is_missing_it()
    {
        var zcwj = Document("/col/col1229000060/art/1.html", "义乌市自然灾害受灾人员救助办法", "2026-11-09", "2026-11-02",
            "义民〔2026〕9号 本办法自2026年12月1日起施行。", documentNumber: "义民〔2026〕9号");
        var zqxx = Document("/col/col1229000060/art/2.html", "2026年7月份自然灾害灾情信息", "2026-08-10", "2026-08-03",
            "受灾时间：7月28日至30日；灾害种类：台风；受灾范围：城西街道等3个镇街；损失情况：直接经济损失120万元。");
        var kwgl = Document("/col/col1229000060/art/3.html", "义乌市2025年度救灾捐赠款物接收和使用情况", "2026-03-10", "2026-03-03",
            "2025年共接收捐赠款物折合56万元，使用情况如下。");
        var dcjz = Document("/col/col1229000060/art/4.html", "义乌市2026—2027年度冬春救助工作方案", "2026-10-20", "2026-10-14",
            "一、救助对象：受灾困难群众。二、救助标准：每人每月300元。");

        var compliant = Evaluate(zcwj, zqxx, kwgl, dcjz);
        Assert.DoesNotContain(compliant.Findings, f => f.Area == Area);
        Assert.All(compliant.Items.Where(i => i.Area == Area), i => Assert.Equal(ItemState.Compliant, i.State));

        var finding = Assert.Single(Evaluate(zcwj, zqxx, kwgl).Findings, f => f.Area == Area);
        Assert.Equal((FindingKind.MissingItem, "jz-dcjz", "2026"), (finding.Kind, finding.ItemId, finding.Period));
        Assert.Equal(D("2026-10-31"), finding.DueDate);
    }

    [Fact]
    public void A_disaster_report_without_its_losses_lacks_a_required_element()
    {
        var partial = Document("/col/col1229000060/art/5.html", "2026年8月份自然灾害灾情信息", "2026-09-07", "2026-09-01",
            "受灾时间：8月12日；灾害种类：暴雨；受灾范围：城西街道。");

        var finding = Assert.Single(Evaluate(partial).Findings, f => f.Area == Area && f.Kind == FindingKind.MissingElement);
        Assert.Equal("jz-zqxx", finding.ItemId);
        Assert.Contains("损失情况", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Title_and_element_patterns_never_match_an_empty_text()
    {
        Assert.All(Items, i => Assert.All(i.Match.Titles, p => Assert.False(p.IsMatch(string.Empty), $"{i.Id}: {p}")));
        Assert.All(Items.SelectMany(i => i.Elements).SelectMany(e => e.Find.Patterns), p => Assert.False(p.IsMatch(string.Empty), p.ToString()));
    }

    private static EvaluationResult Evaluate(params ObservedDocument[] documents) =>
        Evaluator.Evaluate(Input(Column("jz", "信息公开目录", "szfb", SampleColumn, documents)), Rules, Loaded.Calendar!);
}

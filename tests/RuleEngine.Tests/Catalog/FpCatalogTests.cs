using Monitor.RuleEngine.Evaluation;
using Monitor.RuleEngine.Loading;
using Monitor.RuleEngine.Rules;
using Monitor.RuleEngine.Tests.Support;
using static Monitor.RuleEngine.Tests.Support.Some;

namespace Monitor.RuleEngine.Tests.Catalog;

/// <summary>
/// Guards rules/catalog/fp.yaml (扶贫): its shape, and the contract of docs/sample-portal-areas.md for
/// the sample's 扶贫 column (ids, title and element keywords, deadlines).
/// </summary>
public sealed class FpCatalogTests
{
    private const string Area = "fp";

    private const string ZjxmBody = "项目名称：城西村道路硬化；实施地点：城西村；建设内容：道路硬化1.2公里；资金来源：衔接资金；实施单位：城西街道。";

    private static RuleSetLoadResult Loaded => CatalogShape.Loaded;

    /// <summary>The sample column's expected items, as the contract lists them.</summary>
    private static readonly string[] SampleColumn = ["fp-zcwj", "fp-zjxm"];

    private static RuleSet Rules => CatalogShape.Rules;

    private static IReadOnlyList<CatalogItem> Items => CatalogShape.ItemsOf(Area);

    public static TheoryData<string, string, string, string, string> SampleItems => new()
    {
        { "fp-zcwj", "政策文件", "规范性文件", "帮扶政策", "关于印发义乌市低收入农户帮扶政策的通知" },
        { "fp-zjxm", "扶贫资金", "扶贫资金项目公告公示", "资金项目公告", "义乌市2026年第二批扶贫资金项目公告" },
    };

    [Fact]
    public void The_file_loads_without_error()
    {
        Assert.DoesNotContain(Loaded.Errors, e => e.File.EndsWith("catalog/fp.yaml", StringComparison.Ordinal));
        var area = Rules.Areas.Single(a => a.Id == Area);
        Assert.Equal("扶贫", area.Name);
        Assert.Contains("扶贫", area.Guideline, StringComparison.Ordinal);
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
        foreach (var id in new[] { "fp-fgzg", "fp-zcwj", "fp-qtwj", "fp-sbjg", "fp-tcjg", "fp-zjxm" })
        {
            Assert.Equal(Provenance.Verified, Rules.FindItem(id)!.Provenance);
        }

        Assert.Contains(Items, i => i.Provenance == Provenance.Derived);
    }

    [Fact]
    public void On_request_and_village_board_items_are_not_machine_checkable_and_sample_items_are()
    {
        Assert.All(Items.Where(i => i.Mode == "依申请"), i => Assert.False(i.MachineCheckable));
        Assert.Contains(Items, i => i.Mode == "依申请");
        Assert.All(
            Items.Where(i => i.Channels.All(c => c.Name.Contains("公示栏", StringComparison.Ordinal))),
            i => Assert.False(i.MachineCheckable, i.Id));
        Assert.Equal(["fp-sbjg", "fp-tcjg", "fp-cjgs"], Items.Where(i => !i.MachineCheckable && i.Mode == "主动").Select(i => i.Id));
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
            ["fp-zcwj"] = ["义农〔2026〕12号", "自2026年12月1日起施行"],
            ["fp-zjxm"] = ["项目名称", "实施地点", "建设内容", "资金来源", "实施单位"],
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
        Assert.Equal(new WorkingDaysAfter(20, "formed"), Rules.FindItem("fp-zcwj")!.Deadline);
        Assert.Equal(new DisplayAtLeast(10, DayUnit.Calendar), Rules.FindItem("fp-zjxm")!.Deadline);
        Assert.All(SampleColumn, id => Assert.Equal(Presence.PerDocument, Rules.FindItem(id)!.Presence));
    }

    [Theory]
    [InlineData("浙江省乡村振兴促进条例", "fp-fgzg")]
    [InlineData("关于印发义乌市低收入农户帮扶政策的通知", "fp-zcwj")]
    [InlineData("义乌市低收入农户帮扶实施办法", "fp-zcwj")]
    [InlineData("义乌市巩固拓展脱贫攻坚成果同乡村振兴有效衔接实施方案", "fp-qtwj")]
    [InlineData("《义乌市低收入农户帮扶政策》解读", "fp-zcjd")]
    [InlineData("低收入农户认定标准和程序", "fp-sbbz")]
    [InlineData("城西村2026年低收入农户认定结果名单", "fp-sbjg")]
    [InlineData("2026年度脱贫退出计划", "fp-tcbz")]
    [InlineData("城西村拟退出贫困户名单公示", "fp-tcjg")]
    [InlineData("建档立卡贫困户档案", "fp-dnda")]
    [InlineData("城西村村级扶贫项目公示", "fp-cjgs")]
    [InlineData("义乌市2026年第二批扶贫资金项目公告", "fp-zjxm")]
    [InlineData("2026年扶贫项目库入库项目公示", "fp-xmk")]
    [InlineData("2026年扶贫资金分配结果", "fp-ndjh")]
    [InlineData("2026年扶贫项目实施进度", "fp-xmss")]
    [InlineData("2026年扶贫项目验收结果公示", "fp-xmys")]
    [InlineData("2025年度衔接资金绩效自评报告", "fp-jxpj")]
    [InlineData("2026年低收入农户帮扶措施落实情况", "fp-lsqk")]
    [InlineData("2026年扶贫小额信贷发放情况", "fp-xedk")]
    [InlineData("扶贫领域监督举报电话", "fp-jdjb")]
    public void A_source_expecting_the_whole_area_routes_each_kind_of_document_to_its_item(string title, string expected)
    {
        Assert.Equal(expected, Items.First(i => i.MatchesTitle(title)).Id);
    }

    [Fact]
    public void A_compliant_sample_column_gives_no_finding_and_a_policy_published_thirty_five_working_days_late_is_late()
    {
        var zcwj = Document("/zfxxgk/fp/202611/t20261109_1.html", "关于印发义乌市低收入农户帮扶政策的通知", "2026-11-09", "2026-11-02",
            "义农〔2026〕12号 本政策自2026年12月1日起施行。", documentNumber: "义农〔2026〕12号");
        var zjxm = Document("/zfxxgk/fp/202610/t20261019_2.html", "义乌市2026年第二批扶贫资金项目公告", "2026-10-19", "2026-10-16", ZjxmBody);

        // 成文 2026-07-01 (no holiday in July or August 2026): 20 WD → due 2026-07-29; published 2026-08-19, the 35th working day.
        var late = Document("/zfxxgk/fp/202608/t20260819_3.html", "关于调整义乌市低收入农户帮扶政策的通知", "2026-08-19", "2026-07-01",
            "义农〔2026〕6号 本政策自2026年9月1日起施行。", documentNumber: "义农〔2026〕6号");

        var compliant = Evaluate(zcwj, zjxm);
        Assert.DoesNotContain(compliant.Findings, f => f.Area == Area);
        Assert.All(compliant.Items.Where(i => i.Area == Area), i => Assert.Equal(ItemState.Compliant, i.State));

        var finding = Assert.Single(Evaluate(zcwj, zjxm, late).Findings, f => f.Area == Area);
        Assert.Equal((FindingKind.LatePublication, "fp-zcwj"), (finding.Kind, finding.ItemId));
        Assert.EndsWith("t20260819_3.html", finding.DocumentUrl, StringComparison.Ordinal);
    }

    [Fact]
    public void A_project_notice_without_its_implementing_unit_lacks_a_required_element()
    {
        var partial = Document("/zfxxgk/fp/202610/t20261020_4.html", "义乌市2026年第三批扶贫资金项目公告", "2026-10-20", "2026-10-16",
            ZjxmBody.Replace("实施单位：城西街道。", string.Empty, StringComparison.Ordinal));

        var finding = Assert.Single(Evaluate(partial).Findings, f => f.Area == Area);
        Assert.Equal((FindingKind.MissingElement, "fp-zjxm"), (finding.Kind, finding.ItemId));
        Assert.Contains("实施单位", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Title_and_element_patterns_never_match_an_empty_text()
    {
        Assert.All(Items, i => Assert.All(i.Match.Titles, p => Assert.False(p.IsMatch(string.Empty), $"{i.Id}: {p}")));
        Assert.All(Items.SelectMany(i => i.Elements).SelectMany(e => e.Find.Patterns), p => Assert.False(p.IsMatch(string.Empty), p.ToString()));
    }

    private static EvaluationResult Evaluate(params ObservedDocument[] documents) =>
        Evaluator.Evaluate(Input(Column("fp", "信息公开目录", "szfb", SampleColumn, documents)), Rules, Loaded.Calendar!);
}

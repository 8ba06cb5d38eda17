using Monitor.RuleEngine.Evaluation;
using Monitor.RuleEngine.Loading;
using Monitor.RuleEngine.Rules;
using Monitor.RuleEngine.Tests.Support;
using static Monitor.RuleEngine.Tests.Support.Some;

namespace Monitor.RuleEngine.Tests.Catalog;

/// <summary>
/// Guards rules/catalog/wfgz.yaml (农村危房改造): its shape, and the contract of
/// docs/sample-portal-areas.md for the sample's 农村危房改造 column (ids, title and element keywords, deadlines).
/// </summary>
public sealed class WfgzCatalogTests
{
    private const string Area = "wfgz";

    private static RuleSetLoadResult Loaded => CatalogShape.Loaded;

    /// <summary>The sample column's expected items, as the contract lists them.</summary>
    private static readonly string[] SampleColumn = ["wfgz-xgwj", "wfgz-rwfp", "wfgz-bzbz", "wfgz-djpd"];

    private static RuleSet Rules => CatalogShape.Rules;

    private static IReadOnlyList<CatalogItem> Items => CatalogShape.ItemsOf(Area);

    public static TheoryData<string, string, string, string, string> SampleItems => new()
    {
        { "wfgz-xgwj", "部门文件", "农村危房改造相关文件", "危房改造工作的通知", "关于做好2026年农村危房改造工作的通知" },
        { "wfgz-rwfp", "计划实施", "任务分配", "任务分配", "义乌市2026年农村危房改造任务分配结果" },
        { "wfgz-bzbz", "条件与标准", "资金补助标准", "补助标准", "义乌市农村危房改造补助标准" },
        { "wfgz-djpd", "条件与标准", "农村危房等级评定标准", "等级评定标准", "义乌市农村危房等级评定标准" },
    };

    [Fact]
    public void The_file_loads_without_error()
    {
        Assert.DoesNotContain(Loaded.Errors, e => e.File.EndsWith("catalog/wfgz.yaml", StringComparison.Ordinal));
        var area = Rules.Areas.Single(a => a.Id == Area);
        Assert.Equal("农村危房改造", area.Name);
        Assert.Contains("农村危房改造", area.Guideline, StringComparison.Ordinal);
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
        foreach (var id in new[] { "wfgz-xgwj", "wfgz-zcjd", "wfgz-rwfp", "wfgz-sqtj", "wfgz-djpd", "wfgz-bzbz", "wfgz-jgbz" })
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
        Assert.Contains(Items, i => !i.MachineCheckable && i.Mode == "主动");
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
            ["wfgz-xgwj"] = ["义规〔2026〕7号", "有效期"],
            ["wfgz-rwfp"] = ["补助农户名单", "分配结果"],
            ["wfgz-bzbz"] = ["补助标准", "元/户"],
            ["wfgz-djpd"] = ["评定标准", "D级"],
        };
        foreach (var (id, keywords) in contract)
        {
            var required = Rules.FindItem(id)!.Elements.Where(e => e.Required).ToList();
            Assert.Equal(keywords.Length, required.Count);
            for (var k = 0; k < keywords.Length; k++)
            {
                Assert.True(required[k].Find.Patterns.Any(p => p.IsMatch(keywords[k])), $"{id}: {required[k].Name} does not find {keywords[k]}");
                Assert.False(required[k].Find.Patterns.Any(p => p.IsMatch("本通知自印发之日起执行。")), $"{id}: {required[k].Name} finds unrelated text");
            }
        }
    }

    [Fact]
    public void Sample_deadlines_are_as_the_contract_says()
    {
        Assert.Equal(new WorkingDaysAfter(20, "formed"), Rules.FindItem("wfgz-xgwj")!.Deadline);
        Assert.Equal(new WorkingDaysAfter(20, "decided"), Rules.FindItem("wfgz-rwfp")!.Deadline);
        Assert.Equal(new WorkingDaysAfter(20, "formed"), Rules.FindItem("wfgz-bzbz")!.Deadline);
        Assert.Equal(new WorkingDaysAfter(20, "formed"), Rules.FindItem("wfgz-djpd")!.Deadline);
        Assert.Equal(Presence.Standing, Rules.FindItem("wfgz-djpd")!.Presence);
        Assert.All(SampleColumn.Where(id => id != "wfgz-djpd"), id => Assert.Equal(Presence.PerDocument, Rules.FindItem(id)!.Presence));
    }

    [Theory]
    [InlineData("关于做好2026年农村危房改造工作的通知", "wfgz-xgwj")]
    [InlineData("义乌市农村危房改造管理办法", "wfgz-xgwj")]
    [InlineData("《关于做好2026年农村危房改造工作的通知》政策解读", "wfgz-zcjd")]
    [InlineData("关于印发2026年农村危房改造实施方案的通知", "wfgz-ndjh")]
    [InlineData("义乌市2026年农村危房改造任务分配结果", "wfgz-rwfp")]
    [InlineData("2026年农村危房改造进度情况通报", "wfgz-jdqk")]
    [InlineData("农村危房改造对象申请条件", "wfgz-sqtj")]
    [InlineData("义乌市农村危房等级评定标准", "wfgz-djpd")]
    [InlineData("义乌市农村危房改造补助标准", "wfgz-bzbz")]
    [InlineData("农村危房改造竣工合格标准", "wfgz-jgbz")]
    [InlineData("城西村农村危房改造民主评议结果公示", "wfgz-cpgs")]
    [InlineData("城西街道农村危房改造审核结果公示", "wfgz-zhgs")]
    [InlineData("2026年农村危房改造补助对象审批结果", "wfgz-xspz")]
    [InlineData("关于下达2026年农村危房改造补助资金的通知", "wfgz-zjxd")]
    [InlineData("2026年农村危房改造补助资金发放情况", "wfgz-zjff")]
    [InlineData("2026年度农村危房改造竣工验收结果", "wfgz-jgys")]
    [InlineData("农村危房改造咨询和监督举报电话", "wfgz-jdjb")]
    [InlineData("农村危房改造农户档案（一户一档）", "wfgz-nhda")]
    public void A_source_expecting_the_whole_area_routes_each_kind_of_document_to_its_item(string title, string expected)
    {
        Assert.Equal(expected, Items.First(i => i.MatchesTitle(title)).Id);
    }

    [Fact]
    public void A_compliant_sample_column_gives_no_finding_and_without_the_grading_standard_the_standing_item_is_missing()
    {
        var xgwj = Document("/col/col1229000030/art/1.html", "关于做好2026年农村危房改造工作的通知", "2026-11-09", "2026-11-02",
            "义规〔2026〕7号 各镇街：…… 本通知有效期5年。", documentNumber: "义规〔2026〕7号");
        var rwfp = Document("/col/col1229000030/art/2.html", "义乌市2026年农村危房改造任务分配结果", "2026-10-19", "2026-10-12",
            "现将年度任务分配结果公布如下，补助农户名单见附件。");
        var bzbz = Document("/col/col1229000030/art/3.html", "义乌市农村危房改造补助标准", "2026-06-15", "2026-06-08",
            "补助标准：C级危房加固每户20000元/户，D级危房拆除重建每户40000元/户。");
        var djpd = Document("/col/col1229000030/art/4.html", "义乌市农村危房等级评定标准", "2026-03-16", "2026-03-09",
            "本评定标准将农村住房分为A、B、C、D级。");

        var compliant = Evaluate(xgwj, rwfp, bzbz, djpd);
        Assert.DoesNotContain(compliant.Findings, f => f.Area == Area);
        Assert.All(compliant.Items.Where(i => i.Area == Area && i.Documents > 0), i => Assert.Equal(ItemState.Compliant, i.State));

        var finding = Assert.Single(Evaluate(xgwj, rwfp, bzbz).Findings, f => f.Area == Area);
        Assert.Equal((FindingKind.MissingItem, "wfgz-djpd"), (finding.Kind, finding.ItemId));
    }

    [Fact]
    public void A_notice_without_its_validity_period_lacks_a_required_element()
    {
        var xgwj = Document("/col/col1229000030/art/5.html", "关于做好2026年农村危房改造工作的通知", "2026-11-09", "2026-11-02",
            "义规〔2026〕8号 各镇街：请认真组织实施。", documentNumber: "义规〔2026〕8号");

        var finding = Assert.Single(
            Evaluator.Evaluate(Input(Column("wfgz", "信息公开目录", "szfb", ["wfgz-xgwj"], [xgwj])), Rules, Loaded.Calendar!)
                .Findings,
            f => f.Area == Area);
        Assert.Equal((FindingKind.MissingElement, "wfgz-xgwj"), (finding.Kind, finding.ItemId));
        Assert.Contains("有效期", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Title_and_element_patterns_never_match_an_empty_text()
    {
        Assert.All(Items, i => Assert.All(i.Match.Titles, p => Assert.False(p.IsMatch(string.Empty), $"{i.Id}: {p}")));
        Assert.All(Items.SelectMany(i => i.Elements).SelectMany(e => e.Find.Patterns), p => Assert.False(p.IsMatch(string.Empty), p.ToString()));
    }

    private static EvaluationResult Evaluate(params ObservedDocument[] documents) =>
        Evaluator.Evaluate(Input(Column("wfgz", "信息公开目录", "szfb", SampleColumn, documents)), Rules, Loaded.Calendar!);
}

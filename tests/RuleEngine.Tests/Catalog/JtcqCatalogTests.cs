using Monitor.RuleEngine.Evaluation;
using Monitor.RuleEngine.Loading;
using Monitor.RuleEngine.Rules;
using Monitor.RuleEngine.Tests.Support;
using static Monitor.RuleEngine.Tests.Support.Some;

namespace Monitor.RuleEngine.Tests.Catalog;

/// <summary>
/// Guards rules/catalog/jtcq.yaml (集体土地上房屋拆迁安置): an area without a national guideline, so every
/// item must be derived and say which model it follows; the contract of docs/sample-portal-areas.md for
/// the sample's jtcq column; and that its house items do not take the land items of zdbc.
/// </summary>
public sealed class JtcqCatalogTests
{
    private const string Area = "jtcq";

    private static RuleSetLoadResult Loaded => CatalogShape.Loaded;

    /// <summary>The sample column's expected items (docs/sample-portal-areas.md).</summary>
    private static readonly string[] SampleColumn = ["jtcq-ssfa", "jtcq-azfa", "jtcq-ztbl"];

    private static RuleSet Rules => CatalogShape.Rules;

    private static IReadOnlyList<CatalogItem> Items => CatalogShape.ItemsOf(Area);

    public static TheoryData<string, string, string, string, string> SampleItems => new()
    {
        // Title shapes as the sample portal's generator writes them (src/SamplePortal/Generation/AreaWriter.Jtcq.cs).
        { "jtcq-ssfa", "补偿安置", "补偿实施方案", "补偿实施方案", "下湖村集体土地上房屋拆迁补偿实施方案" },
        { "jtcq-azfa", "补偿安置", "具体安置方案", "具体安置方案", "下湖村拆迁安置房具体安置方案" },
        { "jtcq-ztbl", "征地范围", "暂停办理事项公告", "暂停办理", "关于下湖村地块征地范围内暂停办理有关事项的公告" },
    };

    [Fact]
    public void The_file_loads_and_says_it_follows_no_national_guideline_but_the_land_rules_and_the_hangzhou_model()
    {
        Assert.DoesNotContain(Loaded.Errors, e => e.File.EndsWith("catalog/jtcq.yaml", StringComparison.Ordinal));
        var area = Rules.Areas.Single(a => a.Id == Area);
        Assert.Equal("集体土地上房屋拆迁安置", area.Name);
        Assert.Contains("无国家标准指引", area.Guideline, StringComparison.Ordinal);
        Assert.Contains("征地补偿", area.Guideline, StringComparison.Ordinal);
        Assert.Contains("杭州市征收集体所有土地房屋补偿条例", area.Guideline, StringComparison.Ordinal);

        var header = string.Concat(File.ReadLines(Path.Combine(RepoPaths.Rules, "catalog", "jtcq.yaml")).TakeWhile(l => l.StartsWith('#')));
        Assert.Contains("NO NATIONAL GUIDELINE", header, StringComparison.Ordinal);
        Assert.Contains("征地", header, StringComparison.Ordinal);
        Assert.Contains("杭州市征收集体所有土地房屋补偿条例", header, StringComparison.Ordinal);
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
    public void Every_item_is_derived_and_its_note_names_the_missing_guideline()
    {
        Assert.All(Items, i =>
        {
            Assert.Equal(Provenance.Derived, i.Provenance);
            Assert.StartsWith("无国家指引", i.Note, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Offline_items_are_not_machine_checkable_and_sample_items_are()
    {
        Assert.Equal(
            ["jtcq-dcdj", "jtcq-azdx", "jtcq-jzaz", "jtcq-bcxy", "jtcq-zjzf"],
            Items.Where(i => !i.MachineCheckable).Select(i => i.Id));
        Assert.All(Items.Where(i => !i.MachineCheckable), i => Assert.DoesNotContain(i.Channels, c => c.Required && c.Name == "政府网站"));
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

    [Theory]
    [MemberData(nameof(SampleItems))]
    public void A_sample_title_still_goes_to_its_item_when_the_source_expects_fwzs_jtcq_and_zdbc_together(
        string id, string level1, string level2, string keyword, string title)
    {
        _ = (level1, level2, keyword);
        Assert.Equal(id, Rules.Items.Where(i => i.Area is "fwzs" or "jtcq" or "zdbc").First(i => i.MatchesTitle(title)).Id);
    }

    [Fact]
    public void Sample_items_require_exactly_the_contracts_element_keywords_and_their_patterns_find_them()
    {
        var contract = new Dictionary<string, string[]>
        {
            ["jtcq-ssfa"] = ["实施范围", "补偿安置方式", "签约期限", "过渡方式"],
            ["jtcq-azfa"] = ["安置对象", "安置方式"],
            ["jtcq-ztbl"] = ["征地范围", "暂停办理事项"],
        };
        foreach (var (id, keywords) in contract)
        {
            var required = Rules.FindItem(id)!.Elements.Where(e => e.Required).ToList();
            Assert.Equal(keywords, required.Select(e => e.Name));
            Assert.All(required, e => Assert.Contains(e.Find.Patterns, p => p.IsMatch(e.Name)));
        }
    }

    [Fact]
    public void Sample_deadlines_are_twenty_working_days_per_document()
    {
        Assert.All(SampleColumn, id =>
        {
            var item = Rules.FindItem(id)!;
            var deadline = Assert.IsType<WorkingDaysAfter>(item.Deadline);
            Assert.Equal(20, deadline.Days);
            Assert.Equal(Presence.PerDocument, item.Presence);
        });
    }

    [Theory]
    [InlineData("关于下湖村征地范围的公告", "jtcq-zdfw")]
    [InlineData("下湖村集体土地上房屋调查登记结果公示", "jtcq-dcdj")]
    [InlineData("下湖村房屋征收评估机构选定公告", "jtcq-pgjx")]
    [InlineData("下湖村被征收房屋评估结果公示", "jtcq-pgjg")]
    [InlineData("下湖村安置人口认定结果公示", "jtcq-azdx")]
    [InlineData("下湖村迁建安置户宅基地安排公示", "jtcq-jzaz")]
    [InlineData("下湖村安置房选房顺序公告", "jtcq-azfy")]
    [InlineData("下湖村分户补偿和签约情况公示", "jtcq-bcxy")]
    [InlineData("下湖村房屋补偿款发放情况公示", "jtcq-zjzf")]
    [InlineData("关于调整征收集体所有土地房屋过渡费标准的通知", "jtcq-gdfy")]
    [InlineData("义乌市农村村民住宅补偿标准", "jtcq-bcbz")]
    [InlineData("下湖村拆迁安置补偿资金审计结果公告", "jtcq-sjjg")]
    [InlineData("义乌市征收集体所有土地房屋补偿管理办法", "jtcq-zcwj")]
    public void A_source_expecting_the_whole_area_routes_each_kind_of_notice_to_its_item(string title, string expected)
    {
        Assert.Equal(expected, Items.First(i => i.MatchesTitle(title)).Id);
    }

    [Theory]
    [InlineData("下湖村拟征收土地现状调查结果公示", "zdbc-xzdc")]
    [InlineData("下湖村征地社会稳定风险评估报告", "zdbc-wgpg")]
    [InlineData("义乌市地上附着物和青苗补偿标准", "zdbc-fzwbz")]
    [InlineData("义乌市2026年度第3批次建设用地征地补偿安置方案公告", "zdbc-bcaz")]
    [InlineData("义乌市征收农用地区片综合地价", "zdbc-qpdj")]
    public void Land_titles_are_left_to_zdbc_when_a_source_expects_both_areas(string title, string expected)
    {
        Assert.Equal(expected, Rules.Items.Where(i => i.Area is "jtcq" or "zdbc").First(i => i.MatchesTitle(title)).Id);
    }

    [Fact]
    public void A_compliant_sample_column_gives_no_finding_and_a_plan_without_its_transition_paragraph_is_incomplete()
    {
        var ztbl = Document("/art/2026/11/2/art_1229000050_1.html", "关于下湖村征地范围内暂停办理有关事项的公告", "2026-11-02", "2026-10-27",
            "一、征地范围：下湖村部分集体土地。二、暂停办理事项：在征地范围内暂停办理户口迁入、分户、房屋新建改建。");
        var azfa = Document("/art/2026/11/16/art_1229000050_2.html", "下湖村具体安置方案公示", "2026-11-16", "2026-11-10",
            "一、安置对象：本村在册农业户籍人员。二、安置方式：公寓房安置或货币安置。");
        const string planBody = "一、实施范围：下湖村。二、补偿安置方式：货币补偿或公寓房安置。三、签约期限：60日。四、过渡方式：自行过渡，按月发放过渡费。";
        var ssfa = Document("/art/2026/10/20/art_1229000050_3.html", "下湖村集体土地上房屋补偿实施方案", "2026-10-20", "2026-10-14", planBody);

        var compliant = Evaluate(ztbl, azfa, ssfa);
        Assert.DoesNotContain(compliant.Findings, f => f.Area == Area);
        Assert.All(compliant.Items.Where(i => i.Documents > 0), i => Assert.Equal(ItemState.Compliant, i.State));

        var partial = Document("/art/2026/11/20/art_1229000050_4.html", "塘下村集体土地上房屋补偿实施方案", "2026-11-20", "2026-11-16",
            "一、实施范围：塘下村。二、补偿安置方式：货币补偿。三、签约期限：60日。");
        var finding = Assert.Single(Evaluate(ztbl, azfa, ssfa, partial).Findings, f => f.Area == Area);
        Assert.Equal((FindingKind.MissingElement, "jtcq-ssfa"), (finding.Kind, finding.ItemId));
        Assert.Contains("过渡方式", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_title_or_element_pattern_matches_an_empty_text()
    {
        Assert.All(Items, i => Assert.All(i.Match.Titles, p => Assert.DoesNotMatch(p, string.Empty)));
        Assert.All(Items.SelectMany(i => i.Elements).SelectMany(e => e.Find.Patterns), p => Assert.DoesNotMatch(p, string.Empty));
    }

    private static EvaluationResult Evaluate(params ObservedDocument[] documents) =>
        Evaluator.Evaluate(Input(Column("jtcq", "信息公开目录", "szfb", SampleColumn, documents)), Rules, Loaded.Calendar!);
}

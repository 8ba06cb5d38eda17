using Monitor.RuleEngine.Evaluation;
using Monitor.RuleEngine.Loading;
using Monitor.RuleEngine.Rules;
using Monitor.RuleEngine.Tests.Support;
using static Monitor.RuleEngine.Tests.Support.Some;

namespace Monitor.RuleEngine.Tests.Catalog;

/// <summary>
/// Guards rules/catalog/ywjy.yaml (义务教育) after it was deepened to the 教育部 guideline: its shape, and
/// that the sample portal's five items (docs/sample-portal.md) keep their ids, keywords, elements and
/// deadlines and still win their titles although the sample column expects every ywjy item.
/// </summary>
public sealed class YwjyCatalogTests
{
    private const string Area = "ywjy";

    private static RuleSetLoadResult Loaded => CatalogShape.Loaded;

    /// <summary>The sample portal's items, in catalog order.</summary>
    private static readonly string[] SampleItemIds = ["ywjy-zszc", "ywjy-zsjh", "ywjy-zsfw", "ywjy-xxml", "ywjy-zzzc"];

    /// <summary>The items the file had before it was deepened; none may disappear.</summary>
    private static readonly string[] OriginalIds =
        ["ywjy-zszc", "ywjy-zsjh", "ywjy-zsfw", "ywjy-xxml", "ywjy-zzzc", "ywjy-jyfl", "ywjy-gfwj", "ywjy-tjsj", "ywjy-mbzs", "ywjy-mbsf"];

    private static RuleSet Rules => CatalogShape.Rules;

    private static IReadOnlyList<CatalogItem> Items => CatalogShape.ItemsOf(Area);

    private static IReadOnlyList<string> AllIds => Items.Select(i => i.Id).ToList();

    /// <summary>Titles as the sample generator and docs/sample-portal.md write them.</summary>
    public static TheoryData<string, string> SampleTitles => new()
    {
        { "ywjy-zszc", "义乌市2026年义务教育阶段学校招生工作实施方案" },
        { "ywjy-zszc", "2026年义务教育招生工作实施方案" },
        { "ywjy-zsjh", "义乌市2026年义务教育阶段公办学校招生计划" },
        { "ywjy-zsjh", "2026年义务教育学校招生计划" },
        { "ywjy-zsfw", "义乌市2026年城区义务教育阶段学校招生范围" },
        { "ywjy-zsfw", "2026年城区公办学校招生范围" },
        { "ywjy-xxml", "义乌市义务教育学校名录（2026年）" },
        { "ywjy-xxml", "义乌市义务教育学校名录" },
        { "ywjy-zzzc", "关于做好2026年秋季学期义务教育学生资助工作的通知" },
        { "ywjy-zzzc", "义务教育家庭经济困难学生资助政策" },
    };

    [Fact]
    public void The_file_loads_without_error()
    {
        Assert.DoesNotContain(Loaded.Errors, e => e.File.EndsWith("catalog/ywjy.yaml", StringComparison.Ordinal));
        Assert.Equal("义务教育", Rules.Areas.Single(a => a.Id == Area).Name);
    }

    [Fact]
    public void The_area_has_twenty_to_thirty_items_with_unique_prefixed_ids_and_keeps_every_original_item()
    {
        Assert.InRange(Items.Count, 20, 30);
        Assert.All(Items, i => Assert.StartsWith(Area + "-", i.Id, StringComparison.Ordinal));
        Assert.Equal(Items.Count, AllIds.Distinct(StringComparer.Ordinal).Count());
        Assert.Subset(AllIds.ToHashSet(), OriginalIds.ToHashSet());

        // The original items keep their relative order, so first-match routing among them is unchanged.
        Assert.Equal(OriginalIds, AllIds.Where(OriginalIds.Contains));
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
        foreach (var id in new[] { "ywjy-fzqk", "ywjy-mbxx", "ywjy-gbsf", "ywjy-cwgl", "ywjy-ysjs", "ywjy-xxml", "ywjy-tjsj" })
        {
            Assert.Equal(Provenance.Verified, Rules.FindItem(id)!.Provenance);
        }

        Assert.True(Items.Count(i => i.Provenance == Provenance.Derived) >= 10);
    }

    [Fact]
    public void Added_items_are_per_document_so_a_column_expecting_the_whole_area_gains_no_missing_item()
    {
        var added = Items.Where(i => !OriginalIds.Contains(i.Id)).ToList();
        Assert.True(added.Count >= 10);
        Assert.All(added, i => Assert.Equal(Presence.PerDocument, i.Presence));
        Assert.Contains(added, i => !i.MachineCheckable);
        Assert.All(SampleItemIds, id => Assert.True(Rules.FindItem(id)!.MachineCheckable));
    }

    [Theory]
    [MemberData(nameof(SampleTitles))]
    public void A_sample_title_goes_to_its_item_in_the_sample_column_and_in_the_whole_area(string id, string title)
    {
        var sampleColumn = Items.Where(i => SampleItemIds.Contains(i.Id));
        Assert.Equal(id, sampleColumn.First(i => i.MatchesTitle(title)).Id);
        Assert.Equal(id, Items.First(i => i.MatchesTitle(title)).Id);
    }

    [Fact]
    public void Sample_items_keep_their_names_elements_and_deadlines()
    {
        var contract = new Dictionary<string, (string Level1, string Level2, string[] Required)>
        {
            ["ywjy-zszc"] = ("招生管理", "招生政策", ["实施方案", "随迁子女", "延缓入学"]),
            ["ywjy-zsjh"] = ("招生管理", "招生计划", ["招生计划"]),
            ["ywjy-zsfw"] = ("招生管理", "招生范围", ["招生范围", "学区"]),
            ["ywjy-xxml"] = ("教育概况", "义务教育学校名录", ["学校名称", "学校地址", "办学层次", "办学类型", "办公电话"]),
            ["ywjy-zzzc"] = ("学生管理", "义务教育学生资助政策", ["两免一补"]),
        };
        foreach (var (id, (level1, level2, required)) in contract)
        {
            var item = Rules.FindItem(id)!;
            Assert.Equal((level1, level2), (item.Level1, item.Level2));
            var elements = item.Elements.Where(e => e.Required).ToList();
            Assert.Equal(required, elements.Select(e => e.Name));
            Assert.All(elements, e => Assert.Contains(e.Find.Patterns, p => p.IsMatch(e.Name)));
        }

        Assert.All(new[] { "ywjy-zszc", "ywjy-zsjh", "ywjy-zsfw" }, id => Assert.Equal(new AnnualBy(6, 30), Rules.FindItem(id)!.Deadline));
        Assert.Equal(Presence.Standing, Rules.FindItem("ywjy-xxml")!.Presence);
        Assert.Equal(new WorkingDaysAfter(20, "formed"), Rules.FindItem("ywjy-zzzc")!.Deadline);
    }

    [Theory]
    [InlineData("2026年民办初中电脑随机录取结果", "ywjy-lqjg")]
    [InlineData("义乌市民办义务教育学校名录", "ywjy-mbxx")]
    [InlineData("2026年秋季学期家庭经济困难学生认定结果公示", "ywjy-knrd")]
    [InlineData("义乌市2026年控辍保学工作方案", "ywjy-kcbx")]
    [InlineData("中华人民共和国义务教育法", "ywjy-jyfl")]
    [InlineData("义乌市教育局规范性文件目录", "ywjy-gfwj")]
    [InlineData("义乌市2025年教育事业发展主要情况", "ywjy-fzqk")]
    [InlineData("义乌市2025年教育事业统计公报", "ywjy-tjsj")]
    [InlineData("2026年民办义务教育学校招生工作方案", "ywjy-mbzs")]
    [InlineData("义乌市义务教育学校服务性收费和代收费项目及标准", "ywjy-gbsf")]
    [InlineData("义乌市民办学校收费标准", "ywjy-mbsf")]
    [InlineData("义乌市某民办学校设立审批公告", "ywjy-mbsp")]
    [InlineData("义乌市中小学财务管理办法", "ywjy-cwgl")]
    [InlineData("义乌市教育局2026年部门预算", "ywjy-ysjs")]
    [InlineData("2026年义乌市教育系统公开招聘教师公告", "ywjy-jszp")]
    [InlineData("2026年义乌市教育系统公开招聘教师拟聘用人员公示", "ywjy-npgs")]
    [InlineData("2026年义务教育学校校长教师交流轮岗名单", "ywjy-jsjl")]
    [InlineData("义乌市中小学校布局规划（2026—2035年）", "ywjy-xxbj")]
    [InlineData("义乌市城西小学改扩建工程项目", "ywjy-xsjs")]
    [InlineData("义乌市教育局教学仪器设备采购项目", "ywjy-yqsb")]
    [InlineData("2026年教育系统接受社会捐赠情况", "ywjy-shjz")]
    [InlineData("义乌市2026年义务教育优质均衡发展督导评估报告", "ywjy-ddbg")]
    public void A_source_expecting_the_whole_area_routes_each_kind_of_document_to_its_item(string title, string expected)
    {
        Assert.Equal(expected, Items.First(i => i.MatchesTitle(title)).Id);
    }

    [Fact]
    public void A_column_expecting_every_item_reports_only_the_missing_enrolment_plan()
    {
        var documents = new List<ObservedDocument>
        {
            Document("/jyj/ywjy/202605/t20260510_1.html", "义乌市2026年义务教育阶段学校招生工作实施方案", "2026-05-10", "2026-05-06", "实施方案 随迁子女 延缓入学"),
            Document("/jyj/ywjy/202605/t20260518_2.html", "义乌市2026年城区义务教育阶段学校招生范围", "2026-05-18", "2026-05-12", "招生范围 学区"),
            Document("/jyj/ywjy/202603/t20260302_3.html", "义乌市义务教育学校名录（2026年）", "2026-03-02", "2026-02-26", XxmlBody),
            Document("/jyj/ywjy/202609/t20260907_4.html", "关于做好2026年秋季学期义务教育学生资助工作的通知", "2026-09-07", "2026-09-01", "两免一补"),
            Document("/jyj/ywjy/202607/t20260713_5.html", "2026年义乌市教育系统公开招聘教师公告", "2026-07-13", "2026-07-08", "招聘岗位 资格条件 报名时间"),
            Document("/jyj/ywjy/202610/t20261019_6.html", "义乌市2026年义务教育优质均衡发展督导评估报告", "2026-10-19", "2026-10-12", "督导结论：达到要求。整改：无。"),
            Document("/jyj/ywjy/202604/t20260410_7.html", "义乌市教育局2026年部门预算", "2026-04-10", "2026-04-01", "收支总表 情况说明"),
        };
        var plan = Document("/jyj/ywjy/202605/t20260520_8.html", "义乌市2026年义务教育阶段公办学校招生计划", "2026-05-20", "2026-05-14", ZsjhBody);

        Assert.DoesNotContain(Evaluate([.. documents, plan]).Findings, f => f.Area == Area);

        var finding = Assert.Single(Evaluate(documents).Findings, f => f.Area == Area);
        Assert.Equal((FindingKind.MissingItem, "ywjy-zsjh", "2026"), (finding.Kind, finding.ItemId, finding.Period));
    }

    [Fact]
    public void A_budget_is_due_twenty_calendar_days_after_approval()
    {
        Assert.Equal(new DaysAfter(20, "approved"), Rules.FindItem("ywjy-ysjs")!.Deadline);

        // Approved 2026-04-01: due 04-21; 04-10 is on time, 04-25 (24 days) is late although within 20 working days.
        var onTime = Document("/jyj/ywjy/202604/t20260410_9.html", "义乌市教育局2026年部门预算", "2026-04-10", "2026-04-01", "收支总表");
        var late = Document("/jyj/ywjy/202604/t20260425_10.html", "义乌市教育局2025年部门决算", "2026-04-25", "2026-04-01", "收支总表");

        var result = Evaluator.Evaluate(Input(Column("ywjy", "信息公开目录", "jyj", ["ywjy-ysjs"], [onTime, late])), Rules, Loaded.Calendar!);
        var finding = Assert.Single(result.Findings, f => f.Area == Area);
        Assert.Equal((FindingKind.LatePublication, "ywjy-ysjs"), (finding.Kind, finding.ItemId));
        Assert.EndsWith("t20260425_10.html", finding.DocumentUrl, StringComparison.Ordinal);
    }

    [Fact]
    public void Title_and_element_patterns_never_match_an_empty_text()
    {
        Assert.All(Items, i => Assert.All(i.Match.Titles, p => Assert.False(p.IsMatch(string.Empty), $"{i.Id}: {p}")));
        Assert.All(Items.SelectMany(i => i.Elements).SelectMany(e => e.Find.Patterns), p => Assert.False(p.IsMatch(string.Empty), p.ToString()));
    }

    private static EvaluationResult Evaluate(IReadOnlyList<ObservedDocument> documents) =>
        Evaluator.Evaluate(Input(Column("ywjy", "信息公开目录", "jyj", AllIds, documents)), Rules, Loaded.Calendar!);
}

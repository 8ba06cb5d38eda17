using Monitor.RuleEngine.Loading;
using Monitor.RuleEngine.Rules;
using Monitor.RuleEngine.Tests.Support;

namespace Monitor.RuleEngine.Tests.Loading;

/// <summary>Guards the shipped rules: every file in rules/ must load without error.</summary>
public sealed class RepositoryRulesTests
{
    private static readonly RuleSetLoadResult Loaded = RuleSetLoader.Load(RepoPaths.Rules);

    [Fact]
    public void Every_file_in_rules_loads_without_error()
    {
        Assert.True(Loaded.Errors.Count == 0, string.Join(Environment.NewLine, Loaded.Errors));
        Assert.True(Loaded.Succeeded);
    }

    [Fact]
    public void The_slice_areas_load_in_file_order_with_their_items()
    {
        // Other areas join as their catalog files are written; the slice's three must stay.
        var rules = Loaded.RuleSet!;
        Assert.Equal(rules.Areas.Select(a => a.Id).Order(StringComparer.Ordinal), rules.Areas.Select(a => a.Id));
        Assert.Subset(rules.Areas.Select(a => a.Id).ToHashSet(), new HashSet<string> { "bzxzf", "ywjy", "zdbc" });
        Assert.All(rules.Areas.Where(a => a.Id is "bzxzf" or "ywjy" or "zdbc"), a => Assert.True(a.Items.Count >= 8, a.Id));
        Assert.Equal("2026.12.0", rules.Version);
    }

    [Fact]
    public void Calendar_covers_2007_to_2026_and_warns_about_2027()
    {
        var calendar = Loaded.Calendar!;
        Assert.Equal(Enumerable.Range(2007, 20), calendar.YearsCovered);
        Assert.False(calendar.HasData(2027));
        Assert.Contains("2027年节假日安排尚未发布，相关期限按周末推算，标记为暂定", Loaded.Warnings);
        Assert.False(File.Exists(Path.Combine(RepoPaths.Rules, "calendar", "cn", "2027.yaml")));
    }

    [Theory]
    [InlineData("bzxzf-zcwj", "义乌市保障性住房管理办法")]
    [InlineData("bzxzf-zcwj", "关于印发公共租赁住房实施细则的通知")]
    [InlineData("bzxzf-jcygk", "关于《义乌市保障性住房管理办法（征求意见稿）》公开征求意见的公告")]
    [InlineData("bzxzf-zgsh", "2026年第三批公租房承租资格审核结果公示")]
    [InlineData("bzxzf-yhgg", "城西公租房项目摇号公告")]
    [InlineData("bzxzf-ndjh", "义乌市2026年度保障性住房建设计划")]
    [InlineData("zdbc-qpdj", "义乌市征收农用地区片综合地价")]
    [InlineData("zdbc-ygg", "义乌市人民政府征收土地预公告（2026第12号）")]
    [InlineData("zdbc-bcaz", "城西街道征地补偿安置方案公告")]
    [InlineData("zdbc-zsgg", "义乌市人民政府征收土地公告")]
    [InlineData("ywjy-zszc", "2026年义务教育招生工作实施方案")]
    [InlineData("ywjy-zsjh", "2026年义务教育学校招生计划")]
    [InlineData("ywjy-zsfw", "2026年城区公办学校招生范围")]
    [InlineData("ywjy-xxml", "义乌市义务教育学校名录")]
    [InlineData("ywjy-zzzc", "义务教育家庭经济困难学生资助政策")]
    public void Sample_portal_titles_go_to_their_item_and_to_no_earlier_one(string expected, string title)
    {
        var rules = Loaded.RuleSet!;
        var area = expected.Split('-')[0];
        var first = rules.Items.Where(i => i.Area == area).First(i => i.MatchesTitle(title));
        Assert.Equal(expected, first.Id);
    }

    [Fact]
    public void Derived_items_explain_themselves_and_sample_deadlines_are_as_agreed()
    {
        var rules = Loaded.RuleSet!;
        Assert.All(rules.Items.Where(i => i.Provenance == Provenance.Derived), i => Assert.False(string.IsNullOrWhiteSpace(i.Note)));
        Assert.Equal(new AnnualBy(3, 31), rules.FindItem("bzxzf-ndjh")!.Deadline);
        Assert.Equal(new WorkingDaysAfter(15, "approved"), rules.FindItem("zdbc-zsgg")!.Deadline);
        Assert.Equal(new DisplayAtLeast(10, DayUnit.Working), rules.FindItem("zdbc-ygg")!.Deadline);
        Assert.Equal(new DisplayAtLeast(30, DayUnit.Calendar), rules.FindItem("zdbc-bcaz")!.Deadline);
        Assert.Equal(Presence.Standing, rules.FindItem("zdbc-qpdj")!.Presence);
        Assert.Equal(Presence.Standing, rules.FindItem("ywjy-xxml")!.Presence);
        foreach (var id in new[] { "ywjy-zszc", "ywjy-zsjh", "ywjy-zsfw" })
        {
            var item = rules.FindItem(id)!;
            Assert.Equal(new AnnualBy(6, 30), item.Deadline);
            Assert.Equal(Provenance.Derived, item.Provenance);
        }
    }
}

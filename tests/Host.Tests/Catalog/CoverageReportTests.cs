using Monitor.Host.Catalog;
using Monitor.Host.Configuration;
using Monitor.Host.Tests.Support;
using Monitor.RuleEngine.Loading;
using Monitor.RuleEngine.Rules;

namespace Monitor.Host.Tests.Catalog;

/// <summary>
/// Coverage of the catalog by a deployment. The sample config is still growing, so these tests assert on the
/// items and sources known to be there (bzxzf, zdbc, ywjy) or on deployments derived from it, not on totals.
/// </summary>
public sealed class CoverageReportTests
{
    private static readonly Lazy<RuleSet> Rules = new(() =>
    {
        var loaded = RuleSetLoader.Load(RepoPaths.Rules);
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Errors));
        return loaded.RuleSet!;
    });

    [Fact]
    public void The_sample_deployment_has_valid_cross_references_and_covers_its_columns_items()
    {
        var report = CoverageReport.Build(Rules.Value, DeploymentLoader.Load(RepoPaths.SampleConfig));

        Assert.Empty(report.Errors);
        Assert.Contains("bzxzf", SourcesOf(report, "bzxzf-zcwj"));
        Assert.Contains("zdbc", SourcesOf(report, "zdbc-ygg"));
        Assert.Contains("csjd-zdxx", SourcesOf(report, "zdbc-ygg"));
        Assert.Contains("ywjy", SourcesOf(report, "ywjy-zszc"));
        Assert.Contains(report.Sources, s => s.Source.Id == "home" && s.ItemIds.Count == 0);
        Assert.Equal(Rules.Value.Areas.Select(a => a.Id), report.Areas.Select(a => a.Area.Id));
        foreach (var area in report.Areas)
        {
            // Every item is exactly one of: covered, uncovered and checkable, uncovered and not checkable.
            Assert.Equal(
                area.Area.Items.Select(i => i.Id).Order(StringComparer.Ordinal),
                area.Covered.Concat(area.UncoveredCheckable).Concat(area.UncoveredNotCheckable).Select(i => i.Id).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Items_no_source_expects_are_listed_per_area_split_by_machine_checkability()
    {
        var sample = DeploymentLoader.Load(RepoPaths.SampleConfig);
        var only = sample.Sources.Single(s => s.Id == "bzxzf") with { ItemIds = ["bzxzf-zcwj"], Areas = [] };
        var report = CoverageReport.Build(Rules.Value, sample with { Sources = [only] });

        var bzxzf = report.Areas.Single(a => a.Area.Id == "bzxzf");
        Assert.Equal(["bzxzf-zcwj"], bzxzf.Covered.Select(i => i.Id));
        var others = Rules.Value.Areas.Single(a => a.Id == "bzxzf").Items.Where(i => i.Id != "bzxzf-zcwj").ToList();
        Assert.Equal(others.Where(i => i.MachineCheckable).Select(i => i.Id), bzxzf.UncoveredCheckable.Select(i => i.Id));
        Assert.Equal(others.Where(i => !i.MachineCheckable).Select(i => i.Id), bzxzf.UncoveredNotCheckable.Select(i => i.Id));
        Assert.Empty(report.Areas.Single(a => a.Area.Id == "ywjy").Covered);
        Assert.Contains("bzxzf-zgsh", report.Render());
    }

    [Fact]
    public void A_source_listing_an_area_expects_every_item_of_that_area()
    {
        var sample = DeploymentLoader.Load(RepoPaths.SampleConfig);
        var source = sample.Sources.Single(s => s.Id == "ywjy") with { ItemIds = [], Areas = ["ywjy"] };
        var report = CoverageReport.Build(Rules.Value, sample with { Sources = [source] });

        var ywjy = report.Areas.Single(a => a.Area.Id == "ywjy");
        Assert.Equal(ywjy.Area.Items.Count, ywjy.Covered.Count);
        Assert.Empty(ywjy.UncoveredCheckable);
    }

    [Fact]
    public void Subjects_no_department_takes_and_department_subjects_no_item_uses_are_reported()
    {
        var sample = DeploymentLoader.Load(RepoPaths.SampleConfig);
        var subject = Rules.Value.FindItem("ywjy-zszc")!.Subject;
        var departments = sample.Departments
            .Select(d => d with { Subjects = d.Id == "jyj" ? ["不存在的主体"] : [] })
            .ToList();
        var report = CoverageReport.Build(Rules.Value, sample with { Departments = departments });

        var gap = Assert.Single(report.UnclaimedSubjects, g => g.Subject == subject);
        Assert.Contains(gap.Items, i => i.Id == "ywjy-zszc");
        Assert.Equal(Rules.Value.Items.Select(i => i.Subject).Distinct().Count(), report.UnclaimedSubjects.Count);
        var unused = Assert.Single(report.UnusedSubjects);
        Assert.Equal(("jyj", "不存在的主体"), (unused.Department.Id, unused.Subject));
        Assert.Empty(report.Errors);
        var text = report.Render();
        Assert.Contains(subject, text);
        Assert.Contains("警告：部门 jyj（市教育局）的公开主体“不存在的主体”未被任何事项使用", text);
    }

    [Theory]
    [InlineData("甲部门、乙部门", new[] { "甲部门", "乙部门" }, true)]
    [InlineData("甲部门、乙部门", new[] { "甲部门" }, false)]
    [InlineData("甲部门、乙部门", new[] { "甲部门、乙部门" }, true)]
    [InlineData("市、县级人民政府", new[] { "市、县级人民政府" }, true)]
    [InlineData("市、县级人民政府", new[] { "县级人民政府" }, false)]
    [InlineData("乡镇人民政府（街道办事处）、村民委员会", new[] { "乡镇人民政府", "村民委员会" }, true)]
    [InlineData("乡镇人民政府（街道办事处）、村民委员会", new[] { "乡镇人民政府（街道办事处）", "村民委员会" }, true)]
    [InlineData("县级人民政府（住房保障行政主管部门、民政部门）", new[] { "住房保障行政主管部门" }, false)]
    [InlineData("县级人民政府（住房保障行政主管部门、民政部门）", new[] { "县级人民政府" }, true)]
    [InlineData("县级人民政府（住房保障行政主管部门、民政部门）", new[] { "住房保障行政主管部门", "民政部门" }, true)]
    [InlineData("乡镇人民政府（街道办事处）", new[] { "街道办事处" }, true)]
    [InlineData("乡镇人民政府（街道办事处）", new[] { "村民委员会" }, false)]
    public void A_joint_subject_is_taken_when_each_of_its_parts_is(string subject, string[] taken, bool claimed) =>
        Assert.Equal(claimed, CoverageReport.IsClaimed(subject, taken.ToHashSet(StringComparer.Ordinal)));

    [Fact]
    public void A_department_subject_that_names_one_part_of_a_joint_subject_counts_as_used()
    {
        var sample = DeploymentLoader.Load(RepoPaths.SampleConfig);
        var first = Rules.Value.Areas[0];
        var rules = Rules.Value with { Areas = [first with { Items = [first.Items[0] with { Subject = "甲测试部门、乙测试部门（丙）" }, .. first.Items.Skip(1)] }, .. Rules.Value.Areas.Skip(1)] };
        var departments = sample.Departments.Select(d => d.Id == "jyj" ? d with { Subjects = ["甲测试部门", "乙测试部门"] } : d).ToList();

        var report = CoverageReport.Build(rules, sample with { Departments = departments });

        Assert.DoesNotContain(report.UnclaimedSubjects, g => g.Subject.Contains("测试部门", StringComparison.Ordinal));
        Assert.DoesNotContain(report.UnusedSubjects, u => u.Subject.Contains("测试部门", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unknown_item_ids_and_areas_in_sources_are_errors_naming_file_line_and_key()
    {
        using var folder = new TempFolder();
        var config = CopySample(folder.Path);
        var sourcesFile = Path.Combine(config, "sources.yaml");
        var before = (await File.ReadAllLinesAsync(sourcesFile)).Length;
        await File.AppendAllTextAsync(sourcesFile, """

              - id: zz-test
                name: 测试栏目
                url: /zz/index.html
                type: column
                columnType: 信息公开目录
                department: cgw
                items: [bzxzf-zcwj, bzxzf-nosuch]
                areas: [nosuch-area]

            """);
        var deployment = DeploymentLoader.Load(config);
        var index = deployment.Sources.Count - 1;

        var report = CoverageReport.Build(Rules.Value, deployment);

        Assert.Equal(2, report.Errors.Count);
        var item = report.Errors[0];
        Assert.Equal((sourcesFile, before + 8, $"sources[{index}].items[1]"), (item.File, item.Line, item.Key));
        Assert.Contains("bzxzf-nosuch", item.Message);
        var area = report.Errors[1];
        Assert.Equal((before + 9, $"sources[{index}].areas[0]"), (area.Line, area.Key));
        Assert.Contains("nosuch-area", area.Message);
        Assert.Equal(["bzxzf-zcwj"], report.Sources[index].ItemIds);
    }

    private static IReadOnlyList<string> SourcesOf(CoverageReport report, string itemId) =>
        report.Areas.SelectMany(a => a.SourcesByItem).Single(kv => kv.Key == itemId).Value;

    internal static string CopySample(string into)
    {
        var config = Path.Combine(into, "config");
        Directory.CreateDirectory(config);
        foreach (var file in Directory.GetFiles(RepoPaths.SampleConfig))
        {
            File.Copy(file, Path.Combine(config, Path.GetFileName(file)));
        }

        return config;
    }
}

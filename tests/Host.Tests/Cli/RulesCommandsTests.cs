using Monitor.Host.Tests.Catalog;
using Monitor.Host.Tests.Exports;
using Monitor.Host.Tests.Support;
using Monitor.RuleEngine.Loading;
using Monitor.RuleEngine.Rules;

namespace Monitor.Host.Tests.Cli;

/// <summary><c>monitor rules check</c> and <c>monitor rules table</c> run as an operator runs them.</summary>
public sealed class RulesCommandsTests
{
    private static readonly Lazy<RuleSet> Rules = new(() =>
    {
        var loaded = RuleSetLoader.Load(RepoPaths.Rules);
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Errors));
        return loaded.RuleSet!;
    });

    [Fact]
    public async Task Check_prints_item_counts_per_area_with_verified_and_derived_and_totals()
    {
        using var folder = new TempFolder();
        var result = await MonitorProcess.RunAsync(folder.Path, "rules", "check", RepoPaths.Rules);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        var lines = result.Output.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("领域编号", StringComparison.Ordinal) && l.Contains("核实") && l.Contains("推定") && l.Contains("不可机检"));
        foreach (var area in Rules.Value.Areas)
        {
            var verified = area.Items.Count(i => i.Provenance == Provenance.Verified);
            var checkable = area.Items.Count(i => i.MachineCheckable);
            var line = Assert.Single(lines, l => l.StartsWith(area.Id + " ", StringComparison.Ordinal));
            Assert.Equal(
                [area.Items.Count, verified, area.Items.Count - verified, checkable, area.Items.Count - checkable],
                line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^5..].Select(int.Parse));
        }

        var total = Assert.Single(lines, l => l.StartsWith("合计", StringComparison.Ordinal));
        Assert.Equal(Rules.Value.Items.Count(), int.Parse(total.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]));
    }

    [Fact]
    public async Task Check_with_the_sample_config_reports_coverage_and_passes()
    {
        using var folder = new TempFolder();
        var result = await MonitorProcess.RunAsync(folder.Path, "rules", "check", RepoPaths.Rules, "--config", RepoPaths.SampleConfig);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("覆盖情况", result.Output);
        Assert.Matches(@"\n  bzxzf（保障性住房，cgw）：[^\n]*bzxzf-zcwj", result.Output);
        Assert.Contains("没有来源覆盖的可机检事项", result.Output);
        Assert.Contains("没有部门承担的公开主体", result.Output);
        Assert.Contains("配置交叉引用检查通过", result.Output);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public async Task Check_with_a_source_expecting_an_unknown_item_names_file_line_and_key_and_fails()
    {
        using var folder = new TempFolder();
        var config = CoverageReportTests.CopySample(folder.Path);
        await File.AppendAllTextAsync(Path.Combine(config, "sources.yaml"), """

              - id: zz-test
                name: 测试栏目
                url: /zz/index.html
                type: column
                columnType: 信息公开目录
                department: cgw
                items: [bzxzf-nosuch]

            """);

        var result = await MonitorProcess.RunAsync(folder.Path, "rules", "check", RepoPaths.Rules, "--config", config);

        Assert.Equal(2, result.ExitCode);
        Assert.Matches(@"sources\.yaml:\d+:\d+: sources\[\d+\]\.items\[0\]: 事项编号“bzxzf-nosuch”不在规则目录中", result.Error);
        Assert.Contains("配置交叉引用检查未通过：1 处错误", result.Error);
    }

    [Fact]
    public async Task Check_with_a_malformed_config_names_file_line_and_key_and_fails()
    {
        using var folder = new TempFolder();
        var config = CoverageReportTests.CopySample(folder.Path);
        var departments = Path.Combine(config, "departments.yaml");
        await File.WriteAllTextAsync(departments, (await File.ReadAllTextAsync(departments)).Replace("    subjects:", "    subjectz:", StringComparison.Ordinal));

        var result = await MonitorProcess.RunAsync(folder.Path, "rules", "check", RepoPaths.Rules, "--config", config);

        Assert.Equal(2, result.ExitCode);
        Assert.Matches(@"departments\.yaml:\d+:\d+: departments\[0\]\.subjectz", result.Error);
    }

    [Fact]
    public async Task Table_as_markdown_goes_to_stdout_with_every_item()
    {
        using var folder = new TempFolder();
        var result = await MonitorProcess.RunAsync(folder.Path, "rules", "table", RepoPaths.Rules, "--format", "md");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        foreach (var area in Rules.Value.Areas)
        {
            Assert.Contains($"## {area.Name}领域政务公开标准目录", result.Output);
            for (var i = 0; i < area.Items.Count; i++)
            {
                Assert.Contains($"\n| {i + 1} | {area.Items[i].Level1} | {area.Items[i].Level2} |", result.Output);
            }
        }
    }

    [Fact]
    public async Task Table_for_one_area_writes_only_that_area_to_the_given_file()
    {
        using var folder = new TempFolder();
        var target = Path.Combine(folder.Path, "out", "zdbc.md");
        var result = await MonitorProcess.RunAsync(folder.Path, "rules", "table", RepoPaths.Rules, "--area", "zdbc", "--format", "md", "--out", target);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        var md = await File.ReadAllTextAsync(target);
        Assert.Contains("## 征地补偿领域政务公开标准目录", md);
        Assert.DoesNotContain("## 保障性住房", md);
        Assert.Contains("已写入标准目录", result.Output);
    }

    [Fact]
    public async Task Table_as_xlsx_opens_as_a_workbook_whose_rows_are_the_catalog()
    {
        using var folder = new TempFolder();
        var target = Path.Combine(folder.Path, "catalog.xlsx");
        var result = await MonitorProcess.RunAsync(folder.Path, "rules", "table", RepoPaths.Rules, "--format", "xlsx", "--out", target);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        var book = WorkbookContent.Read(target);
        Assert.Equal(Rules.Value.Areas.Select(a => a.Name), book.Sheets.Select(s => s.Name));
        for (var s = 0; s < book.Sheets.Count; s++)
        {
            var area = Rules.Value.Areas[s];
            var sheet = book.Sheets[s];
            Assert.StartsWith($"{area.Name}领域政务公开标准目录", sheet.Texts(1)[0]);
            string[] levels = area.Items.Any(i => i.Level3 is not null) ? ["序号", "一级事项", "二级事项", "三级事项"] : ["序号", "一级事项", "二级事项"];
            Assert.Equal(
                [.. levels, "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体", "公开对象", "公开方式", "公开层级", "状态", "可机检", "备注"],
                sheet.Texts(2));
            Assert.Equal(area.Items.Count + 2, sheet.Rows.Count);
            for (var i = 0; i < area.Items.Count; i++)
            {
                var row = sheet.Texts(i + 3);
                Assert.Equal((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), row[0]);
                Assert.Equal(area.Items[i].Level1, row[1]);
                Assert.Equal(area.Items[i].Level2, row[2]);
                Assert.Equal(area.Items[i].Subject, row[levels.Length + 3]);
            }
        }
    }

    [Fact]
    public async Task Table_as_html_defaults_to_catalog_html_with_every_item_and_no_script()
    {
        using var folder = new TempFolder();
        var result = await MonitorProcess.RunAsync(folder.Path, "rules", "table", RepoPaths.Rules, "--format", "html");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        var html = await File.ReadAllTextAsync(Path.Combine(folder.Path, "catalog.html"));
        foreach (var item in Rules.Value.Items)
        {
            Assert.Contains($"<tr id=\"item-{item.Id}\">", html);
        }

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("请用 --format 指定输出格式")]
    [InlineData("--format 应为 md、xlsx 或 html", "--format", "pdf")]
    [InlineData("规则目录中没有领域 “nosuch”", "--format", "md", "--area", "nosuch")]
    public async Task Table_with_bad_arguments_explains_in_chinese_and_exits_2(string message, params string[] args)
    {
        using var folder = new TempFolder();
        var result = await MonitorProcess.RunAsync(folder.Path, ["rules", "table", RepoPaths.Rules, .. args]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public async Task Table_on_broken_rules_prints_the_errors_and_exits_2()
    {
        using var folder = new TempFolder();
        var rules = Path.Combine(folder.Path, "rules");
        Directory.CreateDirectory(rules);

        var result = await MonitorProcess.RunAsync(folder.Path, "rules", "table", rules, "--format", "md");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("ruleset.yaml", result.Error);
        Assert.Contains("规则检查未通过", result.Error);
    }
}

using Monitor.Host.Output;
using Monitor.Host.Tests.Support;

namespace Monitor.Host.Tests.Cli;

/// <summary>The executable as an operator runs it: exit codes, files, messages.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task Demo_command_runs_the_whole_flow_and_writes_out_findings_json()
    {
        using var folder = new TempFolder();
        var result = await MonitorProcess.RunAsync(folder.Path, "demo", "--as-of", "2026-12-01");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        var findings = FindingsJson.Deserialize(await File.ReadAllTextAsync(Path.Combine(folder.Path, "out", "findings.json")));
        Assert.Equal("2026-12-01T00:00:00+08:00", findings.AsOf);
        Assert.NotEmpty(findings.Findings);
        Assert.Contains("精确率 100%", result.Output);
        Assert.True(File.Exists(Path.Combine(folder.Path, "out", "report.html")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(folder.Path, "out", "mails"), "*.eml"));
    }

    [Fact]
    public async Task Rules_check_passes_on_the_shipped_rules()
    {
        using var folder = new TempFolder();
        var result = await MonitorProcess.RunAsync(folder.Path, "rules", "check", RepoPaths.Rules);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("规则检查通过", result.Output);
    }

    [Fact]
    public async Task Rules_check_on_a_broken_file_names_file_line_and_key_and_fails()
    {
        using var folder = new TempFolder();
        var rules = CopyRules(folder.Path);
        await File.WriteAllTextAsync(Path.Combine(rules, "catalog", "zz-broken.yaml"), "area: zz\nname: 测试领域\nguideline: 无\nitemz: []\n");

        var result = await MonitorProcess.RunAsync(folder.Path, "rules", "check", rules);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("zz-broken.yaml:4", result.Error);
        Assert.Contains("itemz", result.Error);
    }

    [Fact]
    public async Task Rules_check_on_a_yaml_syntax_error_names_file_and_line()
    {
        using var folder = new TempFolder();
        var rules = CopyRules(folder.Path);
        // The flow sequence opened on line 6 is never closed; YAML notices at the start of line 7.
        await File.WriteAllTextAsync(
            Path.Combine(rules, "catalog", "zz-syntax.yaml"),
            "area: zz\nname: 测试领域\nguideline: 无\nitems:\n  - id: zz-1\n    level1: [unclosed\n    level2: 测试\n");

        var result = await MonitorProcess.RunAsync(folder.Path, "rules", "check", rules);

        Assert.Equal(2, result.ExitCode);
        Assert.Matches(@"zz-syntax\.yaml:[67]:\d+: ", result.Error);
    }

    [Fact]
    public async Task Scan_with_a_malformed_config_names_file_line_and_key()
    {
        using var folder = new TempFolder();
        var config = Path.Combine(folder.Path, "config");
        Directory.CreateDirectory(config);
        foreach (var file in Directory.GetFiles(RepoPaths.SampleConfig))
        {
            File.Copy(file, Path.Combine(config, Path.GetFileName(file)));
        }

        var sources = await File.ReadAllTextAsync(Path.Combine(config, "sources.yaml"));
        await File.WriteAllTextAsync(Path.Combine(config, "sources.yaml"), sources.Replace("    columnType: 动态要闻\n", "    columnTyp: 动态要闻\n", StringComparison.Ordinal));

        var result = await MonitorProcess.RunAsync(folder.Path, "scan", "--config", config, "--out", Path.Combine(folder.Path, "out"));

        Assert.Equal(2, result.ExitCode);
        Assert.Matches(@"sources\.yaml:\d+:\d+: sources\[1\]\.columnTyp: ", result.Error);
        Assert.Contains("sources[1].columnType", result.Error);
    }

    private static string CopyRules(string into)
    {
        var target = Path.Combine(into, "rules");
        foreach (var file in Directory.GetFiles(RepoPaths.Rules, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(RepoPaths.Rules, file);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, relative))!);
            File.Copy(file, Path.Combine(target, relative));
        }

        return target;
    }
}

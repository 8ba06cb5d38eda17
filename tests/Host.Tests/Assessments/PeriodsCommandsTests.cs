using Monitor.Host.Cli;
using Monitor.Host.Tests.Support;

namespace Monitor.Host.Tests.Assessments;

/// <summary>
/// <c>monitor periods</c> as an operator runs it (the built executable, the machine's clock: November 2026 has ended on
/// this project's machines): exit codes and Chinese output of freeze, list, show and verify.
/// </summary>
[Collection(ScannedStoreCollection.Name)]
public sealed class PeriodsCommandsTests(ScannedStoreFixture fixture)
{
    [Fact]
    public async Task Freeze_list_show_and_verify_a_month_then_refuse_to_freeze_it_again()
    {
        using var folder = new TempFolder();
        var state = fixture.CopyState(folder.Path);
        string[] Common(params string[] args) => [.. args, "--state", state];

        var freeze = await MonitorProcess.RunAsync(folder.Path, Common("periods", "freeze", "2026-11", "--by", "第三方评估组", "--config", RepoPaths.SampleConfig, "--rules", RepoPaths.Rules));
        Assert.True(freeze.ExitCode == CommandLine.Ok, freeze.Output + freeze.Error);
        Assert.Contains("正在冻结周期 2026-11（2026年11月", freeze.Output, StringComparison.Ordinal);
        Assert.Contains("评估 1/1：2026年12月1日 00:00", freeze.Output, StringComparison.Ordinal);
        Assert.Contains("周期 2026-11（2026年11月）已冻结。", freeze.Output, StringComparison.Ordinal);
        Assert.Contains("规则版本：2026.12.0", freeze.Output, StringComparison.Ordinal);

        var list = await MonitorProcess.RunAsync(folder.Path, Common("periods", "list"));
        Assert.Equal(CommandLine.Ok, list.ExitCode);
        Assert.Contains("已冻结的评估周期（1 个）", list.Output, StringComparison.Ordinal);
        Assert.Contains("2026-11\t2026-11-01至2026-11-30\t2026-12-01T00:00:00+08:00\t2026.12.0", list.Output, StringComparison.Ordinal);
        Assert.Contains("第三方评估组", list.Output, StringComparison.Ordinal);

        var show = await MonitorProcess.RunAsync(folder.Path, Common("periods", "show", "2026-11"));
        Assert.Equal(CommandLine.Ok, show.ExitCode);
        Assert.Contains("周期：2026-11（2026年11月，2026-11-01至2026-11-30）", show.Output, StringComparison.Ordinal);
        Assert.Contains("评估时点：2026-12-01T00:00:00+08:00", show.Output, StringComparison.Ordinal);
        Assert.Contains("站点得分：", show.Output, StringComparison.Ordinal);
        Assert.Contains("单项否决", show.Output, StringComparison.Ordinal);
        Assert.Matches(@"规则文件 SHA-256：[0-9a-f]{64}", show.Output);

        var verify = await MonitorProcess.RunAsync(folder.Path, Common("periods", "verify", "2026-11", "--config", RepoPaths.SampleConfig));
        Assert.True(verify.ExitCode == CommandLine.Ok, verify.Output + verify.Error);
        Assert.Contains("周期 2026-11 复算一致", verify.Output, StringComparison.Ordinal);

        var again = await MonitorProcess.RunAsync(folder.Path, Common("periods", "freeze", "2026-11", "--config", RepoPaths.SampleConfig, "--rules", RepoPaths.Rules));
        Assert.Equal(CommandLine.BadInput, again.ExitCode);
        Assert.Contains("已冻结，冻结后不可更改", again.Error, StringComparison.Ordinal);
        var showAgain = await MonitorProcess.RunAsync(folder.Path, Common("periods", "show", "2026-11"));
        Assert.Equal(show.Output, showAgain.Output);
    }

    [Theory]
    [InlineData("2026-Q5", "周期编号“2026-Q5”无效")]
    [InlineData("2026-10", "没有任何采集记录")]
    [InlineData("midterm", "请用 --from 和 --to 指定起止日期")]
    public async Task Freezing_a_bad_or_uncrawled_period_exits_2_with_a_chinese_reason(string id, string reason)
    {
        using var folder = new TempFolder();
        var state = fixture.CopyState(folder.Path);

        var result = await MonitorProcess.RunAsync(folder.Path, "periods", "freeze", id, "--config", RepoPaths.SampleConfig, "--state", state, "--rules", RepoPaths.Rules);

        Assert.Equal(CommandLine.BadInput, result.ExitCode);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_and_verify_of_an_unknown_period_and_a_missing_store_exit_2()
    {
        using var folder = new TempFolder();
        var state = fixture.CopyState(folder.Path);

        var show = await MonitorProcess.RunAsync(folder.Path, "periods", "show", "2026-09", "--state", state);
        var verify = await MonitorProcess.RunAsync(folder.Path, "periods", "verify", "2026-09", "--config", RepoPaths.SampleConfig, "--state", state);
        var list = await MonitorProcess.RunAsync(folder.Path, "periods", "list", "--state", state);
        var missing = await MonitorProcess.RunAsync(folder.Path, "periods", "list", "--state", Path.Combine(folder.Path, "nowhere"));

        Assert.Equal((CommandLine.BadInput, CommandLine.BadInput), (show.ExitCode, verify.ExitCode));
        Assert.Contains("未找到已冻结的周期 2026-09", show.Error, StringComparison.Ordinal);
        Assert.Contains("未找到已冻结的周期 2026-09", verify.Error, StringComparison.Ordinal);
        Assert.Equal(CommandLine.Ok, list.ExitCode);
        Assert.Contains("尚无冻结的评估周期", list.Output, StringComparison.Ordinal);
        Assert.Equal(CommandLine.BadInput, missing.ExitCode);
        Assert.Contains("monitor.db 不存在", missing.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "nowhere")), "a missing store was created");
    }

    [Fact]
    public async Task Verify_exits_1_and_lists_the_differences_when_the_stored_period_was_altered()
    {
        using var folder = new TempFolder();
        var state = fixture.CopyState(folder.Path);
        var freeze = await MonitorProcess.RunAsync(folder.Path, "periods", "freeze", "2026-11", "--config", RepoPaths.SampleConfig, "--state", state, "--rules", RepoPaths.Rules);
        Assert.True(freeze.ExitCode == CommandLine.Ok, freeze.Error);
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(state, "monitor.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """UPDATE assessments SET document = replace(document, '"ruleVersion":"2026.12.0","catalogVersion"', '"ruleVersion":"2026.11.9","catalogVersion"') WHERE id = '2026-11'""";
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        var verify = await MonitorProcess.RunAsync(folder.Path, "periods", "verify", "2026-11", "--config", RepoPaths.SampleConfig, "--state", state);

        Assert.Equal(CommandLine.SelfCheckFailed, verify.ExitCode);
        Assert.Contains("周期 2026-11 复算不一致", verify.Error, StringComparison.Ordinal);
        Assert.Contains("文档在冻结后被改动过", verify.Error, StringComparison.Ordinal);
        Assert.Contains("$.ruleVersion：存储为 \"2026.11.9\"，复算为 \"2026.12.0\"", verify.Error, StringComparison.Ordinal);
    }
}

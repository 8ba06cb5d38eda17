using Microsoft.Extensions.Time.Testing;
using Monitor.Host.Cli;
using Monitor.Host.Store;
using Monitor.Host.Tests.Support;

namespace Monitor.Host.Tests.Alerting;

public sealed class AlertsCommandsTests(DemoStoreFixture demo) : IClassFixture<DemoStoreFixture>, IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.FromHours(8));

    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Preview_lists_in_chinese_who_would_get_what_by_which_channel_and_records_and_sends_nothing()
    {
        var state = demo.CopyStateTo(Path.Combine(folder.Path, "state"));
        var config = AlertingTestConfig.Write(Path.Combine(folder.Path, "config"), "");

        var result = await RunAsync("alerts", "preview", "--config", config, "--state", state, "--rules", RepoPaths.Rules);

        Assert.Equal(CommandLine.Ok, result.ExitCode);
        Assert.Contains("仅预览，不发送", result.Output, StringComparison.Ordinal);
        Assert.Contains("单位  收件人", result.Output, StringComparison.Ordinal);
        Assert.Contains("jyj@example.com", result.Output, StringComparison.Ordinal);
        Assert.Contains("【政务公开告警】市教育局", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"共 \d+ 条消息将发送", result.Output);
        using var store = MonitorStore.Open(Path.Combine(state, "monitor.db"));
        Assert.Empty(store.OutboxEntries());
        Assert.Empty(store.AlertAttempts());
    }

    [Fact]
    public async Task Dispatch_without_a_mail_server_records_every_message_keeps_it_waiting_with_the_reason_and_exits_4()
    {
        var state = demo.CopyStateTo(Path.Combine(folder.Path, "state"));
        var config = AlertingTestConfig.Write(Path.Combine(folder.Path, "config"), "");

        var first = await RunAsync("alerts", "dispatch", "--config", config, "--state", state, "--rules", RepoPaths.Rules);
        var again = await RunAsync("alerts", "dispatch", "--config", config, "--state", state, "--rules", RepoPaths.Rules);

        Assert.Equal(AlertsCommands.Undelivered, first.ExitCode);
        Assert.Contains("未配置邮件渠道", first.Error, StringComparison.Ordinal);
        Assert.Equal(AlertsCommands.Undelivered, again.ExitCode);
        Assert.Contains("新记录 0 条；本次发送 0 次", again.Output, StringComparison.Ordinal);
        using var store = MonitorStore.Open(Path.Combine(state, "monitor.db"));
        var outbox = store.OutboxEntries();
        Assert.NotEmpty(outbox);
        Assert.All(outbox, e => Assert.Equal(("pending", 1, "未配置邮件渠道"), (e.State, e.Attempts, e.LastError)));
        Assert.Equal(outbox.Count, store.AlertAttempts().Count);
    }

    [Fact]
    public async Task Log_prints_every_attempt_with_its_result_and_since_filters_by_date()
    {
        var state = demo.CopyStateTo(Path.Combine(folder.Path, "state"));
        var config = AlertingTestConfig.Write(Path.Combine(folder.Path, "config"), "");
        await RunAsync("alerts", "dispatch", "--config", config, "--state", state, "--rules", RepoPaths.Rules);
        int attempts;
        using (var store = MonitorStore.Open(Path.Combine(state, "monitor.db")))
        {
            attempts = store.AlertAttempts().Count;
        }

        var all = await RunAsync("alerts", "log", "--state", state);
        var later = await RunAsync("alerts", "log", "--state", state, "--since", "2026-12-02");

        Assert.Equal(CommandLine.Ok, all.ExitCode);
        Assert.Contains("时间", all.Output, StringComparison.Ordinal);
        Assert.Contains("失败待重试", all.Output, StringComparison.Ordinal);
        Assert.Contains($"共 {attempts} 次发送尝试。", all.Output, StringComparison.Ordinal);
        Assert.Equal(attempts + 2, all.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("发送记录为空。", later.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("log", "--since", "12/01/2026")]
    [InlineData("log", "--state", "no-such-folder")]
    public async Task Bad_arguments_or_a_missing_store_get_a_chinese_message_and_exit_code_2(params string[] args)
    {
        var result = await RunAsync(["alerts", .. args]);

        Assert.Equal(CommandLine.BadInput, result.ExitCode);
        Assert.Contains("参数有误", result.Error, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandLine.Build(new FakeTimeProvider(Now), output, error).Parse(args).InvokeAsync();
        return (code, output.ToString(), error.ToString());
    }
}

public sealed class FindingSubjectsTests(DemoStoreFixture demo) : IClassFixture<DemoStoreFixture>, IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Every_stored_finding_becomes_a_subject_keyed_by_its_id_with_the_catalog_name_and_basis_of_its_item()
    {
        var state = demo.CopyStateTo(Path.Combine(folder.Path, "state"));
        var rules = Monitor.RuleEngine.Loading.RuleSetLoader.Load(RepoPaths.Rules).RuleSet!;
        using var store = MonitorStore.Open(Path.Combine(state, "monitor.db"));
        var findings = store.AlertableFindings();

        var subjects = Monitor.Host.Alerting.FindingSubjects.From(findings, rules);

        Assert.Equal(findings.Select(f => f.Id), subjects.Select(s => s.Key));
        var withItem = subjects.Where(s => s.ItemId is not null).ToList();
        Assert.NotEmpty(withItem);
        Assert.All(withItem, s => Assert.Equal(rules.FindItem(s.ItemId!)!.DisplayName, s.ItemName));
        Assert.Contains(withItem, s => s.Basis is not null);
        Assert.All(subjects, s => Assert.False(s.SourceUnreachable));
    }
}

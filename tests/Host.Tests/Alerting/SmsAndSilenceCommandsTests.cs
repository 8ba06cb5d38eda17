using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Monitor.Host.Cli;
using Monitor.Host.Store;
using Monitor.Host.Tests.Support;

namespace Monitor.Host.Tests.Alerting;

/// <summary><c>monitor alerts</c> with an SMS gateway and with silences, over a copy of the demo's store.</summary>
public sealed class SmsAndSilenceCommandsTests(DemoStoreFixture demo) : IClassFixture<DemoStoreFixture>, IDisposable
{
    // 10:00 Asia/Shanghai: inside the default SMS window.
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.FromHours(8));
    private const string Mobile = "13800000001";

    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Dispatch_sends_a_contacts_sms_through_the_configured_gateway_exactly_once_across_two_runs()
    {
        using var gateway = new LoopbackSmsGateway();
        var variable = "MONITOR_TEST_SMS_TOKEN_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "Bearer sms-token");
        var state = demo.CopyStateTo(Path.Combine(folder.Path, "state"));
        var config = WithMobile(AlertingTestConfig.Write(Path.Combine(folder.Path, "config"), $$"""
            alerting:
              sms:
                provider: gateway
                urlTemplate: http://127.0.0.1:{{gateway.Port}}/send
                bodyTemplate: '{"to":"{mobile}","text":"{text}","id":"{messageId}"}'
                secretHeaders:
                  - name: Authorization
                    env: {{variable}}
                successField: code
                providerIdField: data.id
            """));

        await RunAsync("alerts", "dispatch", "--config", config, "--state", state, "--rules", RepoPaths.Rules);
        await RunAsync("alerts", "dispatch", "--config", config, "--state", state, "--rules", RepoPaths.Rules);

        var received = gateway.Requests.Select(r => (Body: JsonDocument.Parse(r.Body).RootElement, r.Authorization)).ToList();
        Assert.NotEmpty(received);
        Assert.All(received, r => Assert.Equal((Mobile, "Bearer sms-token"), (r.Body.GetProperty("to").GetString(), r.Authorization)));
        var ids = received.Select(r => r.Body.GetProperty("id").GetString()).ToList();
        Assert.Equal(ids.Distinct().Count(), ids.Count);
        Assert.Contains(received, r => r.Body.GetProperty("text").GetString()!.Contains("教育局", StringComparison.Ordinal));
        using var store = MonitorStore.Open(Path.Combine(state, "monitor.db"));
        var sms = store.OutboxEntries().Where(e => e.Message.Recipient.Address == Mobile).ToList();
        Assert.Equal(received.Count, sms.Count);
        Assert.All(sms, e => Assert.Equal("sent", e.State));
        Assert.All(store.AlertAttempts().Where(a => a.Address == Mobile), a => Assert.StartsWith("gw-", a.ProviderMessageId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Preview_lists_silenced_findings_with_the_silences_reason_and_author_and_plans_nothing_for_them()
    {
        var state = demo.CopyStateTo(Path.Combine(folder.Path, "state"));
        var config = WithSilence(AlertingTestConfig.Write(Path.Combine(folder.Path, "config"), ""));

        var result = await RunAsync("alerts", "preview", "--config", config, "--state", state, "--rules", RepoPaths.Rules);

        Assert.Equal(CommandLine.Ok, result.ExitCode);
        Assert.Contains("已静默", result.Output, StringComparison.Ordinal);
        Assert.Contains("网站改版停机维护（市府办政务公开科设置", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("jyj@example.com", result.Output, StringComparison.Ordinal);
        Assert.Contains("jyj  ", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_records_each_silenced_finding_once_and_the_log_shows_it_as_silenced_with_reason_and_author()
    {
        var state = demo.CopyStateTo(Path.Combine(folder.Path, "state"));
        var config = WithSilence(AlertingTestConfig.Write(Path.Combine(folder.Path, "config"), ""));

        await RunAsync("alerts", "dispatch", "--config", config, "--state", state, "--rules", RepoPaths.Rules);
        await RunAsync("alerts", "dispatch", "--config", config, "--state", state, "--rules", RepoPaths.Rules);
        var log = await RunAsync("alerts", "log", "--state", state);

        Assert.Equal(CommandLine.Ok, log.ExitCode);
        var silencedLines = log.Output.Split('\n').Where(l => l.Contains("已静默", StringComparison.Ordinal) && l.Contains("jyj", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(silencedLines);
        Assert.All(silencedLines, l => Assert.Contains("网站改版停机维护（市府办政务公开科设置", l, StringComparison.Ordinal));
        Assert.Equal(silencedLines.Count, silencedLines.Distinct().Count());
        Assert.Contains($"另有 {silencedLines.Count} 项因静默未发送。", log.Output, StringComparison.Ordinal);
        using var store = MonitorStore.Open(Path.Combine(state, "monitor.db"));
        Assert.DoesNotContain(store.OutboxEntries(), e => e.Message.Recipient.UnitId == "jyj");
    }

    [Fact]
    public async Task An_expired_silence_is_ignored()
    {
        var state = demo.CopyStateTo(Path.Combine(folder.Path, "state"));
        var config = AlertingTestConfig.Write(Path.Combine(folder.Path, "config"), "");
        File.WriteAllText(Path.Combine(config, "silences.yaml"), "silences:\n  - department: jyj\n    reason: 旧维护\n    author: 市府办政务公开科\n    expires: 2026-11-30\n");

        var result = await RunAsync("alerts", "preview", "--config", config, "--state", state, "--rules", RepoPaths.Rules);

        Assert.Contains("jyj@example.com", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("已静默", result.Output, StringComparison.Ordinal);
    }

    /// <summary>Gives the 教育局's contact a mobile number (the sample has none).</summary>
    private static string WithMobile(string config)
    {
        var path = Path.Combine(config, "departments.yaml");
        var text = File.ReadAllText(path);
        Assert.Contains("        email: jyj@example.com\n", text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace("        email: jyj@example.com\n", $"        email: jyj@example.com\n        mobile: \"{Mobile}\"\n", StringComparison.Ordinal));
        return config;
    }

    private static string WithSilence(string config)
    {
        File.Copy(Path.Combine(RepoPaths.Root, "tests", "Host.Tests", "Alerting", "Fixtures", "silences.yaml"), Path.Combine(config, "silences.yaml"), overwrite: true);
        return config;
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandLine.Build(new FakeTimeProvider(Now), output, error).Parse(args).InvokeAsync();
        return (code, output.ToString(), error.ToString());
    }
}

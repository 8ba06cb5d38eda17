using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Monitor.Host.Cli;
using Monitor.Host.Store;
using Monitor.Host.Tests.Metrics;
using Monitor.Host.Tests.Support;

namespace Monitor.Host.Tests.Alerting;

/// <summary>
/// The demo's store → <c>monitor alerts dispatch</c> → a real SMTP server on loopback (aiosmtpd started by scripts/test.sh,
/// writing a Maildir): the server is down first, then up; every message arrives exactly once with its Chinese intact.
/// </summary>
public sealed class RealSmtpDispatchTests(DemoStoreFixture demo) : IClassFixture<DemoStoreFixture>, IDisposable
{
    private const string Host = "MONITOR_TEST_SMTP_HOST";
    private const string Port = "MONITOR_TEST_SMTP_PORT";
    private const string Maildir = "MONITOR_TEST_SMTP_MAILDIR";
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 10, 0, 0, TimeSpan.FromHours(8));

    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [ServerFact(Host, Port, Maildir)]
    public async Task Messages_held_while_the_server_is_down_reach_it_after_it_returns_exactly_once_across_dispatch_runs()
    {
        // A sender address of its own marks this test's mails in the shared Maildir.
        var from = $"monitor-{Guid.NewGuid():N}@example.com";
        var state = demo.CopyStateTo(Path.Combine(folder.Path, "state"));
        var down = AlertingTestConfig.Write(Path.Combine(folder.Path, "down"), Smtp("127.0.0.1", TestServers.ClosedPort()), from);
        var up = AlertingTestConfig.Write(Path.Combine(folder.Path, "up"), Smtp(TestServers.Require(Host), int.Parse(TestServers.Require(Port))), from);
        string[] Args(string config) => ["alerts", "dispatch", "--config", config, "--state", state, "--rules", RepoPaths.Rules];

        var whileDown = await RunAsync(Start, Args(down));
        Assert.Equal(AlertsCommands.Undelivered, whileDown.ExitCode);
        Assert.Empty(Received(from));

        var afterReturn = await RunAsync(Start.AddMinutes(10), Args(up));
        var nextRun = await RunAsync(Start.AddMinutes(20), Args(up));

        Assert.True(afterReturn.ExitCode == CommandLine.Ok, afterReturn.Output + afterReturn.Error);
        Assert.Equal(CommandLine.Ok, nextRun.ExitCode);
        Assert.Contains("本次发送 0 次", nextRun.Output, StringComparison.Ordinal);
        using var store = MonitorStore.Open(Path.Combine(state, "monitor.db"));
        var outbox = store.OutboxEntries();
        Assert.All(outbox, e => Assert.Equal("sent", e.State));
        var mails = Received(from);
        Assert.Equal(outbox.Count, mails.Count);
        Assert.Equal(
            outbox.Select(e => (e.Message.Recipient.Address, e.Message.Subject)).Order(),
            mails.Select(m => (m.To.Mailboxes.Single().Address, m.Subject ?? "")).Order());
        var education = mails.First(m => m.To.Mailboxes.Single().Address == "jyj@example.com" && (m.Subject ?? "").Contains("告警", StringComparison.Ordinal));
        Assert.Contains("市教育局", education.TextBody, StringComparison.Ordinal);
        Assert.Contains("教育局办公室", education.To.Mailboxes.Single().Name, StringComparison.Ordinal);
        var log = store.AlertAttempts();
        Assert.Equal(outbox.Count, log.Count(a => a.Result == "retry"));
        Assert.Equal(outbox.Count, log.Count(a => a.Result == "sent"));
        Assert.All(log.Where(a => a.Result == "sent"), a => Assert.False(string.IsNullOrEmpty(a.ProviderMessageId)));
    }

    private static string Smtp(string host, int port) => $"""
        alerting:
          retryBase: 1m
          retryCap: 5m
          smtp:
            host: {host}
            port: {port}
            security: none
            timeout: 10s
        """;

    private static List<MimeMessage> Received(string from)
    {
        var maildir = TestServers.Require(Maildir);
        return [.. new[] { "new", "cur" }
            .Select(d => Path.Combine(maildir, d))
            .Where(Directory.Exists)
            .SelectMany(Directory.GetFiles)
            .Select(f => MimeMessage.Load(f))
            .Where(m => m.From.Mailboxes.Any(b => b.Address == from))];
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(DateTimeOffset now, string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandLine.Build(new FakeTimeProvider(now), output, error).Parse(args).InvokeAsync();
        return (code, output.ToString(), error.ToString());
    }
}

using System.Diagnostics;
using System.Globalization;
using Monitor.Alerting.Channels;
using Monitor.Alerting.Messages;
using Monitor.RuleEngine.Evaluation;

namespace Monitor.Alerting.Bench;

/// <summary>
/// Messages per second into a real SMTP server on loopback: N alert mails rendered by <see cref="AlertMessageRenderer"/>
/// and sent through the real <see cref="EmailChannel"/> (one SMTP session per message, as in production), first by one
/// channel, then by four channels sharing the queue. Each run gets a fresh server that must hold exactly N distinct
/// messages afterwards, or the bench fails.
/// </summary>
internal static class SmtpBench
{
    private const int UnitCount = 200;
    private const int WarmUpCount = 50;

    public static async Task<int> RunAsync(int count)
    {
        // Thursday 2026-12-03 09:00 Asia/Shanghai, as in the routing bench.
        var now = new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.FromHours(8));

        Render(WarmUpCount, now, "warm"); // JIT the renderer before timing it
        var watch = Stopwatch.StartNew();
        var messages = Render(count, now, "seq");
        var renderMs = watch.Elapsed.TotalMilliseconds;
        var concurrentMessages = Render(count, now, "par");
        Console.WriteLine(Invariant($"mails {count}, rendered in {renderMs:F0} ms ({count / (renderMs / 1000):F0} mails/s), average {messages.Average(m => m.HtmlBody!.Length + m.TextBody.Length):F0} chars text+HTML"));

        // Warm-up against its own server: JIT of MailKit, MimeKit and the server, first socket costs.
        await SendAllAsync(Render(WarmUpCount, now, "warm"), channels: 1, report: null).ConfigureAwait(false);

        var ok = await SendAllAsync(messages, channels: 1, report: "sequential (1 channel)").ConfigureAwait(false);
        ok &= await SendAllAsync(concurrentMessages, channels: 4, report: "concurrent (4 channels)").ConfigureAwait(false);
        return ok ? 0 : 1;
    }

    private static async Task<bool> SendAllAsync(IReadOnlyList<AlertMessage> messages, int channels, string? report)
    {
        await using var server = await CountingSmtpServer.StartAsync().ConfigureAwait(false);
        var options = new EmailChannelOptions
        {
            Host = "127.0.0.1",
            Port = server.Port,
            Security = SmtpSecurity.None,
            FromName = "政务公开监测平台",
            FromAddress = "monitor@example.gov.cn",
        };

        var latencies = new double[messages.Count];
        var failures = new DeliveryResult?[messages.Count];
        var next = -1;
        var watch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, channels).Select(async _ =>
        {
            // One channel per worker, as separate dispatchers would have.
            var channel = new EmailChannel(options, TimeProvider.System);
            int index;
            while ((index = Interlocked.Increment(ref next)) < messages.Count)
            {
                var started = Stopwatch.GetTimestamp();
                var result = await channel.SendAsync(messages[index], CancellationToken.None).ConfigureAwait(false);
                latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (!result.Succeeded)
                    failures[index] = result;
            }
        }).ToList();
        await Task.WhenAll(workers).ConfigureAwait(false);
        var elapsed = watch.Elapsed;

        var failed = failures.Where(f => f is not null).ToList();
        var exact = server.Received == messages.Count && server.Distinct == messages.Count && failed.Count == 0;
        if (report is null)
            return exact;

        Array.Sort(latencies);
        Console.WriteLine(Invariant($"{report}: {messages.Count} mails in {elapsed.TotalMilliseconds:F0} ms = {messages.Count / elapsed.TotalSeconds:F0} messages/s; latency p50 {Percentile(latencies, 0.50):F2} ms, p99 {Percentile(latencies, 0.99):F2} ms, max {latencies[^1]:F2} ms"));
        Console.WriteLine(Invariant($"  server received {server.Received} ({server.Distinct} distinct Message-Ids), failed sends {failed.Count}: {(exact ? "exactly N, each once" : "MISMATCH")}"));
        if (failed.Count > 0)
            Console.WriteLine("  first failure: " + failed[0]!.Error);
        return exact;
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double Percentile(double[] sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>
    /// Single-subject 告警 mails spread over 200 units; every seventh item name carries markup, as a crawled title may,
    /// so the renderer's escaping is part of the cost.
    /// </summary>
    private static List<AlertMessage> Render(int count, DateTimeOffset now, string run)
    {
        var kinds = Enum.GetValues<FindingKind>();
        var messages = new List<AlertMessage>(count);
        for (var i = 0; i < count; i++)
        {
            var unitId = Invariant($"u{i % UnitCount:000}");
            var subject = new AlertSubject(
                Invariant($"f-{i:00000}"),
                kinds[i % kinds.Length],
                Severity.Alert,
                unitId,
                "src-" + unitId,
                Invariant($"item-{i % 50}"),
                i % 7 == 0 ? "<b>示例公开事项</b><script>x()</script>" : "示例公开事项",
                "《政府信息公开条例》",
                Invariant($"https://www.example.gov.cn/{unitId}/{i}.html"),
                new DateOnly(2026, 11, 20 + (i % 10)),
                "未在规定期限内公开该事项",
                now.AddDays(-30),
                null);
            var notice = new AlertNotice(
                AlertLevel.Alert, Invariant($"示例单位{i % UnitCount:000}"), [new NoticeItem(subject, AlertLevel.Alert, WorkingDaysOverdue: 1 + (i % 9))], now);
            var text = AlertMessageRenderer.Render(notice, ChannelKind.Email);
            var recipient = new Recipient(unitId, "联络员", ChannelKind.Email, $"gk@{unitId}.example.gov.cn");
            messages.Add(new AlertMessage(
                Invariant($"bench-{run}-{i:00000}"), "bench:" + subject.Key, AlertLevel.Alert, recipient, text.Subject, text.TextBody, text.HtmlBody, [subject.Key], now, now));
        }

        return messages;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

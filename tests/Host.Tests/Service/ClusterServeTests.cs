using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using MimeKit;
using Monitor.Alerting;
using Monitor.Host.Configuration;
using Monitor.Host.Scanning;
using Monitor.Host.Store;
using Monitor.Host.Tests.Metrics;
using Monitor.Host.Tests.Support;
using Monitor.SamplePortal;
using Npgsql;

namespace Monitor.Host.Tests.Service;

/// <summary>
/// Guards the many-node deployment: two <c>monitor serve</c> processes on one PostgreSQL database (Quartz clustered on
/// it) share the sample portal's sources, every source is crawled exactly once per schedule slot (every 20 s here);
/// after <c>kill -9</c> of one node the other crawls every source from the first slot after the check-in interval and
/// its grace; every due alert reaches the real SMTP server exactly once; the findings equal a single-node scan's; both
/// nodes answer the API. The one slot the kill lands in may see a source crawled twice: a crawl the dead node had
/// recorded but not yet reported finished is recovered and run again by the other (Quartz's RequestsRecovery), which
/// costs a repeat, never a loss.
/// </summary>
public sealed class ClusterServeTests : IAsyncLifetime
{
    private const string SmtpHost = "MONITOR_TEST_SMTP_HOST";
    private const string SmtpPort = "MONITOR_TEST_SMTP_PORT";
    private const string Maildir = "MONITOR_TEST_SMTP_MAILDIR";

    /// <summary>The test's schedule slot: every source on "0/20 * * * * ?".</summary>
    private static readonly TimeSpan Slot = TimeSpan.FromSeconds(20);

    /// <summary>Check-in interval configured for the nodes, plus Quartz's grace before a silent node counts as dead.</summary>
    private static readonly TimeSpan TakeOver = TimeSpan.FromSeconds(2) + TimeSpan.FromSeconds(7.5);

    private readonly TempFolder _folder = new();
    private readonly ConcurrentQueue<string> _outputA = new();
    private readonly ConcurrentQueue<string> _outputB = new();
    private readonly string _domain = "cluster-" + Guid.NewGuid().ToString("N")[..8] + ".example.com";

    /// <summary>A site id of its own marks this test's points in the shared VictoriaMetrics.</summary>
    private readonly string _site = "cluster" + Guid.NewGuid().ToString("N")[..8];
    private PostgresTestStore? _database;
    private SamplePortalServer _portal = null!;
    private string _config = null!;

    public async Task InitializeAsync()
    {
        _portal = await SamplePortalServer.StartAsync(new PortalOptions { AsOf = ChinaTime.DateOf(TimeProvider.System.GetUtcNow()) });
    }

    public async Task DisposeAsync()
    {
        await _portal.DisposeAsync();
        _database?.Dispose();
        _folder.Dispose();
    }

    private void WriteConfig()
    {
        _database = new PostgresTestStore();
        _config = Path.Combine(_folder.Path, "config");
        Directory.CreateDirectory(_config);
        foreach (var file in Directory.GetFiles(RepoPaths.SampleConfig))
            File.Copy(file, Path.Combine(_config, Path.GetFileName(file)));
        var sources = Path.Combine(_config, "sources.yaml");
        File.WriteAllText(sources, Regex.Replace(File.ReadAllText(sources), @"(\n  - id: [^\n]+\n)", "$1    schedule: \"0/20 * * * * ?\"\n"));
        var deployment = Path.Combine(_config, "deployment.yaml");
        var text = File.ReadAllText(deployment)
            .Replace("baseUrl: http://127.0.0.1:8080/", "baseUrl: " + _portal.BaseUrl, StringComparison.Ordinal)
            .Replace("  id: sample\n", "  id: " + _site + "\n", StringComparison.Ordinal)
            // A sender domain of its own marks this test's mails in the shared Maildir (the Message-Id carries it).
            .Replace("fromAddress: monitor@example.com", "fromAddress: monitor@" + _domain, StringComparison.Ordinal);
        File.WriteAllText(deployment, text + $"""

            store:
              postgres: "{_database.ConnectionString}"
              evidencePath: {Path.Combine(_folder.Path, "shared-evidence")}
            serve:
              clusterCheckinInterval: 2s
              probeInterval: 24h
              dispatchInterval: 2s
              shutdownTimeout: 20s
            alerting:
              lease: 15s
              retryBase: 2s
              retryCap: 10s
              smtp:
                host: {TestServers.Require(SmtpHost)}
                port: {TestServers.Require(SmtpPort)}
                security: none
                timeout: 5s
            api:
              url: http://127.0.0.1:0
            metrics:
              mode: v2
              url: {TestServers.Url(TestServers.Victoria)}
            """);
    }

    private Process StartNode(string name, ConcurrentQueue<string> output) => MonitorProcess.Start(
        _folder.Path, output, "serve", "--config", _config, "--state", Path.Combine(_folder.Path, name), "--rules", RepoPaths.Rules);

    private string Output() =>
        "node a:\n" + string.Join(Environment.NewLine, _outputA.TakeLast(40)) + "\nnode b:\n" + string.Join(Environment.NewLine, _outputB.TakeLast(40));

    /// <summary>Every recorded pass as (source, start of its schedule slot); none until the nodes have created the tables.</summary>
    private List<(string Source, DateTimeOffset Slot)> Passes()
    {
        using var connection = new NpgsqlConnection(_database!.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT to_regclass('source_checks') IS NOT NULL";
        if (command.ExecuteScalar() is not true)
            return [];
        command.CommandText = "SELECT source_id, as_of FROM source_checks";
        using var reader = command.ExecuteReader();
        var passes = new List<(string, DateTimeOffset)>();
        while (reader.Read())
        {
            var at = DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture);
            passes.Add((reader.GetString(0), new DateTimeOffset(at.UtcTicks - (at.UtcTicks % Slot.Ticks), TimeSpan.Zero)));
        }

        return passes;
    }

    private static List<DateTimeOffset> FullSlots(List<(string Source, DateTimeOffset Slot)> passes, int sources) =>
        [.. passes.GroupBy(p => p.Slot).Where(g => g.Select(p => p.Source).Distinct().Count() == sources).Select(g => g.Key).Order()];

    private static int Crawls(string stateFolder) => Directory.Exists(Path.Combine(stateFolder, "logs"))
        ? Directory.GetFiles(Path.Combine(stateFolder, "logs"), "monitor-*.log").Sum(f => Regex.Matches(ReadShared(f), "Crawled ").Count)
        : 0;

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [ServerFact(PostgresTestStore.Variable, SmtpHost, SmtpPort, Maildir, TestServers.Victoria)]
    public async Task Two_nodes_share_the_sources_once_per_slot_and_one_carries_on_alone_after_the_other_is_killed()
    {
        WriteConfig();
        var sources = DeploymentLoader.Load(_config).Sources.Count;
        var a = StartNode("node-a", _outputA);
        var b = StartNode("node-b", _outputB);
        DateTimeOffset killedAt;
        try
        {
            // Both nodes answer the API (each on a port of its own, from the same database) with a key stored once in it.
            await Poll.UntilAsync(() => ApiUrls().Count == 2 && Passes().Count > 0, TimeSpan.FromMinutes(1), "both nodes serving the API", Output);
            var key = Monitor.Host.Api.ApiKeys.Create("集群测试", [Monitor.Host.Api.ApiScope.Scores, Monitor.Host.Api.ApiScope.Evidence], TimeProvider.System.GetUtcNow(), null, null);
            using (var keys = MonitorStore.Open(StoreLocation.Postgres(_database!.ConnectionString)))
                keys.InsertApiKey(key.Record);
            using (var http = new HttpClient())
            {
                foreach (var api in ApiUrls())
                {
                    using var noKey = await http.GetAsync(api + "/scores");
                    Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
                    using var request = new HttpRequestMessage(HttpMethod.Get, api + "/scores?period=live&scope=site");
                    request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key.Token);
                    using var scores = await http.SendAsync(request);
                    Assert.True(scores.StatusCode == HttpStatusCode.OK, $"{api}: {scores.StatusCode} {await scores.Content.ReadAsStringAsync()}");
                    Assert.Contains("\"scope\":\"site\"", await scores.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                }
            }

            await Poll.UntilAsync(() => FullSlots(Passes(), sources).Count >= 2, TimeSpan.FromMinutes(3), "two slots with every source crawled by the pair", Output);
            Assert.True(Crawls(Path.Combine(_folder.Path, "node-a")) > 0, "node a crawled nothing:\n" + Output());
            Assert.True(Crawls(Path.Combine(_folder.Path, "node-b")) > 0, "node b crawled nothing:\n" + Output());

            a.Kill(entireProcessTree: true);
            killedAt = TimeProvider.System.GetUtcNow();
            await a.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

            // The first slot that starts once the dead node's check-in has lapsed, and the one after it.
            var firstAlone = new DateTimeOffset(((killedAt + TakeOver).UtcTicks / Slot.Ticks + 1) * Slot.Ticks, TimeSpan.Zero);
            await Poll.UntilAsync(
                () => FullSlots(Passes(), sources).Count(s => s >= firstAlone) >= 2,
                TimeSpan.FromMinutes(3), $"node b crawling every source in the slots from {firstAlone:HH:mm:ss}Z on", Output);
            var crawledByB = Crawls(Path.Combine(_folder.Path, "node-b"));

            // Evidence captured by either node comes out of node b's API (the shared folder), hashing to its SHA-256.
            using (var http = new HttpClient())
            {
                var apiB = ApiUrls()[1];
                foreach (var sha in EvidenceHashes(30))
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, apiB + "/evidence/" + sha);
                    request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key.Token);
                    using var response = await http.SendAsync(request);
                    Assert.True(response.StatusCode == HttpStatusCode.OK, $"evidence {sha}: {response.StatusCode}");
                    Assert.Equal(sha, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await response.Content.ReadAsByteArrayAsync())));
                }
            }
            Assert.Contains(firstAlone, FullSlots(Passes(), sources));

            // Every due alert sent (a message the dead node had claimed comes back after its 15 s lease).
            await Poll.UntilAsync(() => DueUnsent() == 0 && Sent() > 0, TimeSpan.FromMinutes(2), "every due alert sent", Output);

            using (var term = Process.Start("kill", ["-TERM", b.Id.ToString(CultureInfo.InvariantCulture)]))
                await term.WaitForExitAsync();
            await b.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);
            Assert.True(0 == b.ExitCode, $"exit code {b.ExitCode}:\n{Output()}");
            Assert.True(crawledByB >= 2 * sources, "node b did not carry the whole load");
        }
        finally
        {
            foreach (var node in new[] { a, b })
            {
                if (!node.HasExited)
                    node.Kill(entireProcessTree: true);
                node.Dispose();
            }
        }

        // Exactly once per source and slot, but for the slot of the kill (a recovered crawl may repeat there).
        var killSlot = new DateTimeOffset(killedAt.UtcTicks - (killedAt.UtcTicks % Slot.Ticks), TimeSpan.Zero);
        var repeats = Passes().GroupBy(p => p).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.All(repeats, r => Assert.True(r.Slot == killSlot || r.Slot == killSlot - Slot, $"{r.Source} crawled twice in the slot of {r.Slot:HH:mm:ss}Z"));

        // No alert twice, none lost: each sent message has one receipt and arrived once at the SMTP server.
        using var store = MonitorStore.Open(StoreLocation.Postgres(_database!.ConnectionString));
        var outbox = store.OutboxEntries();
        var sent = outbox.Where(e => e.State == "sent").ToList();
        Assert.NotEmpty(sent);
        Assert.Equal(outbox.Count, outbox.Select(e => (e.Message.DedupKey, e.Message.Recipient.Channel, e.Message.Recipient.Address)).Distinct().Count());
        var receipts = store.AlertAttempts().Where(r => r.Result == "sent").GroupBy(r => r.MessageId).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Assert.All(sent, e => Assert.Equal(1, receipts.GetValueOrDefault(e.Message.Id)));
        var received = Received();
        Assert.Equal(received.Count, received.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(sent.Count, received.Count);

        // The findings a single node would have.
        var deployment = DeploymentLoader.Load(_config) with { Store = new StoreConfig(), Metrics = null };
        var oneShot = await new ScanRunner(TimeProvider.System, TextWriter.Null).RunAsync(
            new ScanRequest(deployment, RepoPaths.Rules, ChinaTime.ToShanghai(TimeProvider.System.GetUtcNow()), Path.Combine(_folder.Path, "out"), Path.Combine(_folder.Path, "one-shot"), WriteMails: false),
            CancellationToken.None);
        Assert.Equal(
            oneShot.Evaluation.Findings.Select(f => f.Id).Order(StringComparer.Ordinal),
            store.FindingIds("open").Order(StringComparer.Ordinal));
        Assert.True(Directory.EnumerateFiles(Path.Combine(_folder.Path, "shared-evidence"), "*", SearchOption.AllDirectories).Any(), "no evidence in the shared folder");

        // One site score per pass (a point carries its pass's as-of second), written by the node that ran the pass: never
        // once per node. VictoriaMetrics keeps every sample (InfluxDB would keep one per second), so samples count passes.
        // The passes the killed node recorded but had not yet written out wait in its own on-disk buffer (sent when it
        // starts again), so at most the kill slot's passes may lack their point here.
        var (passes, seconds) = ScanSeconds();
        using var victoria = new VictoriaExport(TestServers.Url(TestServers.Victoria));
        var samples = Assert.Single(await victoria.ExportAsync($"score_score{{site=\"{_site}\",scope=\"site\"}}", 1));
        Assert.All(samples.Timestamps, t => Assert.Contains(t / 1000, seconds));
        Assert.InRange(samples.Timestamps.Count, passes - sources, passes);
    }

    /// <summary>How many passes were recorded, and their as-of seconds (Unix): the timestamps their points carry.</summary>
    private (int Passes, HashSet<long> Seconds) ScanSeconds()
    {
        using var connection = new NpgsqlConnection(_database!.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT as_of FROM scans";
        using var reader = command.ExecuteReader();
        var seconds = new HashSet<long>();
        var passes = 0;
        while (reader.Read())
        {
            passes++;
            seconds.Add(DateTimeOffset.Parse(reader.GetString(0), CultureInfo.InvariantCulture).ToUnixTimeSeconds());
        }

        return (passes, seconds);
    }

    /// <summary>The first <paramref name="count"/> distinct captures: the first slot's, which both nodes crawled side by side.</summary>
    private List<string> EvidenceHashes(int count)
    {
        using var connection = new NpgsqlConnection(_database!.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sha256 FROM evidence WHERE status = 200 ORDER BY fetched_at LIMIT @n";
        command.Parameters.AddWithValue("n", count * 4);
        using var reader = command.ExecuteReader();
        var hashes = new List<string>();
        while (reader.Read())
            hashes.Add(reader.GetString(0));
        return [.. hashes.Distinct(StringComparer.Ordinal).Take(count)];
    }

    private List<string> ApiUrls() => [.. new[] { _outputA, _outputB }
        .Select(o => o.Select(l => Regex.Match(l, @"评估接口：(\S+?)（")).FirstOrDefault(m => m.Success)?.Groups[1].Value)
        .Where(u => u is not null)
        .Select(u => u!)];

    private long DueUnsent() => Scalar("SELECT COUNT(*) FROM alert_outbox WHERE state IN ('pending', 'sending') AND not_before <= @now",
        TimeProvider.System.GetUtcNow().ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture));

    private long Sent() => Scalar("SELECT COUNT(*) FROM alert_outbox WHERE state = 'sent'", null);

    private long Scalar(string sql, string? now)
    {
        using var connection = new NpgsqlConnection(_database!.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT to_regclass('alert_outbox') IS NOT NULL";
        if (command.ExecuteScalar() is not true)
            return -1;
        command.CommandText = sql;
        if (now is not null)
            command.Parameters.AddWithValue("now", now);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Message-Ids of this test's mails in the Maildir (sender domain <see cref="_domain"/>).</summary>
    private List<string> Received()
    {
        var maildir = TestServers.Require(Maildir);
        return [.. new[] { "new", "cur" }
            .Select(d => Path.Combine(maildir, d))
            .Where(Directory.Exists)
            .SelectMany(Directory.GetFiles)
            .Select(f => MimeMessage.Load(f))
            .Where(m => m.From.Mailboxes.Any(x => x.Address.EndsWith("@" + _domain, StringComparison.OrdinalIgnoreCase)))
            .Select(m => m.MessageId ?? "")];
    }
}

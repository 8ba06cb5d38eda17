using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Monitor.Alerting;
using Monitor.Host.Configuration;
using Monitor.Host.Scanning;
using Monitor.Host.Store;
using Monitor.Host.Tests.Support;
using Monitor.SamplePortal;

namespace Monitor.Host.Tests.Service;

/// <summary>
/// Guards restart safety: <c>monitor serve --run-now</c> killed with SIGKILL in the middle of its start-up crawls loses
/// only the passes it had not recorded (each pass is one transaction); started again it crawls every source and the
/// store ends as a one-shot scan of the unchanged portal would leave it — no document twice, no second version, the
/// same open findings, every source assessed, no outbox message twice. Then SIGTERM stops it gracefully.
/// </summary>
public sealed class ServeKillTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private readonly ConcurrentQueue<string> _output = new();
    private SamplePortalServer _portal = null!;
    private string _config = null!;

    private string State => Path.Combine(_folder.Path, "state");

    private string StorePath => Path.Combine(State, "monitor.db");

    public async Task InitializeAsync()
    {
        // The service evaluates as of the real clock, so the portal is generated for today (Asia/Shanghai).
        _portal = await SamplePortalServer.StartAsync(new PortalOptions { AsOf = ChinaTime.DateOf(TimeProvider.System.GetUtcNow()) });
        _config = Path.Combine(_folder.Path, "config");
        Directory.CreateDirectory(_config);
        foreach (var file in Directory.GetFiles(RepoPaths.SampleConfig))
            File.Copy(file, Path.Combine(_config, Path.GetFileName(file)));
        var deployment = Path.Combine(_config, "deployment.yaml");
        var text = File.ReadAllText(deployment).Replace("baseUrl: http://127.0.0.1:8080/", "baseUrl: " + _portal.BaseUrl, StringComparison.Ordinal);
        // Start-up crawls spread over 20 s, so the kill lands while some passes are recorded and others are not;
        // alerting on (no channel: messages wait in the outbox), so the outbox is exercised across the restart.
        File.WriteAllText(deployment, text + """

            serve:
              startupSpread: 20s
              shutdownTimeout: 20s
              dispatchInterval: 2s
            alerting:
              lease: 5m
            api:
              url: http://127.0.0.1:0
            """);
    }

    public async Task DisposeAsync()
    {
        await _portal.DisposeAsync();
        _folder.Dispose();
    }

    private Process StartServe() => MonitorProcess.Start(
        _folder.Path, _output, "serve", "--config", _config, "--state", State, "--rules", RepoPaths.Rules, "--run-now");

    /// <summary>Reads the store the service is writing, read-only; null until the service has created and migrated it.</summary>
    private T? Read<T>(Func<SqliteConnection, T> query)
    {
        if (!File.Exists(StorePath))
            return default;
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = StorePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            return Scalar(connection, "PRAGMA user_version") == MonitorStore.LatestSchemaVersion ? query(connection) : default;
        }
        catch (SqliteException)
        {
            // Busy or mid-creation: ask again at the next poll.
            return default;
        }
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private string Output() => string.Join(Environment.NewLine, _output.TakeLast(80));

    [Fact]
    public async Task A_service_killed_mid_crawl_resumes_and_ends_with_no_duplicate_documents_findings_or_alerts()
    {
        var sources = DeploymentLoader.Load(_config).Sources.Count;

        var first = StartServe();
        long observedAtKill;
        try
        {
            await Poll.UntilAsync(
                () => Read(c => Scalar(c, "SELECT COUNT(*) FROM source_observations")) is var n && n < sources
                    ? n >= 1
                    : throw new Xunit.Sdk.XunitException("every source was recorded before the kill:\n" + Output()),
                TimeSpan.FromMinutes(2), "a first pass recorded", Output);
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        }
        finally
        {
            if (!first.HasExited)
                first.Kill(entireProcessTree: true);
            first.Dispose();
        }

        var lastScanBefore = Read(c => Scalar(c, "SELECT COALESCE(MAX(id), 0) FROM scans"));
        observedAtKill = Read(c => Scalar(c, "SELECT COUNT(*) FROM source_observations"));
        Assert.InRange(observedAtKill, 1, sources - 1);

        var second = StartServe();
        try
        {
            await Poll.UntilAsync(
                () => Read(c => Scalar(c, $"SELECT COUNT(*) FROM source_observations WHERE scan_id > {lastScanBefore}")) == sources
                    && Read(c => Scalar(c, "SELECT COUNT(*) FROM alert_outbox")) > 0,
                TimeSpan.FromMinutes(4), "every source has a pass after the restart and alerts are in the outbox", Output);
            // SIGTERM: the graceful stop of an operator or a service manager.
            using (var term = Process.Start("kill", ["-TERM", second.Id.ToString(CultureInfo.InvariantCulture)]))
                await term.WaitForExitAsync();
            await second.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);
            Assert.True(0 == second.ExitCode, $"exit code {second.ExitCode}:\n{Output()}");
        }
        finally
        {
            if (!second.HasExited)
                second.Kill(entireProcessTree: true);
            second.Dispose();
        }

        // What one pass over the same, unchanged portal leaves.
        var deployment = DeploymentLoader.Load(_config);
        var oneShot = await new ScanRunner(TimeProvider.System, TextWriter.Null).RunAsync(
            new ScanRequest(deployment, RepoPaths.Rules, ChinaTime.ToShanghai(TimeProvider.System.GetUtcNow()), Path.Combine(_folder.Path, "out"), Path.Combine(_folder.Path, "one-shot"), WriteMails: false),
            CancellationToken.None);
        using var reference = MonitorStore.Open(Path.Combine(_folder.Path, "one-shot", "monitor.db"));
        using var store = MonitorStore.Open(StorePath);

        Assert.True(reference.Count("documents") > 0);
        Assert.Equal(reference.Count("documents"), store.Count("documents"));
        Assert.Equal(store.Count("documents"), store.Count("document_versions"));
        Assert.DoesNotContain(store.DocumentVersions(), v => v.Version != 1);
        Assert.Equal(
            oneShot.Evaluation.Findings.Select(f => f.Id).Order(StringComparer.Ordinal),
            store.FindingIds("open").Order(StringComparer.Ordinal));
        var latest = store.LatestObservations();
        Assert.Equal(deployment.Sources.Select(s => s.Id).Order(StringComparer.Ordinal), latest.Select(o => o.SourceId).Order(StringComparer.Ordinal));
        Assert.All(latest, o => Assert.True(o.Source?.Assessed ?? o.Account!.Assessed, $"{o.SourceId}: {o.Source?.NotAssessedReason ?? o.Account?.NotAssessedReason}"));
        var outbox = store.OutboxEntries();
        Assert.NotEmpty(outbox);
        // The policy's "same message": one dedup key (subject, level, slot) per recipient channel and address.
        Assert.Equal(0, Read(c => Scalar(c, "SELECT COUNT(*) FROM (SELECT 1 FROM alert_outbox GROUP BY dedup_key, channel, address HAVING COUNT(*) > 1)")));
        Assert.Equal(outbox.Count, outbox.Select(e => (e.Message.DedupKey, e.Message.Recipient.Channel, e.Message.Recipient.Address)).Distinct().Count());
        Assert.Contains("监测服务已停止", Output(), StringComparison.Ordinal);
        var logged = string.Join("\n", Directory.GetFiles(Path.Combine(State, "logs"), "monitor-*.log").Select(File.ReadAllText));
        Assert.Contains("Serving 义乌市人民政府门户网站", logged, StringComparison.Ordinal);
        Assert.Contains("Stopped", logged, StringComparison.Ordinal);
    }
}

using Monitor.Alerting;
using Monitor.Host.Cli;
using Monitor.Host.Metrics;
using Monitor.Host.Store;
using Monitor.Host.Tests.Dashboards;
using Monitor.Host.Tests.Support;
using Monitor.RuleEngine.Evaluation;
using Monitor.RuleEngine.Loading;

namespace Monitor.Host.Tests.Metrics;

/// <summary>Backfill re-scores past days from the store as the live scan would have, and writes them with the day's time.</summary>
public sealed class BackfillTests(DemoMetricsFixture fixture) : IClassFixture<DemoMetricsFixture>
{
    private Backfill Open(MonitorStore store)
    {
        var loaded = RuleSetLoader.Load(RepoPaths.Rules);
        return new Backfill(fixture.Deployment, loaded.RuleSet!, loaded.Calendar!, store);
    }

    [Fact]
    public void Backfilling_the_scanned_day_reproduces_the_live_scores_and_findings()
    {
        using var store = MonitorStore.Open(Path.Combine(fixture.StateDirectory, "monitor.db"));
        var rescored = Open(store).Rescore(DemoHarness.AsOf);
        var live = fixture.Demo.Scan.Evaluation;

        Assert.Equal(
            live.Scores.Select(s => (s.Scope, s.Key, s.Value, s.ItemsAssessed, s.ItemsCompliant, s.Vetoed)),
            rescored.Evaluation.Scores.Select(s => (s.Scope, s.Key, s.Value, s.ItemsAssessed, s.ItemsCompliant, s.Vetoed)));
        Assert.Equal(live.Findings.Select(f => (f.Kind, f.SourceId, f.ItemId)), rescored.Evaluation.Findings.Select(f => (f.Kind, f.SourceId, f.ItemId)));
    }

    [Fact]
    public void A_day_before_the_first_scan_sees_only_documents_dated_by_then()
    {
        using var store = MonitorStore.Open(Path.Combine(fixture.StateDirectory, "monitor.db"));
        // The day before the newest date the homepage showed at the scan: what it showed then is unknown.
        var newestShown = fixture.Demo.Scan.Crawls.Single(c => c.Family == Monitor.Crawler.ListFamily.Homepage).NewestShownDate!.Value;
        var day = newestShown.AddDays(-1);
        var rescored = Open(store).Rescore(day);

        Assert.Equal(ChinaTime.StartOf(day), rescored.Evaluation.AsOf);
        var documents = rescored.Observations.SelectMany(o => o.Documents).ToList();
        Assert.NotEmpty(documents);
        Assert.All(documents, d => Assert.True(d.ListDate is null || d.ListDate <= day, $"{d.Url} dated {d.ListDate}"));
        var liveCount = fixture.Demo.Scan.Crawls.Sum(c => c.Documents.Count);
        Assert.True(documents.Count < liveCount, $"{documents.Count} documents on {day}, {liveCount} at the scan");
        // Not assessed that day, so never a stale-homepage veto.
        var homepage = rescored.Observations.Single(o => o.Kind == SourceKind.Homepage);
        Assert.False(homepage.Assessed);
        Assert.DoesNotContain(rescored.Evaluation.Findings, f => f.Kind == FindingKind.StaleHomepage);
    }

    [ServerFact(TestServers.Influx1)]
    public async Task The_backfill_command_writes_each_days_points_with_that_days_timestamp()
    {
        using var influx = new InfluxQl(TestServers.Url(TestServers.Influx1));
        Assert.NotNull(fixture.Database);
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await CommandLine.Build(TimeProvider.System, output, error)
            .Parse(["backfill", "--config", fixture.ConfigDirectory, "--state", fixture.StateDirectory, "--rules", RepoPaths.Rules, "--from", "2026-09-01", "--to", "2026-09-03"])
            .InvokeAsync();

        Assert.True(exit == CommandLine.Ok, error.ToString());
        Assert.Contains("补录完成：3 天", output.ToString(), StringComparison.Ordinal);
        var from = ChinaTime.StartOf(new DateOnly(2026, 9, 1)).ToUnixTimeSeconds();
        var to = ChinaTime.StartOf(new DateOnly(2026, 9, 3)).ToUnixTimeSeconds();
        var result = await influx.QueryAsync(fixture.Database, $"SELECT \"backfill\", \"sources\" FROM \"scan\" WHERE time >= {from}s AND time <= {to}s");
        Assert.Null(result.Error);
        var rows = result.Series.Single().Values;
        Assert.Equal([from, from + 86400, to], rows.Select(r => r[0]!.GetValue<long>()));
        Assert.All(rows, r => Assert.Equal(1, r[1]!.GetValue<long>()));
    }

    [Fact]
    public async Task The_backfill_command_refuses_a_deployment_without_a_metrics_section()
    {
        var error = new StringWriter();
        var exit = await CommandLine.Build(TimeProvider.System, new StringWriter(), error)
            .Parse(["backfill", "--config", RepoPaths.SampleConfig, "--state", fixture.StateDirectory, "--from", "2026-09-01", "--to", "2026-09-02"])
            .InvokeAsync();

        Assert.Equal(CommandLine.BadInput, exit);
        Assert.Contains("未配置 metrics", error.ToString(), StringComparison.Ordinal);
    }
}

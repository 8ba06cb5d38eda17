using Monitor.Alerting;
using Monitor.Host.Metrics;
using Monitor.Host.Store;
using Monitor.Host.Tests.Dashboards;
using Monitor.Host.Tests.Support;
using Monitor.RuleEngine.Evaluation;
using Monitor.RuleEngine.Loading;

namespace Monitor.Host.Tests.Metrics;

/// <summary>The points of a scan follow docs/metrics.md: as-of timestamps, low-cardinality tags, dense per-unit series.</summary>
public sealed class MetricPointsTests(DemoMetricsFixture fixture) : IClassFixture<DemoMetricsFixture>
{
    private static readonly HashSet<string> AllowedTags = new(StringComparer.Ordinal)
    {
        "site", "scope", "key", "name", "department", "area", "item", "kind", "column_type", "source", "outcome", "channel", "severity",
    };

    private IReadOnlyList<string> Lines()
    {
        using var store = MonitorStore.Open(Path.Combine(fixture.StateDirectory, "monitor.db"));
        var loaded = RuleSetLoader.Load(RepoPaths.Rules);
        var day = new Backfill(fixture.Deployment, loaded.RuleSet!, loaded.Calendar!, store).Rescore(DemoHarness.AsOf);
        var points = MetricPoints.ForScan(new ScanMetricsInput(
            "sample", fixture.Deployment.Departments.Select(d => d.ToInfo()).ToList(), day.Observations, day.Evaluation, fixture.Demo.Scan.Crawls, TimeSpan.FromSeconds(3)));
        return [.. points.Select(p => p.ToLineProtocol())];
    }

    [Fact]
    public void Every_point_carries_the_as_of_time_and_only_low_cardinality_tags()
    {
        var lines = Lines();
        var asOf = ChinaTime.StartOf(DemoHarness.AsOf).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.All(lines, l => Assert.EndsWith(" " + asOf, l, StringComparison.Ordinal));
        foreach (var line in lines)
        {
            var series = line[..line.IndexOf(' ', StringComparison.Ordinal)];
            var tags = series.Split(',').Skip(1).Select(t => t[..t.IndexOf('=', StringComparison.Ordinal)]);
            Assert.All(tags, t => Assert.Contains(t, AllowedTags));
            Assert.DoesNotContain("http", series, StringComparison.Ordinal);
        }

        Assert.Equal(
            ["fetches", "findings_open", "findings_open_area", "item_status", "scan", "score", "source_health"],
            lines.Select(l => l[..l.IndexOfAny([',', ' '])]).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_department_gets_a_findings_point_for_every_kind_zeros_included()
    {
        var findings = Lines().Where(l => l.StartsWith("findings_open,", StringComparison.Ordinal)).ToList();
        Assert.Equal(fixture.Deployment.Departments.Count * Enum.GetValues<FindingKind>().Length, findings.Count);
        Assert.Contains(findings, l => l.Contains(" alert=0i,count=0i,", StringComparison.Ordinal));
        // Fields are sorted by name in line protocol: alert, count, notice, veto, warning.
        int Count(string line) => int.Parse(line.Split(' ')[1].Split(',').Single(f => f.StartsWith("count=", StringComparison.Ordinal))["count=".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(fixture.Demo.Scan.Evaluation.Findings.Count, findings.Sum(Count));
    }
}

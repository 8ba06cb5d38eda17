using Monitor.Alerting;
using Monitor.Host.Scanning;
using Monitor.Host.Store;
using Monitor.Host.Tests.Support;
using Monitor.RuleEngine.Evaluation;
using Monitor.SamplePortal;

namespace Monitor.Host.Tests.Scanning;

/// <summary>
/// The homepage probes of `monitor serve` (table availability_probes) feed the availability check of the next
/// evaluation: the failure share of the 7 whole days before the as-of day, at least 20 probes a day.
/// </summary>
public sealed class AvailabilityTests
{
    private static readonly DateOnly AsOf = DemoHarness.AsOf;

    private static void Probe(string folder, int perDay, int failuresPerDay, int days = 7)
    {
        using var store = MonitorStore.Open(Path.Combine(folder, "state", "monitor.db"));
        for (var d = 1; d <= days; d++)
        {
            var day = ChinaTime.StartOf(AsOf.AddDays(-d));
            for (var i = 0; i < perDay; i++)
            {
                var ok = i >= failuresPerDay;
                store.RecordProbe(new MonitorStore.ProbeRecord(
                    "home", day.AddMinutes(i * 60 + 7), ok, ok ? 200 : null, TimeSpan.FromMilliseconds(ok ? 120 : 15_000), ok ? null : "请求超时（15秒）"));
            }
        }
    }

    private static async Task<ScanOutcome> ScanAsync(string folder)
    {
        await using var portal = await SamplePortalServer.StartAsync(new PortalOptions { AsOf = AsOf });
        return await SampleScan.RunAsync(portal, folder);
    }

    [Fact]
    public async Task A_week_of_probes_with_a_failure_share_over_the_veto_line_is_an_unreachable_veto()
    {
        using var folder = new TempFolder();
        Probe(folder.Path, perDay: 24, failuresPerDay: 2); // 14 of 168 = 8.3 %

        var scan = await ScanAsync(folder.Path);

        var finding = Assert.Single(scan.Evaluation.Findings, f => f.Kind == FindingKind.Unreachable && f.SourceId == "home");
        Assert.Equal(Severity.Veto, finding.Severity);
        Assert.Contains("探测 168 次", finding.Message);
        Assert.Contains("8.3%", finding.Message);
        Assert.Equal(SiteCheckState.Failed, scan.Evaluation.SiteChecks.Single(c => c.Id == "availability").State);
    }

    [Fact]
    public async Task A_week_within_the_lines_passes_and_too_few_probes_are_not_assessed()
    {
        using var healthy = new TempFolder();
        Probe(healthy.Path, perDay: 24, failuresPerDay: 0);
        var passed = await ScanAsync(healthy.Path);
        Assert.Equal(SiteCheckState.Passed, passed.Evaluation.SiteChecks.Single(c => c.Id == "availability").State);
        Assert.DoesNotContain(passed.Evaluation.Findings, f => f.Kind == FindingKind.Unreachable);

        using var sparse = new TempFolder();
        Probe(sparse.Path, perDay: 10, failuresPerDay: 5);
        var thin = await ScanAsync(sparse.Path);
        var check = thin.Evaluation.SiteChecks.Single(c => c.Id == "availability");
        Assert.Equal(SiteCheckState.NotAssessed, check.State);
        Assert.Contains("探测不足", check.Detail);
        Assert.DoesNotContain(thin.Evaluation.Findings, f => f.Kind == FindingKind.Unreachable);
    }
}

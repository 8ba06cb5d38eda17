using Monitor.Host.Tests.Support;
using Monitor.SamplePortal;

namespace Monitor.Host.Tests.Demo;

/// <summary>Finding ids come from the facts, so two scans of the same portal agree (even on another port).</summary>
public sealed class StableIdsTests
{
    [Fact]
    public async Task Two_scans_of_the_same_portal_give_the_same_finding_ids()
    {
        using var first = new TempFolder();
        using var second = new TempFolder();
        var a = await DemoHarness.RunAsync(first.Path);
        var b = await DemoHarness.RunAsync(second.Path);

        Assert.NotEmpty(a.Scan.Evaluation.Findings);
        Assert.Equal(a.Scan.Evaluation.Findings.Select(f => f.Id).Order(), b.Scan.Evaluation.Findings.Select(f => f.Id).Order());
    }

    [Fact]
    public async Task A_rescan_into_the_same_store_creates_no_new_findings_and_resolves_a_fixed_one()
    {
        using var folder = new TempFolder();
        var first = await DemoHarness.RunAsync(folder.Path);
        Assert.Equal(first.Scan.Evaluation.Findings.Count, first.Scan.Record.NewFindings);

        var second = await DemoHarness.RunAsync(folder.Path);
        Assert.Equal(0, second.Scan.Record.NewFindings);
        Assert.Equal(first.Scan.Evaluation.Findings.Count, second.Scan.Record.StillOpen);
        Assert.Equal(0, second.Scan.Record.NewDocuments);
        Assert.Equal(0, second.Scan.Record.NewVersions);

        // Known documents are re-requested only after recheckAfter (default 1 day); this scan asks again at once.
        var third = await DemoHarness.RunAsync(folder.Path, disabledFaults: new HashSet<string>([PortalFaults.BrokenLinkZdbc], StringComparer.Ordinal), recheckAfter: TimeSpan.Zero);
        Assert.Equal(1, third.Scan.Record.Resolved);

        // The article that lost its broken link changed its text: a new version, the old one kept.
        Assert.Equal(1, third.Scan.Record.NewVersions);
        using var store = Monitor.Host.Store.MonitorStore.Open(Path.Combine(folder.Path, "state", "monitor.db"));
        Assert.Equal(store.Count("documents") + 1, store.Count("document_versions"));
        Assert.Equal(3, store.Count("scans"));
    }
}

using Monitor.Host.Tests.Support;
using Monitor.RuleEngine.Evaluation;
using Monitor.SamplePortal;

namespace Monitor.Host.Tests.Demo;

/// <summary>
/// A source that cannot be checked is not-assessed with a reason, never non-compliant: none of its
/// items may be reported missing, late or incomplete.
/// </summary>
public sealed class NotAssessedTests
{
    private static readonly FindingKind[] ItemKinds =
        [FindingKind.MissingItem, FindingKind.LatePublication, FindingKind.MissingElement, FindingKind.DueSoon, FindingKind.BlankColumn, FindingKind.StaleColumn];

    [Fact]
    public async Task A_source_answering_500_is_not_assessed_and_none_of_its_items_is_missing()
    {
        using var folder = new TempFolder();
        var outcome = await DemoHarness.RunAsync(folder.Path, sourceFaults: new Dictionary<string, SourceFaultMode> { ["ywjy"] = SourceFaultMode.ServerError });

        var source = Assert.Single(outcome.Scan.Evaluation.Sources, s => s.SourceId == "ywjy");
        Assert.False(source.Assessed);
        Assert.Contains("500", source.Reason);
        Assert.DoesNotContain(outcome.Scan.Evaluation.Findings, f => f.SourceId == "ywjy" && ItemKinds.Contains(f.Kind));
        Assert.Contains(outcome.Scan.Evaluation.Findings, f => f.SourceId == "ywjy" && f.Kind == FindingKind.Unreachable);

        // The other sources are still evaluated as usual.
        Assert.Contains(outcome.Scan.Evaluation.Findings, f => f.SourceId == "bzxzf" && f.Kind == FindingKind.LatePublication);
    }

    [Fact]
    public async Task A_source_that_times_out_is_not_assessed_and_none_of_its_items_is_missing()
    {
        using var folder = new TempFolder();
        var outcome = await DemoHarness.RunAsync(
            folder.Path,
            sourceFaults: new Dictionary<string, SourceFaultMode> { ["bzxzf"] = SourceFaultMode.Hang },
            requestTimeout: TimeSpan.FromSeconds(5));

        var source = Assert.Single(outcome.Scan.Evaluation.Sources, s => s.SourceId == "bzxzf");
        Assert.False(source.Assessed);
        // The timeout itself, or, on a loaded machine where other requests to the portal time out too, the host's circuit
        // breaker that those timeouts opened before the hanging list's last retry: both are the fetch failing, not the source.
        Assert.True(source.Reason!.Contains("超时", StringComparison.Ordinal) || source.Reason.Contains("连续失败", StringComparison.Ordinal), source.Reason);
        Assert.DoesNotContain(outcome.Scan.Evaluation.Findings, f => f.SourceId == "bzxzf" && ItemKinds.Contains(f.Kind));
    }

    [Fact]
    public async Task A_not_assessed_source_leaves_its_open_findings_open()
    {
        using var folder = new TempFolder();
        var first = await DemoHarness.RunAsync(folder.Path);
        var late = Assert.Single(first.Scan.Evaluation.Findings, f => f.Kind == FindingKind.LatePublication && f.SourceId == "bzxzf");

        await DemoHarness.RunAsync(folder.Path, sourceFaults: new Dictionary<string, SourceFaultMode> { ["bzxzf"] = SourceFaultMode.ServerError });

        using var store = Monitor.Host.Store.MonitorStore.Open(Path.Combine(folder.Path, "state", "monitor.db"));
        Assert.Contains(late.Id, store.FindingIds("open"));
        Assert.DoesNotContain(late.Id, store.FindingIds("resolved"));
    }
}

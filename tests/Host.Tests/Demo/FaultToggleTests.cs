using Monitor.Host.Demo;
using Monitor.Host.Tests.Support;
using Monitor.SamplePortal;

namespace Monitor.Host.Tests.Demo;

/// <summary>Turning one planted fault off removes exactly its finding and nothing else.</summary>
public sealed class FaultToggleTests(DemoBaselineFixture demo) : IClassFixture<DemoBaselineFixture>
{
    public static TheoryData<string> Faults => [.. PortalFaults.All];

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Turning_one_fault_off_removes_exactly_its_finding(string faultId)
    {
        using var folder = new TempFolder();
        var outcome = await DemoHarness.RunAsync(folder.Path, disabledFaults: new HashSet<string>([faultId], StringComparer.Ordinal));

        var fault = Assert.Single(demo.Outcome.Manifest.Faults, f => f.Id == faultId);
        Assert.DoesNotContain(outcome.Manifest.Faults, f => f.Id == faultId);

        var before = demo.Outcome.Scan.Evaluation.Findings.Select(f => f.Id).ToHashSet();
        var after = outcome.Scan.Evaluation.Findings.Select(f => f.Id).ToHashSet();
        var removed = before.Except(after).ToList();
        var added = after.Except(before).ToList();

        var expectedRemoved = demo.Outcome.Scan.Evaluation.Findings.Where(f => ManifestComparison.Matches(fault, f)).Select(f => f.Id).ToList();
        Assert.Single(expectedRemoved);
        Assert.Equal(expectedRemoved, removed);
        Assert.Empty(added);
        Assert.True(outcome.Comparison.Perfect);
    }
}

using Monitor.Host.Demo;
using Monitor.Host.Tests.Support;
using Monitor.RuleEngine.Evaluation;
using Monitor.SamplePortal;

namespace Monitor.Host.Tests.Demo;

/// <summary>On a machine without Chromium the demo still passes its self-check: the script-built column is not assessed.</summary>
public sealed class NoBrowserDemoTests
{
    [Fact]
    public async Task Without_a_browser_the_script_built_column_is_not_assessed_and_the_self_check_still_passes()
    {
        using var folder = new TempFolder();
        var config = Path.Combine(folder.Path, "config");
        Directory.CreateDirectory(config);
        foreach (var file in Directory.EnumerateFiles(RepoPaths.SampleConfig, "*.yaml"))
        {
            File.Copy(file, Path.Combine(config, Path.GetFileName(file)));
        }

        var deployment = Path.Combine(config, "deployment.yaml");
        await File.WriteAllTextAsync(deployment, (await File.ReadAllTextAsync(deployment)).Replace("crawler:\n", "crawler:\n  browserPath: /nonexistent/chromium\n", StringComparison.Ordinal));

        var outcome = await new DemoRunner(TimeProvider.System, TextWriter.Null).RunAsync(
            new DemoRequest(DemoHarness.AsOf, new PortalOptions { AsOf = DemoHarness.AsOf }, Path.Combine(folder.Path, "out"), RepoPaths.Rules, config),
            CancellationToken.None);

        var js = Assert.Single(outcome.Scan.Evaluation.Sources, s => !s.Assessed);
        Assert.Equal("xzfw-zwdt", js.SourceId);
        Assert.StartsWith("浏览器不可用", js.Reason, StringComparison.Ordinal);
        Assert.Equal(["xzfw-zwdt"], outcome.Comparison.Skipped.Select(s => s.SourceId));
        Assert.True(outcome.Comparison.Perfect);
        Assert.All(outcome.Scan.Evaluation.Findings.Where(f => f.SourceId == "xzfw-zwdt"), f => Assert.Equal((FindingKind.Unreachable, Severity.Notice), (f.Kind, f.Severity)));
    }
}

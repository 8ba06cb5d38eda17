using Monitor.Alerting;
using Monitor.Host.Configuration;
using Monitor.Host.Scanning;
using Monitor.SamplePortal;

namespace Monitor.Host.Tests.Support;

/// <summary>`monitor scan` in-process: the sample deployment pointed at a running sample portal, state in FOLDER/state.</summary>
internal static class SampleScan
{
    public static async Task<ScanOutcome> RunAsync(SamplePortalServer portal, string folder, TimeSpan? recheckAfter = null)
    {
        var deployment = DeploymentLoader.Load(RepoPaths.SampleConfig).WithBaseUrl(portal.BaseUrl);
        if (recheckAfter is { } recheck)
        {
            deployment = deployment with { Crawler = deployment.Crawler with { RecheckAfter = recheck } };
        }

        return await new ScanRunner(TimeProvider.System, TextWriter.Null).RunAsync(
            new ScanRequest(deployment, RepoPaths.Rules, ChinaTime.StartOf(DemoHarness.AsOf), Path.Combine(folder, "out"), Path.Combine(folder, "state"), WriteMails: false),
            CancellationToken.None);
    }
}

using Monitor.Alerting;
using Monitor.Host.Configuration;
using Monitor.Host.Scanning;
using Monitor.Host.Tests.Support;
using Monitor.SamplePortal;

namespace Monitor.Host.Tests.Assessments;

/// <summary>
/// One scan of the sample portal as of <see cref="DemoHarness.AsOf"/> (2026-12-01), shared by the period tests. Tests
/// that write to a store work on a copy (<see cref="CopyState"/>), so each starts from the same single scan.
/// </summary>
public sealed class ScannedStoreFixture : IAsyncLifetime
{
    private readonly TempFolder folder = new();

    internal SamplePortalServer Portal { get; private set; } = null!;

    internal ScanOutcome Scan { get; private set; } = null!;

    /// <summary>The sample deployment pointed at <see cref="Portal"/>, as the scan used it.</summary>
    internal Deployment Deployment { get; private set; } = null!;

    internal string StateDirectory => Path.Combine(folder.Path, "state");

    public async Task InitializeAsync()
    {
        Portal = await SamplePortalServer.StartAsync(new PortalOptions { AsOf = DemoHarness.AsOf });
        Deployment = DeploymentLoader.Load(RepoPaths.SampleConfig).WithBaseUrl(Portal.BaseUrl);
        Scan = await SampleScan.RunAsync(Portal, folder.Path);
    }

    /// <summary>Copies the scanned store (monitor.db and its WAL files; no evidence) into <paramref name="target"/>/state.</summary>
    internal string CopyState(string target)
    {
        var state = Path.Combine(target, "state");
        Directory.CreateDirectory(state);
        foreach (var file in Directory.EnumerateFiles(StateDirectory, "monitor.db*"))
        {
            File.Copy(file, Path.Combine(state, Path.GetFileName(file)));
        }

        return state;
    }

    /// <summary>A scan of <paramref name="portal"/> as of <paramref name="asOf"/> into <paramref name="folder"/>/state (documents re-fetched).</summary>
    internal static Task<ScanOutcome> ScanAsync(SamplePortalServer portal, string folder, DateOnly asOf)
    {
        var deployment = DeploymentLoader.Load(RepoPaths.SampleConfig).WithBaseUrl(portal.BaseUrl);
        deployment = deployment with { Crawler = deployment.Crawler with { RecheckAfter = TimeSpan.Zero } };
        return new ScanRunner(TimeProvider.System, TextWriter.Null).RunAsync(
            new ScanRequest(deployment, RepoPaths.Rules, ChinaTime.StartOf(asOf), Path.Combine(folder, "out"), Path.Combine(folder, "state"), WriteMails: false),
            CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await Portal.DisposeAsync();
        folder.Dispose();
    }
}

/// <summary>The period test classes share one scanned store.</summary>
[CollectionDefinition(Name)]
public sealed class ScannedStoreCollection : ICollectionFixture<ScannedStoreFixture>
{
    public const string Name = "scanned sample store";
}

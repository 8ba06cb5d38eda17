using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Monitor.Alerting;
using Monitor.Host.Configuration;
using Monitor.Host.Scanning;
using Monitor.Host.Service;
using Monitor.Host.Store;
using Monitor.Host.Tests.Support;
using Monitor.SamplePortal;
using Serilog;

namespace Monitor.Host.Tests.Service;

/// <summary>
/// The serve host in-process over the sample portal: with <c>--run-now</c> every source is crawled once by its own
/// job, the store then holds the same open findings as a one-shot scan of the same portal and day, the homepage is
/// probed, and a stop cancels a crawl in flight without recording its pass.
/// </summary>
public sealed class ServeHostTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Morning = ChinaTime.StartOf(DemoHarness.AsOf).AddHours(10);

    private readonly TempFolder _folder = new();
    private readonly CollectingSink _log = new();
    private SamplePortalServer _portal = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_portal is not null)
            await _portal.DisposeAsync();
        _folder.Dispose();
    }

    private async Task<Deployment> StartPortalAsync(IReadOnlyDictionary<string, SourceFaultMode>? faults = null)
    {
        _portal = await SamplePortalServer.StartAsync(new PortalOptions
        {
            AsOf = DemoHarness.AsOf,
            SourceFaults = faults ?? new Dictionary<string, SourceFaultMode>(StringComparer.Ordinal),
        });
        var deployment = DeploymentLoader.Load(RepoPaths.SampleConfig).WithBaseUrl(_portal.BaseUrl);
        // The API on a free port: several serve tests run at once.
        return deployment with
        {
            Serve = deployment.Serve with { StartupSpread = TimeSpan.Zero, ShutdownTimeout = TimeSpan.FromSeconds(30) },
            Api = deployment.Api with { Url = new Uri("http://127.0.0.1:0") },
        };
    }

    private ServeRuntime Open(Deployment deployment, TimeProvider time, string state) =>
        ServeRuntime.Open(new ServeRequest(deployment, RepoPaths.Rules, state, RunNow: true), new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(_log).CreateLogger(), time);

    private string Log() => string.Join(Environment.NewLine, _log.Events
        .Where(e => e.Level >= Serilog.Events.LogEventLevel.Warning || e.Message.StartsWith("Crawled", StringComparison.Ordinal) || e.Message.StartsWith("Probe", StringComparison.Ordinal))
        .Select(e => $"{e.Level} {e.Message}"));

    private static IEnumerable<string> Observed(string state)
    {
        using var store = MonitorStore.Open(Path.Combine(state, "monitor.db"));
        return [.. store.LatestObservations().Select(o => o.SourceId)];
    }

    private static int ObservedSources(string state)
    {
        using var store = MonitorStore.Open(Path.Combine(state, "monitor.db"));
        return store.LatestObservations().Count;
    }

    [Fact]
    public async Task Every_source_crawled_by_its_own_job_gives_the_findings_of_a_one_shot_scan()
    {
        var deployment = await StartPortalAsync();
        var time = new ShiftedTime(Morning);
        var state = Path.Combine(_folder.Path, "serve");
        var reports = new ConcurrentQueue<ServeReport>();
        await using var runtime = Open(deployment, time, state);
        runtime.Reported += reports.Enqueue;
        using var host = ServeHost.Build(runtime);

        await host.StartAsync();
        await Poll.UntilAsync(
            () => reports.All(r => r.Outcome != ServeOutcome.Failed) ? ObservedSources(state) == deployment.Sources.Count && reports.Any(r => r.Job == "probe") : throw new Xunit.Sdk.XunitException("a job failed:\n" + Log()),
            TimeSpan.FromMinutes(4), "every source has a recorded pass and the homepage a probe", () => Log() + "\nobserved: " + string.Join(",", Observed(state)));
        var clock = Stopwatch.StartNew();
        await host.StopAsync();
        clock.Stop();

        Assert.True(clock.Elapsed < deployment.Serve.ShutdownTimeout, $"stop took {clock.Elapsed}");
        var crawls = reports.Where(r => r.Job == "crawl").ToList();
        Assert.Equal(deployment.Sources.Select(s => s.Id).Order(), crawls.Select(r => r.SourceId).Order());
        Assert.All(crawls, r => Assert.Equal(ServeOutcome.Done, r.Outcome));
        // One pass (one scan row) per source: the passes were recorded separately.
        Assert.Equal(deployment.Sources.Count, crawls.Select(r => r.ScanId).Distinct().Count());

        var oneShot = await new ScanRunner(time, TextWriter.Null).RunAsync(
            new ScanRequest(deployment, RepoPaths.Rules, ChinaTime.ToShanghai(time.GetUtcNow()), Path.Combine(_folder.Path, "out"), Path.Combine(_folder.Path, "scan"), WriteMails: false),
            CancellationToken.None);
        using var store = MonitorStore.Open(Path.Combine(state, "monitor.db"));
        Assert.NotEmpty(oneShot.Evaluation.Findings);
        Assert.Equal(oneShot.Evaluation.Findings.Select(f => f.Id).Order(StringComparer.Ordinal), store.FindingIds("open").Order(StringComparer.Ordinal));

        var probe = Assert.Single(store.Probes("home"));
        Assert.True(probe.Ok, probe.Error);
        Assert.Equal(200, probe.Status);

        var messages = _log.Messages;
        Assert.Contains(messages, m => m.StartsWith("Schedule of \"tzgg\"", StringComparison.Ordinal) && m.Contains("Asia/Shanghai", StringComparison.Ordinal));
        Assert.All(deployment.Sources, s => Assert.Contains(_log.Events, e => e.SourceId == s.Id && e.Message.StartsWith("Crawled", StringComparison.Ordinal)));
        Assert.Contains(messages, m => m.StartsWith("Stopped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stopping_cancels_the_crawls_in_flight_and_their_passes_are_not_recorded()
    {
        // tzgg's requests never answer: its crawl is still waiting for the first page when the service stops.
        var deployment = await StartPortalAsync(new Dictionary<string, SourceFaultMode>(StringComparer.Ordinal) { ["tzgg"] = SourceFaultMode.Hang });
        var state = Path.Combine(_folder.Path, "serve");
        var reports = new ConcurrentQueue<ServeReport>();
        await using var runtime = Open(deployment, new ShiftedTime(Morning), state);
        runtime.Reported += reports.Enqueue;
        using var host = ServeHost.Build(runtime);

        await host.StartAsync();
        await Poll.UntilAsync(
            () => _log.Events.Any(e => e.SourceId == "tzgg" && e.Message.EndsWith("started", StringComparison.Ordinal)),
            TimeSpan.FromMinutes(2), "the crawl of tzgg started", Log);
        var clock = Stopwatch.StartNew();
        await host.StopAsync();
        clock.Stop();

        Assert.True(clock.Elapsed < deployment.Serve.ShutdownTimeout, $"stop took {clock.Elapsed}");
        var crawls = reports.Where(r => r.Job == "crawl").ToList();
        var hanging = Assert.Single(crawls, r => r.SourceId == "tzgg");
        Assert.Equal(ServeOutcome.Cancelled, hanging.Outcome);
        Assert.DoesNotContain(crawls, r => r.Outcome == ServeOutcome.Failed);
        using var store = MonitorStore.Open(Path.Combine(state, "monitor.db"));
        // Exactly the finished crawls left a pass; every cancelled one left nothing.
        Assert.Equal(
            crawls.Where(r => r.Outcome == ServeOutcome.Done).Select(r => r.SourceId).Order(StringComparer.Ordinal),
            store.LatestObservations().Select(o => o.SourceId).Order(StringComparer.Ordinal));
        Assert.Equal(crawls.Count(r => r.Outcome == ServeOutcome.Done), store.Scans().Count);
        Assert.Contains(_log.Events, e => e.SourceId == "tzgg" && e.Message.Contains("cancelled by shutdown", StringComparison.Ordinal));
        Assert.Contains(_log.Messages, m => m.StartsWith("Stopping", StringComparison.Ordinal));
    }
}

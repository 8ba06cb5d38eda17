using Monitor.Alerting;
using Monitor.Host.Configuration;
using Monitor.Host.Demo;
using Monitor.Host.Metrics;
using Monitor.Host.Store;
using Monitor.Host.Tests.Metrics;
using Monitor.Host.Tests.Support;
using Monitor.RuleEngine.Loading;
using Serilog;

namespace Monitor.Host.Tests.Dashboards;

/// <summary>
/// Runs the demo once, writes its points (and 30 backfilled days before it, and a few alert deliveries)
/// through the /write path into a fresh database of the real InfluxDB 1.6 started by scripts/test.sh.
/// Without that server (locally) only <see cref="Demo"/> is available.
/// </summary>
public sealed class DemoMetricsFixture : IAsyncLifetime
{
    public static readonly DateOnly FirstBackfilledDay = DemoHarness.AsOf.AddDays(-30);

    private readonly TempFolder folder = new();

    internal DemoOutcome Demo { get; private set; } = null!;

    public string OutDirectory => folder.Path;

    public string StateDirectory => Path.Combine(folder.Path, "state");

    public string ConfigDirectory => Path.Combine(folder.Path, "config");

    internal Deployment Deployment { get; private set; } = null!;

    /// <summary>Database holding the points, or null without a server.</summary>
    public string? Database { get; private set; }

    public string? SetupError { get; private set; }

    public async Task InitializeAsync()
    {
        var config = Path.Combine(folder.Path, "config");
        Directory.CreateDirectory(config);
        foreach (var file in Directory.GetFiles(RepoPaths.SampleConfig, "*.yaml"))
        {
            File.Copy(file, Path.Combine(config, Path.GetFileName(file)));
        }

        MetricsWriter? writer = null;
        var reports = new List<MetricsWriteReport>();
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(TestServers.Influx1)))
        {
            var url = TestServers.Url(TestServers.Influx1);
            using var influx = new InfluxQl(url);
            Database = await influx.CreateDatabaseAsync("dashboards");
            // The scan itself writes its points: the deployment gets a metrics: section.
            File.AppendAllText(Path.Combine(config, "deployment.yaml"), $"""

                metrics:
                  mode: v1
                  url: {url}
                  database: {Database}
                """);
            writer = MetricsWriter.Create(new MetricsOptions { Mode = MetricsMode.V1, Url = url, Database = Database }, Path.Combine(folder.Path, "writer-state"), new LoggerConfiguration().CreateLogger());
        }

        Deployment = DeploymentLoader.Load(config);
        Demo = await new DemoRunner(TimeProvider.System, TextWriter.Null).RunAsync(
            new DemoRequest(DemoHarness.AsOf, new SamplePortal.PortalOptions { AsOf = DemoHarness.AsOf }, folder.Path, RepoPaths.Rules, config),
            CancellationToken.None);
        if (writer is null)
        {
            return;
        }

        using var owned = writer;
        reports.Add(Demo.Scan.Metrics ?? new MetricsWriteReport(0, 0, 0, 0, 0, "the scan wrote no points"));
        var departments = Deployment.Departments.Select(d => d.ToInfo()).ToList();

        var loaded = RuleSetLoader.Load(RepoPaths.Rules);
        using (var store = MonitorStore.Open(Path.Combine(StateDirectory, "monitor.db")))
        {
            var backfill = new Backfill(Deployment, loaded.RuleSet!, loaded.Calendar!, store);
            for (var day = FirstBackfilledDay; day < DemoHarness.AsOf; day = day.AddDays(1))
            {
                var rescored = backfill.Rescore(day);
                reports.Add(await writer.WriteAsync(
                    MetricPoints.ForScan(new ScanMetricsInput(Deployment.Site.Id, departments, rescored.Observations, rescored.Evaluation, null, null)),
                    CancellationToken.None));
            }
        }

        // Alerting comes later; these deliveries exercise the 告警 dashboard through the writer method it will call.
        var at = ChinaTime.StartOf(DemoHarness.AsOf).AddHours(9);
        reports.Add(await writer.WriteAlertDeliveriesAsync(Deployment.Site.Id, [
            new AlertDelivery(at, departments[0].Id, "email", "sent", "warning", 2, 850),
            new AlertDelivery(at, departments[1].Id, "sms", "failed", "alert", 1, null),
            new AlertDelivery(at.AddDays(-1), departments[1].Id, "webhook", "sent", "alert", 1, 120),
        ], CancellationToken.None));
        SetupError = reports.Select(r => r.Error ?? (r.Rejected > 0 ? "rejected points" : null)).FirstOrDefault(e => e is not null);
    }

    public Task DisposeAsync()
    {
        folder.Dispose();
        return Task.CompletedTask;
    }
}

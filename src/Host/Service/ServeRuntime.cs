using System.Diagnostics;
using Monitor.Alerting;
using Monitor.Alerting.Policy;
using Monitor.Host.Alerting;
using Monitor.Host.Configuration;
using Monitor.Host.Metrics;
using Monitor.Host.Scanning;
using Monitor.Host.Store;
using Monitor.RuleEngine.Evaluation;
using Serilog;

namespace Monitor.Host.Service;

/// <summary>What <c>monitor serve</c> is asked to run.</summary>
/// <param name="RunNow">Also crawl every source once at start-up, spread over <see cref="ServeConfig.StartupSpread"/>.</param>
internal sealed record ServeRequest(Deployment Deployment, string RulesDirectory, string StateDirectory, bool RunNow);

/// <summary>How one job run ended (logged, and handed to <see cref="ServeRuntime.Reported"/> for tests).</summary>
/// <param name="Job">crawl, probe or dispatch.</param>
/// <param name="SourceId">The source (empty for dispatch).</param>
/// <param name="Outcome">Done, Cancelled (by shutdown; a crawl's pass is then not recorded) or Failed (logged with the exception).</param>
internal sealed record ServeReport(string Job, string SourceId, ServeOutcome Outcome, long? ScanId = null);

/// <summary>How a job run ended.</summary>
internal enum ServeOutcome
{
    Done,
    Cancelled,
    Failed,
}

/// <summary>
/// The work of the scheduled jobs, shared by all of them: one <see cref="ScanPipeline"/> (one fetcher, so per-host
/// politeness and circuit breakers span the process), the metrics writer, the alert channels. Each method is one job
/// run and never throws: cancellation by shutdown is logged as such, anything else is logged once with the source id.
/// </summary>
internal sealed class ServeRuntime : IAsyncDisposable
{
    private readonly TimeProvider time;
    private readonly MetricsWriter? metrics;
    private readonly SemaphoreSlim metricsTurn = new(1, 1);
    private readonly SemaphoreSlim alertTurn = new(1, 1);
    private readonly HttpClient alertHttp = new();
    private readonly IReadOnlyList<IAlertChannel> channels;
    private readonly Dictionary<string, SourceConfig> sources;

    private ServeRuntime(ServeRequest request, ScanPipeline pipeline, ILogger log, TimeProvider time)
    {
        Request = request;
        Pipeline = pipeline;
        Log = log;
        this.time = time;
        sources = request.Deployment.Sources.ToDictionary(s => s.Id, StringComparer.Ordinal);
        metrics = request.Deployment.Metrics is { } options ? MetricsWriter.Create(options, request.StateDirectory, log) : null;
        channels = Serve.DispatchAlerts ? request.Deployment.Alerting.CreateChannels(alertHttp, time) : [];
        Schedules = ServeSchedule.For(request.Deployment);
    }

    public ServeRequest Request { get; }

    public Deployment Deployment => Request.Deployment;

    public ServeConfig Serve => Request.Deployment.Serve;

    public ScanPipeline Pipeline { get; }

    public ILogger Log { get; }

    public TimeProvider Time => time;

    public IReadOnlyList<SourceSchedule> Schedules { get; }

    /// <summary>This node's name: <c>serve.instanceId</c>, else host name and process id (unique per running process).</summary>
    public string InstanceId => Serve.InstanceId ?? Environment.MachineName + "-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Whether <paramref name="sourceId"/> is a source of this deployment (a clustered store may still hold a removed source's job).</summary>
    public bool HasSource(string sourceId) => sources.ContainsKey(sourceId);

    /// <summary>The homepages, probed for availability.</summary>
    public IEnumerable<SourceConfig> Homepages => Deployment.Sources.Where(s => !s.IsAccount && s.Kind == SourceKind.Homepage);

    /// <summary>The probe's time limit: the availability check's <c>timeoutSeconds</c> (15 s in rules/site-checks.yaml).</summary>
    public TimeSpan ProbeTimeout => TimeSpan.FromSeconds(Pipeline.Rules.SiteChecks.Availability?.TimeoutSeconds ?? 15);

    /// <summary>Told about every finished job run (tests wait on it).</summary>
    public event Action<ServeReport>? Reported;

    /// <summary>Loads the rules (throws <see cref="RulesException"/>) and sets up fetching, metrics and alert channels.</summary>
    public static ServeRuntime Open(ServeRequest request, ILogger log, TimeProvider time)
    {
        var pipeline = ScanPipeline.Open(request.Deployment, request.RulesDirectory, request.StateDirectory, time);
        // Create and migrate the store before any job runs: jobs open their own connections at once, and two
        // connections migrating a new file together would both try to create its tables.
        MonitorStore.Open(pipeline.Store).Dispose();
        return new(request, pipeline, log, time);
    }

    /// <summary>One scheduled crawl: the pass over one source, its result line, metrics, and the alerts it makes due.</summary>
    public async Task<ServeReport> CrawlAsync(string sourceId, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var source = sources[sourceId];
            var asOf = ChinaTime.ToShanghai(time.GetUtcNow());
            Log.Debug("Crawl of {SourceId} started", sourceId);
            var pass = await Pipeline.RunAsync([source], asOf, null, ct).ConfigureAwait(false);
            var crawl = pass.Crawls[0];
            var record = pass.Record;
            var assessment = pass.Evaluation.Sources.FirstOrDefault(s => s.SourceId == sourceId);
            var account = pass.Accounts.FirstOrDefault(a => a.AccountId == sourceId);
            var (assessed, reason) = assessment is not null ? (assessment.Assessed, assessment.Reason)
                : account is not null ? (account.Assessed, account.NotAssessedReason)
                : (crawl.Succeeded, crawl.FailureReason);
            if (assessed)
            {
                Log.Information(
                    "Crawled {SourceId} ({SourceName}) in scan {ScanId}: {Documents} documents, {NewDocuments} new, {NewVersions} new versions; findings {NewFindings} new, {OpenFindings} open, {ResolvedFindings} resolved; {ElapsedSeconds:0.0} s",
                    sourceId, source.Name, record.ScanId, crawl.Documents.Count, record.NewDocuments, record.NewVersions, record.NewFindings, record.StillOpen, record.Resolved, clock.Elapsed.TotalSeconds);
            }
            else
            {
                Log.Warning(
                    "Crawled {SourceId} ({SourceName}) in scan {ScanId}: not assessed, {Reason}; {Documents} documents, {NewDocuments} new, {NewVersions} new versions; findings {NewFindings} new, {OpenFindings} open, {ResolvedFindings} resolved; {ElapsedSeconds:0.0} s",
                    sourceId, source.Name, record.ScanId, reason, crawl.Documents.Count, record.NewDocuments, record.NewVersions, record.NewFindings, record.StillOpen, record.Resolved, clock.Elapsed.TotalSeconds);
            }

            foreach (var note in crawl.Notes)
            {
                Log.Information("Crawl of {SourceId}: {Note}", sourceId, note);
            }

            await WriteMetricsAsync(pass, clock.Elapsed, ct).ConfigureAwait(false);
            if (Serve.DispatchAlerts)
            {
                await EnqueueAlertsAsync(sourceId, ct).ConfigureAwait(false);
            }

            return Report(new ServeReport("crawl", sourceId, ServeOutcome.Done, record.ScanId));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            Log.Information("Crawl of {SourceId} cancelled by shutdown after {ElapsedSeconds:0.0} s; its pass was not recorded", sourceId, clock.Elapsed.TotalSeconds);
            return Report(new ServeReport("crawl", sourceId, ServeOutcome.Cancelled));
        }
        catch (Exception e)
        {
            // The job boundary: the failure is logged once with its source, the schedule goes on.
            Log.Error(e, "Crawl of {SourceId} failed", sourceId);
            return Report(new ServeReport("crawl", sourceId, ServeOutcome.Failed));
        }
    }

    /// <summary>One availability probe of a homepage, recorded ok/failed with status and elapsed time.</summary>
    public async Task<ServeReport> ProbeAsync(string sourceId, CancellationToken ct)
    {
        try
        {
            var source = sources[sourceId];
            var result = await Pipeline.ProbeAsync(source.Url, ProbeTimeout, ct).ConfigureAwait(false);
            using (var store = MonitorStore.Open(Pipeline.Store))
            {
                store.RecordProbe(new MonitorStore.ProbeRecord(sourceId, result.FetchedAt, result.Succeeded, result.Status, result.Elapsed, result.Succeeded ? null : result.Error));
            }

            if (result.Succeeded)
            {
                Log.Debug("Probe of {SourceId}: HTTP {Status} in {ElapsedMs} ms", sourceId, result.Status, (long)result.Elapsed.TotalMilliseconds);
            }
            else
            {
                Log.Warning("Probe of {SourceId} failed: {Error} (HTTP {Status}, {ElapsedMs} ms)", sourceId, result.Error, result.Status, (long)result.Elapsed.TotalMilliseconds);
            }

            return Report(new ServeReport("probe", sourceId, ServeOutcome.Done));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            Log.Information("Probe of {SourceId} cancelled by shutdown; not recorded", sourceId);
            return Report(new ServeReport("probe", sourceId, ServeOutcome.Cancelled));
        }
        catch (Exception e)
        {
            Log.Error(e, "Probe of {SourceId} failed", sourceId);
            return Report(new ServeReport("probe", sourceId, ServeOutcome.Failed));
        }
    }

    /// <summary>One dispatch: plan from the store's findings, record new messages in the outbox, send what is due.</summary>
    public async Task<ServeReport> DispatchAsync(CancellationToken ct)
    {
        try
        {
            var now = time.GetUtcNow();
            int enqueued;
            await alertTurn.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                using var store = MonitorStore.Open(Pipeline.Store);
                // Nodes of a cluster plan one after the other, each from what the others recorded (no message planned twice).
                using var turn = store.Turn("alerts:" + Deployment.Site.Id);
                var planner = Planner();
                enqueued = new AlertRun(Deployment, store, planner, Pipeline.Rules).Plan(now).Count(m => store.EnqueueAlert(m, now));
                store.RecordSilenced(planner.LastSilenced(now));
            }
            finally
            {
                alertTurn.Release();
            }

            // Sending takes no turn: each message is claimed on its own row with a lease (FOR UPDATE SKIP LOCKED across
            // nodes), so planning here or on another node never waits for a slow channel.
            DispatchSummary summary;
            using (var store = MonitorStore.Open(Pipeline.Store))
            {
                summary = await new Dispatcher(store, channels, Deployment.Alerting.Dispatch, Random.Shared).RunOnceAsync(now, ct).ConfigureAwait(false);
            }

            if (enqueued > 0 || summary.Attempted > 0)
            {
                Log.Information(
                    "Alert dispatch: {Enqueued} new in the outbox; {Attempted} sends: {Sent} sent, {Retrying} to retry, {Failed} failed",
                    enqueued, summary.Attempted, summary.Sent, summary.Retrying, summary.Failed);
            }

            return Report(new ServeReport("dispatch", "", ServeOutcome.Done));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            Log.Information("Alert dispatch cancelled by shutdown; claimed messages are retried after their lease");
            return Report(new ServeReport("dispatch", "", ServeOutcome.Cancelled));
        }
        catch (Exception e)
        {
            Log.Error(e, "Alert dispatch failed");
            return Report(new ServeReport("dispatch", "", ServeOutcome.Failed));
        }
    }

    /// <summary>Plans from the findings the pass just recorded and records the new messages in the outbox; the dispatch job sends them.</summary>
    private async Task EnqueueAlertsAsync(string sourceId, CancellationToken ct)
    {
        await alertTurn.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            using var store = MonitorStore.Open(Pipeline.Store);
            using var turn = store.Turn("alerts:" + Deployment.Site.Id);
            var now = time.GetUtcNow();
            var enqueued = new AlertRun(Deployment, store, Planner(), Pipeline.Rules).Plan(now).Count(m => store.EnqueueAlert(m, now));
            if (enqueued > 0)
            {
                Log.Information("Crawl of {SourceId}: {Enqueued} alert messages recorded in the outbox", sourceId, enqueued);
            }
        }
        finally
        {
            alertTurn.Release();
        }
    }

    private PolicyPlanner Planner() => new(new AlertPolicy(Deployment.Alerting.Policy, Pipeline.Calendar), Deployment);

    /// <summary>The site's points after this pass (every source's latest observation), when <c>metrics:</c> is configured.</summary>
    private async Task WriteMetricsAsync(PassOutcome pass, TimeSpan elapsed, CancellationToken ct)
    {
        if (metrics is null)
        {
            return;
        }

        var departments = Deployment.Departments.Select(d => d.ToInfo()).ToList();
        var points = MetricPoints.ForScan(new ScanMetricsInput(Deployment.Site.Id, departments, pass.Sources, pass.Evaluation, pass.Crawls, elapsed));
        await metricsTurn.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            // An unavailable server leaves the points buffered; the writer logs that itself.
            await metrics.WriteAsync(points, ct).ConfigureAwait(false);
        }
        finally
        {
            metricsTurn.Release();
        }
    }

    private ServeReport Report(ServeReport report)
    {
        Reported?.Invoke(report);
        return report;
    }

    public async ValueTask DisposeAsync()
    {
        metrics?.Dispose();
        alertHttp.Dispose();
        await Pipeline.DisposeAsync().ConfigureAwait(false);
        metricsTurn.Dispose();
        alertTurn.Dispose();
    }
}

using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Monitor.Alerting;
using Monitor.Host.Api;
using Quartz;
using Serilog;

namespace Monitor.Host.Service;

/// <summary>
/// The host of <c>monitor serve</c>: the assessor API on Kestrel (when <c>api.enabled</c>, the default; <see cref="ApiHost"/>),
/// Serilog, and Quartz: with an in-memory job store on a SQLite store (the state lives in the store, so nothing of the
/// scheduler needs to survive a restart), or clustered on the PostgreSQL store, where several nodes share the sources. One <see cref="SourceCrawlJob"/> per source on
/// its cron (Asia/Shanghai, misfires skipped), one <see cref="AvailabilityProbeJob"/> per homepage, one
/// <see cref="AlertDispatchJob"/> when alerts are on. Stopping cancels running jobs and waits for them up to
/// <see cref="ServeConfig.ShutdownTimeout"/>.
/// </summary>
internal static class ServeHost
{
    /// <summary>How late a fire may start before it counts as missed and is skipped: 15 minutes.</summary>
    public static readonly TimeSpan MisfireThreshold = TimeSpan.FromMinutes(15);

    /// <summary>How long past a missed check-in the other nodes wait before they recover a node's work: 7.5 seconds (Quartz's default).</summary>
    public static readonly TimeSpan ClusterGrace = TimeSpan.FromSeconds(7.5);

    /// <param name="runtime">The jobs' shared work, the deployment and the log.</param>
    /// <param name="apiOnly">Answer the assessor API only: no crawl, probe or dispatch job is scheduled (benchmarks, a read-only replica).</param>
    public static IHost Build(ServeRuntime runtime, bool apiOnly = false)
    {
        var serve = runtime.Serve;
        var time = runtime.Time;
        var api = runtime.Deployment.Api;
        if (apiOnly && !api.Enabled)
        {
            throw new FormatException("--api-only 需要评估接口：deployment.yaml 中 api.enabled 不能为 false");
        }

        IHostApplicationBuilder builder;
        WebApplicationBuilder? web = null;
        if (api.Enabled)
        {
            // The assessor API shares the host (and its lifetime) with the scheduler: an empty web host, so that no
            // appsettings.json or environment variable overrides deployment.yaml, just as DisableDefaults does below.
            var context = new ApiContext(
                runtime.Deployment, runtime.Pipeline.Rules, new StorePool(runtime.Pipeline.Store),
                runtime.Pipeline.EvidenceDirectory, time);
            web = ApiHost.CreateBuilder(context, runtime.Request.StateDirectory, api.Url);
            // The pool's connections close with the host (the container disposes what its factories made).
            web.Services.AddSingleton(_ => context.Pool);
            builder = web;
        }
        else
        {
            builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
            {
                // No appsettings.json or environment overrides: deployment.yaml is the one configuration.
                DisableDefaults = true,
                ApplicationName = "monitor",
                ContentRootPath = runtime.Request.StateDirectory,
            });
        }

        // Our own lines say what is scheduled and what each job did; Quartz's and the host's go in at Warning only
        // (otherwise every job and trigger is announced at start-up, and every fire at Debug).
        builder.Logging.ClearProviders()
            .AddSerilog(runtime.Log, dispose: false)
            .AddFilter<Serilog.Extensions.Logging.SerilogLoggerProvider>("Quartz", LogLevel.Warning)
            .AddFilter<Serilog.Extensions.Logging.SerilogLoggerProvider>("Microsoft", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = serve.ShutdownTimeout);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.AddSingleton(runtime);
        builder.Services.AddSingleton(time);

        var now = time.GetUtcNow();
        if (apiOnly)
        {
            return Finish(runtime, builder, web, now, apiOnly);
        }

        builder.Services.AddQuartz(q =>
        {
            q.UseTimeProvider(time);
            // A fire that waits longer than this for a free thread (or for the same source's previous crawl) counts as
            // missed and is skipped (misfire: DoNothing). Quartz's 5 s would drop crawls whenever 4 long ones run.
            if (runtime.Deployment.Store.IsShared)
            {
                // Several nodes on one PostgreSQL: Quartz's clustered ADO store in the same database (tables qrtz_*, created
                // when missing). Each fire of a trigger is acquired by exactly one node under Quartz's row locks; a node that
                // stops checking in is taken for dead after the check-in interval plus the grace, and its triggers and
                // running crawls (RequestsRecovery) are taken over by the others.
                q.UsePersistentStore(store =>
                {
                    store.UsePostgres(runtime.Pipeline.Store.Target);
                    store.UseSystemTextJsonSerializer();
                    store.ProvisionSchema();
                    store.ConfigureStore(o => o.MisfireThreshold = MisfireThreshold);
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = serve.ClusterCheckinInterval;
                        c.CheckinMisfireThreshold = ClusterGrace;
                    });
                });
            }
            else
            {
                q.UseInMemoryStore(o => o.MisfireThreshold = MisfireThreshold);
            }

            q.UseDefaultThreadPool(serve.MaxConcurrentJobs);
            q.ConfigureScheduler(o =>
            {
                // One name for every node of a deployment (a cluster is the set of schedulers of one name on one database).
                o.InstanceName = "monitor-" + runtime.Deployment.Site.Id;
                if (runtime.Deployment.Store.IsShared)
                {
                    o.InstanceId = runtime.InstanceId;
                }

                // Shutdown cancels the jobs' tokens (a crawl's pass is then not recorded) and waits for them to end.
                o.ShutdownJobInterruption = ShutdownJobInterruption.Always;
            });

            foreach (var schedule in runtime.Schedules)
            {
                var key = new JobKey(schedule.Source.Id, SourceCrawlJob.Group);
                q.AddJob<SourceCrawlJob>(j => j.WithIdentity(key).WithDescription(schedule.Source.Name).DisallowConcurrentExecution().RequestRecovery());
                q.AddTrigger(t => t.ForJob(key).WithIdentity(schedule.Source.Id, "schedule").WithSchedule(schedule.Builder()));
                if (runtime.Request.RunNow)
                {
                    q.AddTrigger(t => t.ForJob(key).WithIdentity(schedule.Source.Id, "run-now").StartAt(now + ServeSchedule.StartupDelay(schedule, serve.StartupSpread)));
                }
            }

            foreach (var homepage in runtime.Homepages)
            {
                var key = new JobKey(homepage.Id, AvailabilityProbeJob.Group);
                var first = runtime.Request.RunNow
                    ? serve.StartupSpread * (ServeSchedule.IntervalOffset(homepage.Id, serve.ProbeInterval) / serve.ProbeInterval)
                    : ServeSchedule.IntervalOffset(homepage.Id, serve.ProbeInterval);
                q.AddJob<AvailabilityProbeJob>(j => j.WithIdentity(key).WithDescription(homepage.Name).DisallowConcurrentExecution());
                q.AddTrigger(t => t.ForJob(key).WithIdentity(homepage.Id, "probe").StartAt(now + first).WithSchedule(ProbeSchedule(serve.ProbeInterval)));
            }

            if (serve.DispatchAlerts)
            {
                q.AddJob<AlertDispatchJob>(j => j.WithIdentity(AlertDispatchJob.Key).DisallowConcurrentExecution());
                q.AddTrigger(t => t.ForJob(AlertDispatchJob.Key).WithIdentity("dispatch", "alerts")
                    .StartAt(now + serve.DispatchInterval)
                    .WithSchedule(SimpleScheduleBuilder.Create().WithInterval(serve.DispatchInterval).RepeatForever()
                        .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
            }
        });
        // A node starting beside running ones re-declares the same jobs and triggers: the declared ones replace the stored
        // ones and keep their firing history, so a slot another node already fired is not fired again.
        builder.Services.Configure<QuartzOptions>(o =>
        {
            o.Scheduling.OverwriteExistingData = true;
            o.Scheduling.ScheduleTriggerRelativeToReplacedTrigger = true;
        });
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return Finish(runtime, builder, web, now, apiOnly);
    }

    private static IHost Finish(ServeRuntime runtime, IHostApplicationBuilder builder, WebApplicationBuilder? web, DateTimeOffset now, bool apiOnly)
    {
        var serve = runtime.Serve;
        IHost host;
        if (web is not null)
        {
            var app = web.Build();
            ApiHost.Map(app);
            app.Lifetime.ApplicationStarted.Register(() =>
                runtime.Log.Information("Assessor API listening on {ApiAddress}", ApiAddress(app)?.ToString() ?? runtime.Deployment.Api.Url.ToString()));
            host = app;
        }
        else
        {
            host = ((HostApplicationBuilder)builder).Build();
        }

        if (apiOnly)
        {
            runtime.Log.Information("Serving {SiteName}: assessor API only (--api-only), nothing is crawled, probed or dispatched", runtime.Deployment.Site.Name);
        }
        else
        {
            LogStart(runtime, now);
        }

        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        lifetime.ApplicationStopping.Register(() => runtime.Log.Information("Stopping: running crawls are cancelled (their passes are not recorded); waiting up to {ShutdownSeconds} s for jobs to end", serve.ShutdownTimeout.TotalSeconds));
        lifetime.ApplicationStopped.Register(() => runtime.Log.Information("Stopped"));
        return host;
    }

    /// <summary>
    /// The API's address once the host has started (<c>http://127.0.0.1:PORT/api/v1</c>, with the port Kestrel picked when
    /// <c>api.url</c> names port 0); null when the API is off or the host has not started.
    /// </summary>
    public static Uri? ApiAddress(IHost host) => ApiHost.BoundAddress(host) is { } bound ? new Uri(bound, ApiLinks.Prefix.TrimStart('/')) : null;

    /// <summary>The probe's schedule: every <paramref name="interval"/>; a probe missed while stopped or busy is skipped.</summary>
    public static SimpleScheduleBuilder ProbeSchedule(TimeSpan interval) =>
        SimpleScheduleBuilder.Create().WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount);

    private static void LogStart(ServeRuntime runtime, DateTimeOffset now)
    {
        var serve = runtime.Serve;
        runtime.Log.Information(
            "Serving {SiteName}: {Sources} sources, {Homepages} homepages probed every {ProbeMinutes} min, alerts {Alerts}{RunNow}",
            runtime.Deployment.Site.Name, runtime.Schedules.Count, runtime.Homepages.Count(), serve.ProbeInterval.TotalMinutes,
            serve.DispatchAlerts ? string.Create(CultureInfo.InvariantCulture, $"dispatched every {serve.DispatchInterval.TotalSeconds:0} s") : "off",
            runtime.Request.RunNow ? string.Create(CultureInfo.InvariantCulture, $", every source crawled once within {serve.StartupSpread.TotalSeconds:0} s") : "");
        foreach (var schedule in runtime.Schedules)
        {
            runtime.Log.Information(
                "Schedule of {SourceId} ({SourceName}): {Cron} Asia/Shanghai{Origin}, next {NextFire}",
                schedule.Source.Id, schedule.Source.Name, schedule.Cron, schedule.Overridden ? " (schedule:)" : "",
                schedule.NextFireTimes(now, 1) is [var next] ? ChinaTime.ToShanghai(next).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "never");
        }
    }
}

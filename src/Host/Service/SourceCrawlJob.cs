using Microsoft.Extensions.Hosting;
using Quartz;

namespace Monitor.Host.Service;

/// <summary>
/// The scheduled crawl of one source (job key = source id, group <c>crawl</c>): a thin adapter over
/// <see cref="ServeRuntime.CrawlAsync"/>. Never two at once for the same source; shutdown cancels a running crawl.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class SourceCrawlJob(ServeRuntime runtime, IHostApplicationLifetime lifetime) : IJob
{
    public const string Group = "crawl";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var sourceId = context.JobDetail.Key.Name;
        if (!runtime.HasSource(sourceId))
        {
            // A clustered job store outlives configuration: a source removed from sources.yaml leaves its job behind.
            runtime.Log.Warning("Source {SourceId} is no longer configured: its scheduled crawl is deleted", sourceId);
            await context.Scheduler.DeleteJob(context.JobDetail.Key, cancellationToken).ConfigureAwait(false);
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        await runtime.CrawlAsync(sourceId, stop.Token).ConfigureAwait(false);
    }
}

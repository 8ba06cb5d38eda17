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
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        await runtime.CrawlAsync(context.JobDetail.Key.Name, stop.Token).ConfigureAwait(false);
    }
}

using Microsoft.Extensions.Hosting;
using Quartz;

namespace Monitor.Host.Service;

/// <summary>The availability probe of one homepage every <see cref="ServeConfig.ProbeInterval"/> (job key = source id, group <c>probe</c>).</summary>
[DisallowConcurrentExecution]
internal sealed class AvailabilityProbeJob(ServeRuntime runtime, IHostApplicationLifetime lifetime) : IJob
{
    public const string Group = "probe";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        await runtime.ProbeAsync(context.JobDetail.Key.Name, stop.Token).ConfigureAwait(false);
    }
}

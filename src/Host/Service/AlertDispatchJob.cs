using Microsoft.Extensions.Hosting;
using Quartz;

namespace Monitor.Host.Service;

/// <summary>Alert dispatch every <see cref="ServeConfig.DispatchInterval"/>, when alerts are on (<see cref="ServeConfig.DispatchAlerts"/>).</summary>
[DisallowConcurrentExecution]
internal sealed class AlertDispatchJob(ServeRuntime runtime, IHostApplicationLifetime lifetime) : IJob
{
    public static readonly JobKey Key = new("dispatch", "alerts");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        await runtime.DispatchAsync(stop.Token).ConfigureAwait(false);
    }
}

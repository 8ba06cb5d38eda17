namespace Monitor.Host.Service;

/// <summary>
/// The <c>serve:</c> section of deployment.yaml: how <c>monitor serve</c> probes, dispatches, starts and stops.
/// Every key is optional; the defaults below apply when the section or the key is absent.
/// </summary>
internal sealed record ServeConfig
{
    /// <summary>Interval between two availability probes of each homepage (<c>probeInterval</c>). Default 60 minutes: 24 probes a day, above the 20 a day the availability check needs.</summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromMinutes(60);

    /// <summary>Interval of the alert dispatch job (<c>dispatchInterval</c>). Default 1 minute.</summary>
    public TimeSpan DispatchInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Whether the service plans, records and sends alerts (<c>dispatchAlerts</c>). Default: true when deployment.yaml has an
    /// <c>alerting:</c> section, false otherwise.
    /// </summary>
    public bool DispatchAlerts { get; init; }

    /// <summary>With <c>--run-now</c>, the start-up crawls are spread over this window, by the same per-source offsets as the schedules (<c>startupSpread</c>). Default 2 minutes; 0 starts them all at once.</summary>
    public TimeSpan StartupSpread { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a stop waits for running jobs, after cancelling their crawls, before the process ends anyway (<c>shutdownTimeout</c>). Default 30 seconds.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Jobs run at once: crawls, probes and dispatch together (<c>maxConcurrentJobs</c>). Default 4; per-host limits of the crawler still apply.</summary>
    public int MaxConcurrentJobs { get; init; } = 4;

    /// <summary>
    /// This node's name in a cluster (<c>instanceId</c>, only with <c>store.postgres</c>). Default: host name and process id,
    /// unique per running process. Quartz records it with each job it fires, and the log shows it.
    /// </summary>
    public string? InstanceId { get; init; }

    /// <summary>
    /// How often a clustered node checks in with the others (<c>clusterCheckinInterval</c>). Default 15 seconds; a node that
    /// has not checked in for this long (plus Quartz's 7.5 s grace) is taken for dead and its running jobs are recovered by
    /// the others. Only with <c>store.postgres</c>.
    /// </summary>
    public TimeSpan ClusterCheckinInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The problems of these values, in Chinese, each with its key (empty when valid).</summary>
    public IReadOnlyList<(string Key, string Message)> Validate()
    {
        var errors = new List<(string, string)>();
        if (ProbeInterval < TimeSpan.FromMinutes(1))
        {
            errors.Add(("probeInterval", "应不短于 1 分钟"));
        }

        if (ProbeInterval > TimeSpan.FromHours(24))
        {
            errors.Add(("probeInterval", "应不长于 24 小时"));
        }

        if (DispatchInterval < TimeSpan.FromSeconds(1))
        {
            errors.Add(("dispatchInterval", "应不短于 1 秒"));
        }

        if (StartupSpread < TimeSpan.Zero || StartupSpread > TimeSpan.FromHours(24))
        {
            errors.Add(("startupSpread", "应在 0 到 24 小时之间"));
        }

        if (ShutdownTimeout <= TimeSpan.Zero || ShutdownTimeout > TimeSpan.FromMinutes(30))
        {
            errors.Add(("shutdownTimeout", "应为正的时长，且不超过 30 分钟"));
        }

        if (ClusterCheckinInterval < TimeSpan.FromSeconds(1) || ClusterCheckinInterval > TimeSpan.FromMinutes(10))
        {
            errors.Add(("clusterCheckinInterval", "应在 1 秒到 10 分钟之间"));
        }

        return errors;
    }
}

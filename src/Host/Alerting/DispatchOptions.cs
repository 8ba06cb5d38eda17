namespace Monitor.Host.Alerting;

/// <summary>How the outbox is worked off (<c>alerting:</c> in deployment.yaml).</summary>
internal sealed record DispatchOptions
{
    /// <summary>How long a claimed message stays reserved for one attempt; after it, another run retries it. Default 5 minutes.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Delay before the first retry; doubles with every further failure. Default 1 minute.</summary>
    public TimeSpan RetryBase { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Upper bound of the retry delay. Default 1 hour.</summary>
    public TimeSpan RetryCap { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Attempts before a message that keeps failing is given up as failed. Default 12 (about half a day at the cap).</summary>
    public int MaxAttempts { get; init; } = 12;

    /// <summary>
    /// The delay before attempt <paramref name="failedAttempts"/> + 1: base × 2^(n−1), capped, with "equal jitter"
    /// (half fixed, half random) so that messages failing together do not retry in lock-step. <paramref name="random"/> in [0, 1).
    /// </summary>
    public TimeSpan RetryDelay(int failedAttempts, double random)
    {
        var exponent = Math.Clamp(failedAttempts - 1, 0, 30);
        var ticks = Math.Min((double)RetryCap.Ticks, RetryBase.Ticks * Math.Pow(2, exponent));
        return TimeSpan.FromTicks((long)(ticks / 2 + ticks / 2 * random));
    }
}

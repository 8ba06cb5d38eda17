using System.Collections.Concurrent;
using System.Globalization;

namespace Monitor.Crawler.Fetching;

/// <summary>
/// Per-host circuit breaker. Closed: requests pass and failed fetches (timeout, network error, 5xx) are counted; any
/// other answer resets the count. After <see cref="CrawlerOptions.CircuitBreakerFailures"/> failures in a row the host's
/// circuit opens: requests to it are refused without touching the network for
/// <see cref="CrawlerOptions.CircuitBreakerCooldown"/>. Then it is half-open: exactly one trial request is let through
/// (others are still refused); its success closes the circuit, its failure opens it for another cool-down. Time comes
/// from <see cref="TimeProvider"/>, so the policy is tested with a fake clock.
/// </summary>
internal sealed class CircuitBreaker(CrawlerOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, HostState> _hosts = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Null when a request to <paramref name="url"/>'s host may go out; else the Chinese reason it may not.</summary>
    public string? Refusal(Uri url)
    {
        var state = _hosts.GetOrAdd(url.Authority, _ => new HostState());
        lock (state)
        {
            if (state.OpenUntil is not { } until)
                return null;
            var now = time.GetUtcNow();
            if (now >= until && !state.TrialInFlight)
            {
                state.TrialInFlight = true;
                return null;
            }
            var local = until.ToOffset(TimeSpan.FromHours(8));
            return $"主机{url.Authority}连续失败，已暂停访问至 {local.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}";
        }
    }

    /// <summary>Records how a request to <paramref name="url"/>'s host ended.</summary>
    public void Record(Uri url, bool failed)
    {
        var state = _hosts.GetOrAdd(url.Authority, _ => new HostState());
        lock (state)
        {
            state.TrialInFlight = false;
            if (!failed)
            {
                state.Failures = 0;
                state.OpenUntil = null;
                return;
            }
            state.Failures++;
            // A failed trial (half-open) re-opens at once; a closed circuit opens at the threshold.
            if (state.OpenUntil is not null || state.Failures >= options.CircuitBreakerFailures)
                state.OpenUntil = time.GetUtcNow() + options.CircuitBreakerCooldown;
        }
    }

    /// <summary>A request that never completed (cancelled by the caller) frees the trial slot without a verdict.</summary>
    public void Abandon(Uri url)
    {
        if (_hosts.TryGetValue(url.Authority, out var state))
        {
            lock (state)
                state.TrialInFlight = false;
        }
    }

    /// <summary>True when a fetch that ended like this counts against its host.</summary>
    public static bool IsHostFailure(FetchResult fetch) =>
        fetch.Outcome is FetchOutcome.Timeout or FetchOutcome.NetworkError
        || (fetch.Outcome == FetchOutcome.HttpError && fetch.Status >= 500);

    private sealed class HostState
    {
        public int Failures { get; set; }
        public DateTimeOffset? OpenUntil { get; set; }
        public bool TrialInFlight { get; set; }
    }
}

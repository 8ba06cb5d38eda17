using System.Collections.Concurrent;

namespace Monitor.Crawler.Fetching;

/// <summary>
/// Per-host politeness: at most <see cref="CrawlerOptions.PerHostConcurrency"/> requests in flight to one host, and
/// request starts to one host at least <see cref="CrawlerOptions.PerHostMinDelay"/> apart. Slots are reserved under
/// a lock so that concurrent callers queue up one delay after another instead of all waking at once.
/// </summary>
internal sealed class HostThrottle(CrawlerOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Gate> _gates = new(StringComparer.OrdinalIgnoreCase);

    public async Task<IDisposable> EnterAsync(Uri url, CancellationToken ct)
    {
        var gate = _gates.GetOrAdd(url.Authority, _ => new Gate(options.PerHostConcurrency));
        await gate.Slots.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var wait = gate.ReserveStart(time, options.PerHostMinDelay);
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, time, ct).ConfigureAwait(false);
            return new Lease(gate.Slots);
        }
        catch
        {
            gate.Slots.Release();
            throw;
        }
    }

    private sealed class Gate(int concurrency)
    {
        private readonly Lock _lock = new();
        private long? _lastStart;

        public SemaphoreSlim Slots { get; } = new(concurrency, concurrency);

        /// <summary>Books the next start time for this host and returns how long to wait for it.</summary>
        public TimeSpan ReserveStart(TimeProvider time, TimeSpan minDelay)
        {
            lock (_lock)
            {
                var now = time.GetTimestamp();
                if (_lastStart is not { } last || minDelay <= TimeSpan.Zero)
                {
                    _lastStart = now;
                    return TimeSpan.Zero;
                }
                var earliest = last + (long)(minDelay.TotalSeconds * time.TimestampFrequency);
                var start = Math.Max(now, earliest);
                _lastStart = start;
                return start > now ? time.GetElapsedTime(now, start) : TimeSpan.Zero;
            }
        }
    }

    private sealed class Lease(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                slots.Release();
        }
    }
}

using System.Collections.Concurrent;

namespace Monitor.SamplePortal;

/// <summary>
/// Counters of the requests a <see cref="SamplePortalServer"/> answered: total, by status, by method and by path
/// (without query). Thread-safe and cheap (one interlocked add and three dictionary updates per request), so
/// benchmarks at thousands of requests a second can keep it on. A request is counted when its response starts
/// (before the client can read it); one dropped without any response is counted when it ends, as
/// <see cref="RequestCounts.Dropped"/> with the status set at that moment (200 unless set).
/// </summary>
public sealed class RequestLog
{
    private readonly ConcurrentDictionary<int, long> _byStatus = new();
    private readonly ConcurrentDictionary<string, long> _byMethod = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _byPath = new(StringComparer.Ordinal);
    private long _total;
    private long _dropped;

    /// <summary>Requests counted since start or the last <see cref="Reset"/>.</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>Copies the counters (a consistent-enough view: counters racing the copy may be off by the in-flight requests).</summary>
    public RequestCounts Snapshot() => new(
        Interlocked.Read(ref _total),
        Interlocked.Read(ref _dropped),
        new Dictionary<int, long>(_byStatus),
        new Dictionary<string, long>(_byMethod, StringComparer.Ordinal),
        new Dictionary<string, long>(_byPath, StringComparer.Ordinal));

    /// <summary>Sets every counter back to zero.</summary>
    public void Reset()
    {
        _byStatus.Clear();
        _byMethod.Clear();
        _byPath.Clear();
        Interlocked.Exchange(ref _total, 0);
        Interlocked.Exchange(ref _dropped, 0);
    }

    internal void Record(string method, string path, int status, bool dropped)
    {
        Interlocked.Increment(ref _total);
        if (dropped)
        {
            Interlocked.Increment(ref _dropped);
        }

        _byStatus.AddOrUpdate(status, 1, static (_, n) => n + 1);
        _byMethod.AddOrUpdate(method, 1, static (_, n) => n + 1);
        _byPath.AddOrUpdate(path, 1, static (_, n) => n + 1);
    }
}

/// <summary>A copy of the <see cref="RequestLog"/> counters.</summary>
/// <param name="Total">Requests answered (or dropped).</param>
/// <param name="Dropped">Requests whose connection was closed before any response (client gave up, or a hanging fault).</param>
/// <param name="ByStatus">Requests by response status (200, 304, 404 …).</param>
/// <param name="ByMethod">Requests by method (GET, HEAD, POST …).</param>
/// <param name="ByPath">Requests by URL path (query left out).</param>
public sealed record RequestCounts(
    long Total,
    long Dropped,
    IReadOnlyDictionary<int, long> ByStatus,
    IReadOnlyDictionary<string, long> ByMethod,
    IReadOnlyDictionary<string, long> ByPath)
{
    /// <summary>Requests answered with <paramref name="status"/>.</summary>
    public long Status(int status) => ByStatus.GetValueOrDefault(status);

    /// <summary>Requests for <paramref name="path"/> (without query).</summary>
    public long Path(string path) => ByPath.GetValueOrDefault(path);
}

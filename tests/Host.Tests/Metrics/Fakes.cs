using Monitor.Host.Metrics;

namespace Monitor.Host.Tests.Metrics;

/// <summary>An in-memory "server": keeps points by series key + timestamp (overwrite, as InfluxDB does) and counts deliveries.</summary>
internal sealed class MemoryTransport : IMetricsTransport
{
    public bool Available { get; set; } = true;

    /// <summary>Point line without its field values → the full line; a re-sent point overwrites itself.</summary>
    public Dictionary<string, string> Stored { get; } = new(StringComparer.Ordinal);

    public List<IReadOnlyList<string>> Requests { get; } = [];

    public Func<IReadOnlyList<string>, WriteAttempt?>? Override { get; set; }

    public Task<WriteAttempt> WriteAsync(IReadOnlyList<string> lines, CancellationToken ct)
    {
        if (Override?.Invoke(lines) is { } forced)
        {
            return Task.FromResult(forced);
        }

        if (!Available)
        {
            return Task.FromResult(new WriteAttempt(WriteOutcome.Unavailable, "connection refused"));
        }

        Requests.Add(lines);
        foreach (var line in lines)
        {
            Stored[SeriesKey(line)] = line;
        }

        return Task.FromResult(WriteAttempt.Ok);
    }

    /// <summary>Measurement,tags + timestamp (fields left out), the identity InfluxDB overwrites on.</summary>
    public static string SeriesKey(string line)
    {
        var parts = line.Split(' ');
        return parts[0] + " " + parts[^1];
    }

    public void Dispose()
    {
    }
}

/// <summary>Passes writes to a real transport and counts the lines the server acknowledged.</summary>
internal sealed class CountingTransport(IMetricsTransport inner) : IMetricsTransport
{
    public List<string> Acknowledged { get; } = [];

    /// <summary>Throws after the server acknowledged the next write, as a process killed before the batch file is deleted.</summary>
    public bool CrashAfterNextWrite { get; set; }

    public async Task<WriteAttempt> WriteAsync(IReadOnlyList<string> lines, CancellationToken ct)
    {
        var attempt = await inner.WriteAsync(lines, ct);
        if (attempt.Outcome == WriteOutcome.Written)
        {
            Acknowledged.AddRange(lines);
            if (CrashAfterNextWrite)
            {
                CrashAfterNextWrite = false;
                throw new SimulatedCrashException();
            }
        }

        return attempt;
    }

    public void Dispose() => inner.Dispose();
}

internal sealed class SimulatedCrashException : Exception
{
    public SimulatedCrashException()
        : base("simulated crash between the server's acknowledgement and the delete of the batch file")
    {
    }
}

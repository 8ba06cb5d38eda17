using InfluxDB.Client.Writes;
using Serilog;

namespace Monitor.Host.Metrics;

/// <summary>What one write (or flush) did.</summary>
/// <param name="Accepted">Points handed to the writer in this call.</param>
/// <param name="Written">Points the server acknowledged in this call (earlier buffered ones included).</param>
/// <param name="Pending">Points still waiting on disk afterwards.</param>
/// <param name="Dropped">Points dropped in this call because the buffer's bound was hit.</param>
/// <param name="Rejected">Points the server refused for good (moved to <c>rejected/</c>).</param>
/// <param name="Error">Why writing stopped early (the server was unavailable), else null.</param>
internal sealed record MetricsWriteReport(int Accepted, long Written, long Pending, long Dropped, long Rejected, string? Error);

/// <summary>
/// Writes points to InfluxDB (or VictoriaMetrics) through a <see cref="PointBuffer"/>: points are first
/// put on disk, then the buffer is drained oldest batch first until it is empty or the server is
/// unavailable. On an outage nothing is lost (the points wait) and nothing is applied twice (a batch is
/// deleted only after it was acknowledged; a re-sent batch overwrites identical points).
/// One writer per state folder at a time: a lock file keeps a second process out.
/// </summary>
internal sealed class MetricsWriter : IDisposable
{
    /// <summary>How long a second process waits for the buffer lock before it leaves its points for the next flush.</summary>
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(30);

    private readonly MetricsOptions options;
    private readonly IMetricsTransport transport;
    private readonly ILogger log;
    private readonly string lockPath;

    public MetricsWriter(MetricsOptions options, IMetricsTransport transport, string bufferFolder, ILogger log)
    {
        this.options = options;
        this.transport = transport;
        this.log = log.ForContext<MetricsWriter>();
        Buffer = new PointBuffer(bufferFolder, options.BufferMaxBytes, options.BufferMaxBatches);
        lockPath = Path.Combine(bufferFolder, ".lock");
    }

    /// <summary>The writer for a deployment's options, buffering under <c>STATE/metrics-buffer</c>.</summary>
    public static MetricsWriter Create(MetricsOptions options, string stateDirectory, ILogger log)
    {
        IMetricsTransport transport = options.Mode == MetricsMode.V2 ? new InfluxV2Transport(options) : new InfluxV1Transport(options);
        return new MetricsWriter(options, transport, BufferFolder(stateDirectory), log);
    }

    public static string BufferFolder(string stateDirectory) => Path.Combine(stateDirectory, "metrics-buffer");

    public PointBuffer Buffer { get; }

    /// <summary>Buffers the points and drains the buffer.</summary>
    public Task<MetricsWriteReport> WriteAsync(IReadOnlyList<PointData> points, CancellationToken ct) =>
        WriteLinesAsync([.. points.Select(p => p.ToLineProtocol())], ct);

    /// <summary>
    /// Records alert deliveries (measurement <c>alert_deliveries</c>, docs/metrics.md). The alerting
    /// component calls this after each dispatch round.
    /// </summary>
    public Task<MetricsWriteReport> WriteAlertDeliveriesAsync(string siteId, IReadOnlyList<AlertDelivery> deliveries, CancellationToken ct) =>
        WriteAsync(MetricPoints.AlertDeliveries(siteId, deliveries), ct);

    /// <summary>Drains what earlier calls left in the buffer.</summary>
    public Task<MetricsWriteReport> FlushAsync(CancellationToken ct) => WriteLinesAsync([], ct);

    public async Task<MetricsWriteReport> WriteLinesAsync(IReadOnlyList<string> lines, CancellationToken ct)
    {
        using var held = await AcquireLockAsync(ct).ConfigureAwait(false);
        if (held is null)
        {
            log.Warning("Metrics buffer {Folder} is locked by another process; {Points} points not written now", Buffer.Folder, lines.Count);
            return new MetricsWriteReport(0, 0, Buffer.PendingPoints, 0, 0, "metrics buffer locked by another process");
        }

        var trim = Buffer.Enqueue(lines, options.BatchSize);
        if (trim.DroppedPoints > 0)
        {
            log.Warning(
                "Metrics buffer bound reached ({MaxBytes} bytes, {MaxBatches} batches): dropped the {DroppedBatches} oldest batches, {DroppedPoints} points ({DroppedTotal} dropped in all)",
                options.BufferMaxBytes, options.BufferMaxBatches, trim.DroppedBatches, trim.DroppedPoints, Buffer.DroppedTotal);
        }

        long written = 0, rejected = 0;
        string? error = null;
        foreach (var batch in Buffer.Pending())
        {
            var attempt = await transport.WriteAsync(PointBuffer.Read(batch), ct).ConfigureAwait(false);
            if (attempt.Outcome == WriteOutcome.Written)
            {
                PointBuffer.Complete(batch);
                written += batch.Points;
                continue;
            }

            if (attempt.Outcome == WriteOutcome.Rejected)
            {
                Buffer.Reject(batch);
                rejected += batch.Points;
                log.Error("Metrics server {Url} refused batch {Sequence} ({Points} points), moved to rejected/: {Error}", options.Url, batch.Sequence, batch.Points, attempt.Error);
                continue;
            }

            error = attempt.Error;
            break;
        }

        var pending = Buffer.PendingPoints;
        if (error is not null)
        {
            log.Warning("Metrics server {Url} unavailable, {Pending} points wait in {Folder}: {Error}", options.Url, pending, Buffer.Folder, error);
        }
        else if (written > 0)
        {
            log.Information("Wrote {Written} points to {Url} ({Mode})", written, options.Url, options.Mode);
        }

        return new MetricsWriteReport(lines.Count, written, pending, trim.DroppedPoints, rejected, error);
    }

    private async Task<FileStream?> AcquireLockAsync(CancellationToken ct)
    {
        var waited = TimeSpan.Zero;
        var step = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited < LockWait)
            {
                await Task.Delay(step, ct).ConfigureAwait(false);
                waited += step;
            }
            catch (IOException)
            {
                return null;
            }
        }
    }

    public void Dispose() => transport.Dispose();
}

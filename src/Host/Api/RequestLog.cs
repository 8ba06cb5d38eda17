using System.Text.RegularExpressions;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Monitor.Host.Api;

/// <summary>
/// One request to the API as the request log keeps it (table <c>api_requests</c>): who read what, when, and how it went.
/// It never holds the presented key: <paramref name="KeyId"/> and <paramref name="KeyName"/> are set only for a valid
/// key, and anything shaped like a key in the path or query is masked (<see cref="RequestLog.Redact"/>).
/// </summary>
/// <param name="At">When the request arrived (the host's <see cref="TimeProvider"/>).</param>
/// <param name="KeyId">The valid key's id; null when the request carried no key or an invalid one.</param>
/// <param name="Path">Path base and path, e.g. <c>/api/v1/scores</c>.</param>
/// <param name="Query">The query string with its <c>?</c>, or null when empty.</param>
/// <param name="Outcome">One of the words in <see cref="RequestOutcomes"/>.</param>
/// <param name="ElapsedMs">Milliseconds from arrival until the response was complete.</param>
/// <param name="Bytes">Response body bytes sent (0 for 304 and HEAD).</param>
/// <param name="Remote">The client's IP address as Kestrel saw it (a reverse proxy's address when behind one).</param>
internal sealed record ApiRequestEntry(
    DateTimeOffset At,
    string? KeyId,
    string? KeyName,
    string Method,
    string Path,
    string? Query,
    int Status,
    string Outcome,
    double ElapsedMs,
    long? Bytes,
    string? Remote);

/// <summary>The outcome words of the request log (stable: they are stored and filtered on).</summary>
internal static class RequestOutcomes
{
    public const string Ok = "ok";
    public const string NotModified = "not-modified";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string RateLimited = "rate-limited";
    public const string NotFound = "not-found";
    public const string BadRequest = "bad-request";
    public const string Error = "error";

    /// <summary>The word for a status code: 304, 401, 403, 404, 429 have their own; other 4xx are bad requests; 5xx errors.</summary>
    public static string Of(int status) => status switch
    {
        StatusCodes.Status304NotModified => NotModified,
        StatusCodes.Status401Unauthorized => Unauthorized,
        StatusCodes.Status403Forbidden => Forbidden,
        StatusCodes.Status404NotFound => NotFound,
        StatusCodes.Status429TooManyRequests => RateLimited,
        >= 400 and < 500 => BadRequest,
        >= 500 => Error,
        _ => Ok,
    };

    /// <summary>The Chinese label shown by <c>monitor keys log</c>.</summary>
    public static string Chinese(string outcome) => outcome switch
    {
        Ok => "成功",
        NotModified => "未变化",
        Unauthorized => "未认证",
        Forbidden => "无权限",
        RateLimited => "超出频率",
        NotFound => "未找到",
        BadRequest => "请求有误",
        Error => "服务出错",
        _ => outcome,
    };
}

/// <summary>
/// The request log's writer: requests are queued in memory and written to the store by a background loop in one
/// transaction per batch, every <see cref="ApiOptions.RequestLogFlush"/> or as soon as a whole batch
/// (<see cref="BatchSize"/>) is queued, and once more when the host stops (after
/// Kestrel has drained its requests, so nothing that was answered is left out).
/// <para>
/// The queue is bounded (<see cref="Capacity"/> entries). When it is full — the store is slower than the traffic — the
/// request waits up to <see cref="EnqueueWait"/> for room instead of dropping its entry; if there is still no room, or
/// the writer has stopped, the request writes its own entry to the store directly. An answered request is never
/// missing from the log; under overload the log slows requests down rather than losing what they read.
/// </para>
/// </summary>
internal sealed partial class RequestLog : IHostedService, IAsyncDisposable, IDisposable
{
    /// <summary>Entries the in-memory queue holds: 10,000.</summary>
    public const int Capacity = 10_000;

    /// <summary>Rows written per transaction at most: 2,000.</summary>
    public const int BatchSize = 2_000;

    /// <summary>How long a request waits for room in a full queue before writing its entry itself: 2 seconds.</summary>
    public static readonly TimeSpan EnqueueWait = TimeSpan.FromSeconds(2);

    /// <summary>How long a flush waits for another flush in progress: 30 seconds.</summary>
    private static readonly TimeSpan FlushWait = TimeSpan.FromSeconds(30);

    private readonly Channel<ApiRequestEntry> queue = Channel.CreateBounded<ApiRequestEntry>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = false, SingleWriter = false });

    private readonly SemaphoreSlim flushing = new(1, 1);
    // Signalled when a whole batch is queued, so the loop writes before the interval ends.
    private readonly SemaphoreSlim batchReady = new(0, 1);
    private readonly List<ApiRequestEntry> unwritten = [];
    private readonly StorePool pool;
    private readonly TimeSpan interval;
    private readonly TimeSpan retention;
    private DateTimeOffset? lastPrune;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private CancellationTokenSource? stopping;
    private Task? loop;
    private int disposed;

    public RequestLog(StorePool pool, ApiOptions options, TimeProvider time, ILogger<RequestLog>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.pool = pool ?? throw new ArgumentNullException(nameof(pool));
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        interval = options.RequestLogFlush;
        retention = options.RequestLogRetention;
        this.logger = logger ?? NullLogger<RequestLog>.Instance;
    }

    /// <summary>Entries waiting to be written (queued, plus a batch kept after a failed write).</summary>
    public int Pending
    {
        get
        {
            lock (unwritten)
            {
                return queue.Reader.Count + unwritten.Count;
            }
        }
    }

    /// <summary>Queues one entry (see the class remarks for a full queue).</summary>
    public async ValueTask RecordAsync(ApiRequestEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (queue.Writer.TryWrite(entry))
        {
            if (queue.Reader.Count >= BatchSize && batchReady.CurrentCount == 0)
            {
                try
                {
                    batchReady.Release();
                }
                catch (SemaphoreFullException)
                {
                    // Another request signalled the same batch first.
                }
            }

            return;
        }

        using (var wait = new CancellationTokenSource(EnqueueWait, time))
        {
            try
            {
                await queue.Writer.WriteAsync(entry, wait.Token).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (wait.IsCancellationRequested)
            {
                LogQueueFull(logger, Capacity, EnqueueWait.TotalSeconds);
            }
            catch (ChannelClosedException)
            {
                // The writer has stopped (a request finishing during shutdown): written below, directly.
            }
        }

        using var lease = pool.Rent();
        lease.Store.AppendApiRequests([entry]);
    }

    /// <summary>How often rows older than <see cref="ApiOptions.RequestLogRetention"/> are deleted: hourly (and at the first write).</summary>
    public static readonly TimeSpan PruneInterval = TimeSpan.FromHours(1);

    /// <summary>Deletes the rows past their retention when the last pruning is an hour old; returns how many were deleted.</summary>
    public int PruneIfDue()
    {
        var now = time.GetUtcNow();
        if (lastPrune is { } last && now - last < PruneInterval)
        {
            return 0;
        }

        lastPrune = now;
        using var lease = pool.Rent();
        var deleted = lease.Store.PruneApiRequests(now - retention);
        if (deleted > 0)
        {
            LogPruned(logger, deleted, retention.TotalDays);
        }

        return deleted;
    }

    /// <summary>Writes everything queued so far (the background loop calls this; tests and shutdown may too).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        if (!await flushing.WaitAsync(FlushWait, cancellationToken).ConfigureAwait(false))
        {
            throw new TimeoutException($"The request log could not flush within {FlushWait.TotalSeconds} s: another flush is still writing.");
        }

        try
        {
            while (true)
            {
                List<ApiRequestEntry> batch;
                lock (unwritten)
                {
                    while (unwritten.Count < BatchSize && queue.Reader.TryRead(out var entry))
                    {
                        unwritten.Add(entry);
                    }

                    if (unwritten.Count == 0)
                    {
                        return;
                    }

                    batch = [.. unwritten];
                }

                // A failed write leaves the batch in `unwritten` for the next flush and propagates to the caller.
                using (var lease = pool.Rent())
                {
                    lease.Store.AppendApiRequests(batch);
                }

                lock (unwritten)
                {
                    unwritten.RemoveRange(0, batch.Count);
                }
            }
        }
        finally
        {
            flushing.Release();
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        stopping = new CancellationTokenSource();
        loop = RunAsync(stopping.Token);
        return Task.CompletedTask;
    }

    /// <summary>Stops the loop and writes what is left (requests still answered after this write their entry themselves).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Writer.TryComplete();
        if (stopping is not null && loop is not null)
        {
            await stopping.CancelAsync().ConfigureAwait(false);
            await loop.ConfigureAwait(false);
        }

        await FlushAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// Ends the loop without writing (stopping the host writes; disposing alone does not). Safe to call more than once:
    /// the container disposes this instance under both of its registrations.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1 || stopping is null)
        {
            return;
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }

        stopping.Dispose();
    }

    /// <inheritdoc cref="DisposeAsync"/>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1 || stopping is null)
        {
            return;
        }

        // The loop ends at its next await; it does not write after cancellation.
        stopping.Cancel();
    }

    /// <summary>
    /// Masks anything shaped like a key (<c>mk_&lt;id&gt;_…</c>) in a path or query, keeping the id: a client that puts its
    /// key in the URL by mistake must not have its secret written into the log.
    /// </summary>
    public static string? Redact(string? text) =>
        string.IsNullOrEmpty(text) ? text : KeyShape().Replace(text, m => m.Groups["id"].Value + "_***");

    [GeneratedRegex("(?<id>mk_[0-9a-fA-F]{1,32})_[A-Za-z0-9_%-]+")]
    private static partial Regex KeyShape();

    private async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            // Wait for the interval, or less when a whole batch is queued: busy traffic is written as it comes instead of
            // filling the queue before the interval ends.
            using (var round = CancellationTokenSource.CreateLinkedTokenSource(stop))
            {
                var delay = Task.Delay(interval, time, round.Token);
                var ready = batchReady.WaitAsync(round.Token);
                await Task.WhenAny(delay, ready).ConfigureAwait(false);
                await round.CancelAsync().ConfigureAwait(false);
                foreach (var wait in new Task[] { delay, ready })
                {
                    try
                    {
                        await wait.ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        // The loser of the two waits (or both, when stopping).
                    }
                }
            }

            if (stop.IsCancellationRequested)
            {
                return;
            }

            try
            {
                // The insert of a batch is synchronous SQLite work of up to a few hundred milliseconds under load: it runs on a
                // thread of its own, never on a thread-pool thread the requests need (on a 2-core machine the pool starts
                // with two, and a blocked one stalls every request until the pool grows).
                await Task.Factory.StartNew(
                    () =>
                    {
                        FlushAsync(stop).GetAwaiter().GetResult();
                        PruneIfDue();
                    },
                    stop, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The loop's boundary: the batch stays queued and is tried again at the next interval.
                LogFlushFailed(logger, e, Pending);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing the API request log failed; {Pending} entries are kept and retried")]
    private static partial void LogFlushFailed(ILogger logger, Exception error, int pending);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Rows} API request-log rows older than {RetentionDays} days")]
    private static partial void LogPruned(ILogger logger, int rows, double retentionDays);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The API request log queue stayed full ({Capacity} entries) for {Seconds} s; the request writes its entry itself")]
    private static partial void LogQueueFull(ILogger logger, int capacity, double seconds);
}

/// <summary>
/// Counts the response body bytes of one request by standing in for its <see cref="IHttpResponseBodyFeature"/> (the way
/// ASP.NET Core's own response-compression middleware wraps it) and restores the original afterwards.
/// </summary>
internal sealed class ResponseByteCounter : Stream
{
    private readonly HttpContext context;
    private readonly IHttpResponseBodyFeature original;
    private readonly Stream inner;
    private StreamResponseBodyFeature? wrapper;
    private long bytes;

    private ResponseByteCounter(HttpContext context, IHttpResponseBodyFeature original)
    {
        this.context = context;
        this.original = original;
        inner = original.Stream;
    }

    /// <summary>Body bytes written so far.</summary>
    public long Bytes => Interlocked.Read(ref bytes);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public static ResponseByteCounter Attach(HttpContext context)
    {
        var original = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        var counter = new ResponseByteCounter(context, original);
        counter.wrapper = new StreamResponseBodyFeature(counter, original);
        context.Features.Set<IHttpResponseBodyFeature>(counter.wrapper);
        return counter;
    }

    /// <summary>
    /// Flushes what a handler wrote through <c>Response.BodyWriter</c> (the wrapper buffers it in a pipe) into the
    /// response. Only after the pipeline succeeded: it starts the response.
    /// </summary>
    public Task CompleteAsync() => wrapper?.CompleteAsync() ?? Task.CompletedTask;

    /// <summary>Puts the original body feature back.</summary>
    public void Detach() => context.Features.Set(original);

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count)
    {
        inner.Write(buffer, offset, count);
        Interlocked.Add(ref bytes, count);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        inner.Write(buffer);
        Interlocked.Add(ref bytes, buffer.Length);
    }

    public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        await inner.WriteAsync(buffer.AsMemory(offset, count), cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref bytes, count);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref bytes, buffer.Length);
    }
}

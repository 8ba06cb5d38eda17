using System.Globalization;
using Monitor.Host.Metrics;
using Monitor.Host.Tests.Support;
using Serilog;

namespace Monitor.Host.Tests.Metrics;

/// <summary>
/// Guards the writer's promise on an outage: points wait on disk, are written when the server is back,
/// none lost and none applied twice; the buffer's bound drops the oldest and counts them.
/// </summary>
public sealed class MetricsWriterTests : IDisposable
{
    private readonly TempFolder folder = new();

    private static MetricsOptions Options(int batchSize = 3, long maxBytes = 1 << 20, int maxBatches = 1000) => new()
    {
        Mode = MetricsMode.V1,
        Url = new Uri("http://127.0.0.1:1/"),
        BatchSize = batchSize,
        BufferMaxBytes = maxBytes,
        BufferMaxBatches = maxBatches,
    };

    private static List<string> Lines(int from, int count) =>
        [.. Enumerable.Range(from, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"score,site=s,key=k{i} score={i} {1_790_000_000 + i}"))];

    private MetricsWriter Writer(IMetricsTransport transport, MetricsOptions? options = null) =>
        new(options ?? Options(), transport, Path.Combine(folder.Path, "buffer"), new LoggerConfiguration().CreateLogger());

    [Fact]
    public async Task Points_written_during_an_outage_wait_on_disk_and_arrive_once_in_order_when_the_server_is_back()
    {
        var server = new MemoryTransport();
        using var writer = Writer(server);
        var first = await writer.WriteLinesAsync(Lines(0, 4), CancellationToken.None);
        Assert.Equal(4, first.Written);

        server.Available = false;
        var during1 = await writer.WriteLinesAsync(Lines(4, 5), CancellationToken.None);
        var during2 = await writer.WriteLinesAsync(Lines(9, 2), CancellationToken.None);
        Assert.Equal(0, during2.Written);
        Assert.Equal(7, during2.Pending);
        Assert.NotNull(during1.Error);

        server.Available = true;
        var after = await writer.WriteLinesAsync(Lines(11, 1), CancellationToken.None);
        Assert.Null(after.Error);
        Assert.Equal(8, after.Written);
        Assert.Equal(0, after.Pending);

        var delivered = server.Requests.SelectMany(r => r).ToList();
        Assert.Equal(Lines(0, 12), delivered);
        Assert.Equal(12, server.Stored.Count);
    }

    [Fact]
    public async Task A_crash_after_the_server_acknowledged_a_batch_resends_it_and_the_server_keeps_one_copy_of_each_point()
    {
        var server = new MemoryTransport();
        var counting = new CountingTransport(server) { CrashAfterNextWrite = true };
        using (var crashing = Writer(counting))
        {
            await Assert.ThrowsAsync<SimulatedCrashException>(() => crashing.WriteLinesAsync(Lines(0, 6), CancellationToken.None));
        }

        using var restarted = Writer(new CountingTransport(server));
        var report = await restarted.FlushAsync(CancellationToken.None);

        Assert.Equal(6, report.Written);
        Assert.Equal(0, report.Pending);
        Assert.Equal(6, server.Stored.Count);
        Assert.Equal(Lines(0, 6).Order(StringComparer.Ordinal), server.Stored.Values.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task When_the_bound_is_hit_the_oldest_batches_are_dropped_and_counted()
    {
        var server = new MemoryTransport { Available = false };
        using var writer = Writer(server, Options(batchSize: 2, maxBatches: 3));
        await writer.WriteLinesAsync(Lines(0, 4), CancellationToken.None);
        var report = await writer.WriteLinesAsync(Lines(4, 4), CancellationToken.None);

        Assert.Equal(2, report.Dropped);
        Assert.Equal(6, report.Pending);
        Assert.Equal(2, writer.Buffer.DroppedTotal);

        server.Available = true;
        await writer.FlushAsync(CancellationToken.None);
        Assert.Equal(Lines(2, 6), server.Requests.SelectMany(r => r).ToList());
    }

    [Fact]
    public async Task The_byte_bound_also_drops_the_oldest()
    {
        var server = new MemoryTransport { Available = false };
        var lineBytes = Lines(0, 1)[0].Length + 1;
        using var writer = Writer(server, Options(batchSize: 1, maxBytes: lineBytes * 3));
        var report = await writer.WriteLinesAsync(Lines(0, 5), CancellationToken.None);

        Assert.Equal(2, report.Dropped);
        Assert.Equal(3, writer.Buffer.Pending().Count);
        Assert.Equal(3, writer.Buffer.Pending()[0].Sequence);
    }

    [Fact]
    public async Task A_batch_the_server_refuses_is_moved_aside_and_does_not_block_the_rest()
    {
        var server = new MemoryTransport();
        server.Override = lines => lines.Any(l => l.Contains("key=k1 ", StringComparison.Ordinal))
            ? new WriteAttempt(WriteOutcome.Rejected, "HTTP 400: field type conflict")
            : null;
        using var writer = Writer(server, Options(batchSize: 1));
        var report = await writer.WriteLinesAsync(Lines(0, 3), CancellationToken.None);

        Assert.Equal(2, report.Written);
        Assert.Equal(1, report.Rejected);
        Assert.Single(Directory.GetFiles(Path.Combine(folder.Path, "buffer", "rejected")));
    }

    [Fact]
    public void A_half_written_batch_left_by_a_crash_is_removed_on_open_and_never_sent()
    {
        var batches = Path.Combine(folder.Path, "buffer", "batches");
        Directory.CreateDirectory(batches);
        File.WriteAllText(Path.Combine(batches, "00000000000000000001-3.lp.tmp"), "score,site=s key=1 1\nscore,");

        var buffer = new PointBuffer(Path.Combine(folder.Path, "buffer"), 1 << 20, 10);

        Assert.Empty(buffer.Pending());
        Assert.Empty(Directory.GetFiles(batches));
    }

    public void Dispose() => folder.Dispose();
}

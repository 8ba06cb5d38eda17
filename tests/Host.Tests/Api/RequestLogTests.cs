using Microsoft.Extensions.Time.Testing;
using Monitor.Host.Api;
using Monitor.Host.Store;
using Monitor.Host.Tests.Support;

namespace Monitor.Host.Tests.Api;

/// <summary>The request log: outcome words, masking, the store's rows and queries, and the batching background writer (issue 7).</summary>
public sealed class RequestLogTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);

    private readonly TempFolder _folder = new();
    private readonly StorePool _pool;

    public RequestLogTests()
    {
        _pool = new StorePool(Path.Combine(_folder.Path, "monitor.db"));
    }

    public void Dispose()
    {
        _pool.Dispose();
        _folder.Dispose();
    }

    [Theory]
    [InlineData(200, "ok")]
    [InlineData(206, "ok")]
    [InlineData(304, "not-modified")]
    [InlineData(400, "bad-request")]
    [InlineData(401, "unauthorized")]
    [InlineData(403, "forbidden")]
    [InlineData(404, "not-found")]
    [InlineData(405, "bad-request")]
    [InlineData(412, "bad-request")]
    [InlineData(429, "rate-limited")]
    [InlineData(500, "error")]
    [InlineData(503, "error")]
    public void Each_status_maps_to_its_outcome_word(int status, string outcome) => Assert.Equal(outcome, RequestOutcomes.Of(status));

    [Fact]
    public void A_key_in_a_path_or_query_is_masked_but_its_id_kept()
    {
        var key = ApiKeys.Create("k", [ApiScope.Scores], Start, null, null).Token;
        ApiKeys.TryParse(key, out var id, out var secret);

        var query = RequestLog.Redact("?api_key=" + key + "&page=2")!;
        var path = RequestLog.Redact("/api/v1/x/" + key)!;

        Assert.DoesNotContain(secret, query, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, path, StringComparison.Ordinal);
        Assert.Equal("?api_key=mk_" + id + "_***&page=2", query);
        Assert.Equal("/api/v1/scores?period=2026-11", RequestLog.Redact("/api/v1/scores?period=2026-11"));
    }

    [Fact]
    public void The_store_returns_requests_newest_first_filtered_by_key_and_time_up_to_the_limit()
    {
        using (var lease = _pool.Rent())
        {
            lease.Store.AppendApiRequests([
                Entry(Start, "aaaaaaaaaaaa", "/api/v1/scores", 200),
                Entry(Start.AddMinutes(1), null, "/api/v1/scores", 401),
                Entry(Start.AddMinutes(2), "bbbbbbbbbbbb", "/api/v1/findings", 403),
                Entry(Start.AddMinutes(3), "aaaaaaaaaaaa", "/api/v1/evidence/ab", 404),
            ]);
        }

        using var store = MonitorStore.Open(_pool.StorePath);
        Assert.Equal(["/api/v1/evidence/ab", "/api/v1/findings", "/api/v1/scores", "/api/v1/scores"], store.ApiRequests().Select(r => r.Request.Path));
        Assert.Equal([404, 200], store.ApiRequests(keyId: "aaaaaaaaaaaa").Select(r => r.Request.Status));
        Assert.Equal([404, 403], store.ApiRequests(since: Start.AddMinutes(2)).Select(r => r.Request.Status));
        Assert.Equal([404], store.ApiRequests(limit: 1).Select(r => r.Request.Status));

        var row = store.ApiRequests(keyId: "bbbbbbbbbbbb").Single().Request;
        Assert.Equal(Entry(Start.AddMinutes(2), "bbbbbbbbbbbb", "/api/v1/findings", 403), row);
    }

    [Fact]
    public void Rows_past_their_retention_are_deleted_at_most_once_an_hour()
    {
        var time = new FakeTimeProvider(Start);
        using (var lease = _pool.Rent())
        {
            lease.Store.AppendApiRequests(
            [
                Entry(Start - TimeSpan.FromDays(200), "aaaaaaaaaaaa", "/api/v1/old", 200),
                Entry(Start - TimeSpan.FromDays(179), "aaaaaaaaaaaa", "/api/v1/kept", 200),
            ]);
        }

        var log = new RequestLog(_pool, new ApiOptions(), time);

        Assert.Equal(1, log.PruneIfDue());
        Assert.Equal(["/api/v1/kept"], Rows().Select(r => r.Request.Path));
        // A row already past its retention is not deleted until an hour after the last pruning.
        using (var lease = _pool.Rent())
        {
            lease.Store.AppendApiRequests([Entry(Start - TimeSpan.FromDays(190), null, "/api/v1/late-arrival", 401)]);
        }

        time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(0, log.PruneIfDue());
        time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(1, log.PruneIfDue());
        Assert.Equal(["/api/v1/kept"], Rows().Select(r => r.Request.Path));
    }

    [Fact]
    public async Task A_whole_batch_is_written_without_waiting_for_the_interval()
    {
        // The clock never moves: only a full batch can make the writer write.
        var time = new FakeTimeProvider(Start);
        var log = new RequestLog(_pool, new ApiOptions { RequestLogFlush = TimeSpan.FromMinutes(1) }, time);
        await log.StartAsync(CancellationToken.None);
        try
        {
            for (var i = 0; i < RequestLog.BatchSize; i++)
            {
                await log.RecordAsync(Entry(Start, "aaaaaaaaaaaa", "/api/v1/scores", 200));
            }

            await WaitUntil(() => log.Pending == 0);
            using var lease = _pool.Rent();
            Assert.Equal(RequestLog.BatchSize, lease.Store.ApiRequests(limit: RequestLog.BatchSize + 10).Count);
        }
        finally
        {
            await log.StopAsync(CancellationToken.None);
            await log.DisposeAsync();
        }
    }

    [Fact]
    public async Task Nothing_is_written_before_the_flush_interval_and_everything_after_it()
    {
        var time = new FakeTimeProvider(Start);
        var log = new RequestLog(_pool, new ApiOptions { RequestLogFlush = TimeSpan.FromSeconds(1) }, time);
        await log.StartAsync(CancellationToken.None);
        try
        {
            for (var i = 0; i < 5; i++)
            {
                await log.RecordAsync(Entry(Start.AddSeconds(i), "aaaaaaaaaaaa", "/api/v1/scores", 200));
            }

            Assert.Empty(Rows());
            Assert.Equal(5, log.Pending);

            time.Advance(TimeSpan.FromSeconds(1));
            await WaitUntil(() => Rows().Count == 5);
            Assert.Equal(0, log.Pending);
        }
        finally
        {
            await log.StopAsync(CancellationToken.None);
            await log.DisposeAsync();
        }
    }

    [Fact]
    public async Task Stopping_writes_what_is_still_queued()
    {
        var time = new FakeTimeProvider(Start);
        var log = new RequestLog(_pool, new ApiOptions { RequestLogFlush = TimeSpan.FromMinutes(1) }, time);
        await log.StartAsync(CancellationToken.None);
        await log.RecordAsync(Entry(Start, null, "/api/v1/scores", 401));
        await log.RecordAsync(Entry(Start, "aaaaaaaaaaaa", "/api/v1/scores", 200));

        await log.StopAsync(CancellationToken.None);

        Assert.Equal([200, 401], Rows().Select(r => r.Request.Status).Order());
        await log.RecordAsync(Entry(Start.AddMinutes(5), "aaaaaaaaaaaa", "/api/v1/late", 200));
        Assert.Equal("/api/v1/late", Rows()[0].Request.Path);
        await log.DisposeAsync();
    }

    [Fact]
    public async Task A_full_queue_makes_the_request_wait_and_then_write_its_own_entry_instead_of_losing_it()
    {
        var time = new FakeTimeProvider(Start);
        var log = new RequestLog(_pool, new ApiOptions(), time);
        for (var i = 0; i < RequestLog.Capacity; i++)
        {
            await log.RecordAsync(Entry(Start, "aaaaaaaaaaaa", "/api/v1/scores", 200));
        }

        var overflow = log.RecordAsync(Entry(Start, "bbbbbbbbbbbb", "/api/v1/overflow", 200)).AsTask();
        Assert.False(overflow.IsCompleted);

        time.Advance(RequestLog.EnqueueWait);
        await overflow.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("/api/v1/overflow", Assert.Single(Rows()).Request.Path);

        await log.FlushAsync();
        using var store = MonitorStore.Open(_pool.StorePath);
        Assert.Equal(RequestLog.Capacity + 1, store.ApiRequests(limit: RequestLog.Capacity * 2).Count);
        await log.DisposeAsync();
    }

    private List<MonitorStore.LoggedApiRequest> Rows()
    {
        using var lease = _pool.Rent();
        return [.. lease.Store.ApiRequests(limit: 1000)];
    }

    private static ApiRequestEntry Entry(DateTimeOffset at, string? keyId, string path, int status) =>
        new(at, keyId, keyId is null ? null : "名称" + keyId[0], "GET", path, "?page=1", status, RequestOutcomes.Of(status), 1.5, 10, "127.0.0.1");

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
        }
    }
}

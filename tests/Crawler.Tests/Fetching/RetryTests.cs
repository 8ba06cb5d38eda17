using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Monitor.Crawler.Evidence;
using Monitor.Crawler.Fetching;

namespace Monitor.Crawler.Tests.Fetching;

/// <summary>
/// Retries over real HTTP with a fake clock: Retry-After is waited for (through the clock) unless it is too long,
/// transient failures are retried up to the limit, the request timeout applies per attempt, and a 404 is never retried.
/// </summary>
public sealed class RetryTests : IAsyncLifetime
{
    private static readonly byte[] Page = Encoding.UTF8.GetBytes("<html><body>正文</body></html>");
    private readonly ConcurrentDictionary<string, int> _hits = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.FromHours(8)));
    private ScriptedServer _server = null!;
    private HttpClient _http = null!;

    private CrawlerOptions Options { get; } = new()
    {
        PerHostMinDelay = TimeSpan.Zero,
        RequestTimeout = TimeSpan.FromSeconds(5),
        RetryBaseDelay = TimeSpan.Zero,
        CircuitBreakerFailures = 100,
    };

    public async Task InitializeAsync()
    {
        _server = await ScriptedServer.StartAsync(async context =>
        {
            var path = context.Request.Path.Value!;
            var hit = _hits.AddOrUpdate(path, 1, (_, n) => n + 1);
            var response = context.Response;
            switch (path)
            {
                case "/busy-once.html" when hit == 1:
                    response.StatusCode = 503;
                    response.Headers.RetryAfter = "1";
                    return;
                case "/busy-long.html":
                    response.StatusCode = 503;
                    response.Headers.RetryAfter = "3600";
                    return;
                case "/too-many.html" when hit == 1:
                    response.StatusCode = 429;
                    response.Headers.RetryAfter = _time.GetUtcNow().AddSeconds(2).ToString("R");
                    return;
                case "/error.html":
                    response.StatusCode = 500;
                    return;
                case "/bad-gateway.html":
                    response.StatusCode = 502;
                    return;
                case "/missing.html":
                    response.StatusCode = 404;
                    return;
                case "/hang.html":
                    try
                    {
                        await Task.Delay(Timeout.Infinite, context.RequestAborted);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                    return;
            }
            response.ContentType = "text/html; charset=utf-8";
            await response.Body.WriteAsync(Page);
        });
        _http = new HttpClient(PageFetcher.CreateHandler()) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private PageFetcher Fetcher(CrawlerOptions? options = null) =>
        new(_http, options ?? Options, new HostAllowList(["127.0.0.1"]), new InMemoryEvidenceStore(), _time, random: new Random(7));

    private Uri At(string path) => new(_server.Root, path);

    [Fact]
    public async Task Retry_after_is_waited_for_on_the_clock_then_the_retry_succeeds()
    {
        var pending = Fetcher().GetAsync(At("/busy-once.html"), CancellationToken.None);

        await WaitUntilAsync(() => _server.Count("/busy-once.html") == 1);
        var advanced = await AdvanceUntilAsync(() => _server.Count("/busy-once.html") == 2, TimeSpan.FromMilliseconds(100));
        var result = await pending.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(FetchOutcome.Succeeded, result.Outcome);
        Assert.Equal(2, result.Attempts);
        Assert.Equal(Page, result.Body);
        Assert.True(advanced >= TimeSpan.FromSeconds(1), $"retried after only {advanced}");
    }

    [Fact]
    public async Task Retry_after_as_an_http_date_is_honoured()
    {
        var pending = Fetcher().GetAsync(At("/too-many.html"), CancellationToken.None);

        await WaitUntilAsync(() => _server.Count("/too-many.html") == 1);
        var advanced = await AdvanceUntilAsync(() => _server.Count("/too-many.html") == 2, TimeSpan.FromMilliseconds(250));
        var result = await pending.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(FetchOutcome.Succeeded, result.Outcome);
        Assert.Equal(2, result.Attempts);
        // The date has one-second precision: at least one second of the two is certain.
        Assert.True(advanced >= TimeSpan.FromSeconds(1), $"retried after only {advanced}");
    }

    [Fact]
    public async Task Retry_after_beyond_the_limit_is_not_waited_for_and_the_fetch_fails_saying_why()
    {
        var result = await Fetcher().GetAsync(At("/busy-long.html"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(FetchOutcome.HttpError, result.Outcome);
        Assert.Equal(503, result.Status);
        Assert.Equal(1, result.Attempts);
        Assert.Equal(1, _server.Count("/busy-long.html"));
        Assert.Equal("HTTP 503，服务器要求3600秒后重试（Retry-After），超过等待上限60秒，未重试", result.Error);
    }

    [Fact]
    public async Task Network_errors_are_retried_up_to_the_limit()
    {
        // Port 1 (tcpmux) is not served on a test machine: every attempt is refused.
        var result = await Fetcher().GetAsync(new Uri("http://127.0.0.1:1/"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(FetchOutcome.NetworkError, result.Outcome);
        Assert.Equal(Options.MaxRetries + 1, result.Attempts);
    }

    [Fact]
    public async Task Each_attempt_gets_its_own_timeout_and_timeouts_are_retried()
    {
        var pending = Fetcher().GetAsync(At("/hang.html"), CancellationToken.None);

        for (var attempt = 1; attempt <= Options.MaxRetries + 1; attempt++)
        {
            var n = attempt;
            await WaitUntilAsync(() => _server.Count("/hang.html") == n);
            Assert.False(pending.IsCompleted);
            _time.Advance(Options.RequestTimeout);
        }
        var result = await pending.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(FetchOutcome.Timeout, result.Outcome);
        Assert.Equal(3, result.Attempts);
        Assert.Equal(3, _server.Count("/hang.html"));
        Assert.Equal("请求超时（5秒）", result.Error);
    }

    [Fact]
    public async Task Gateway_errors_are_retried_up_to_the_limit()
    {
        var result = await Fetcher().GetAsync(At("/bad-gateway.html"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(3, result.Attempts);
        Assert.Equal(3, _server.Count("/bad-gateway.html"));
    }

    [Fact]
    public async Task A_500_is_retried_once()
    {
        var result = await Fetcher().GetAsync(At("/error.html"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(FetchOutcome.HttpError, result.Outcome);
        Assert.Equal(2, result.Attempts);
        Assert.Equal(2, _server.Count("/error.html"));
    }

    [Fact]
    public async Task A_404_is_never_retried()
    {
        var result = await Fetcher().GetAsync(At("/missing.html"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(404, result.Status);
        Assert.Equal(1, result.Attempts);
        Assert.Equal(1, _server.Count("/missing.html"));
    }

    [Fact]
    public async Task No_retries_when_the_limit_is_zero()
    {
        var result = await Fetcher(Options with { MaxRetries = 0 }).GetAsync(At("/bad-gateway.html"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, result.Attempts);
        Assert.Equal(1, _server.Count("/bad-gateway.html"));
    }

    [Fact]
    public async Task Back_off_waits_on_the_clock_within_the_full_jitter_range()
    {
        var options = Options with { RetryBaseDelay = TimeSpan.FromSeconds(10), MaxRetries = 1 };
        var pending = Fetcher(options).GetAsync(At("/bad-gateway.html"), CancellationToken.None);

        await WaitUntilAsync(() => _server.Count("/bad-gateway.html") == 1);
        // Give the fetcher time to start its back-off; without the clock moving, no retry may happen.
        await Task.Delay(200);
        Assert.Equal(1, _server.Count("/bad-gateway.html"));
        await AdvanceUntilAsync(() => _server.Count("/bad-gateway.html") == 2, TimeSpan.FromSeconds(1));
        var result = await pending.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, result.Attempts);
    }

    private async Task<TimeSpan> AdvanceUntilAsync(Func<bool> condition, TimeSpan step)
    {
        var advanced = TimeSpan.Zero;
        // Bounded so a broken fetcher fails the test instead of hanging it.
        for (var i = 0; i < 600 && !condition(); i++)
        {
            _time.Advance(step);
            advanced += step;
            await Task.Delay(20);
        }
        Assert.True(condition(), "the retry never came");
        return advanced;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 1000 && !condition(); i++)
            await Task.Delay(10);
        Assert.True(condition(), "the request never reached the server");
    }
}

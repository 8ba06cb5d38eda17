using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Monitor.Crawler.Evidence;
using Monitor.Crawler.Fetching;

namespace Monitor.Crawler.Tests.Fetching;

/// <summary>
/// The per-host circuit breaker: opens after the configured failures in a row, then fails fast without a request,
/// lets one trial through after the cool-down, re-opens when it fails and closes when it succeeds.
/// </summary>
public sealed class CircuitBreakerTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.FromHours(8)));
    private readonly CrawlerOptions _options = new()
    {
        PerHostMinDelay = TimeSpan.Zero,
        MaxRetries = 0,
        CircuitBreakerFailures = 3,
        CircuitBreakerCooldown = TimeSpan.FromMinutes(2),
    };

    private volatile bool _healthy;
    private ScriptedServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await ScriptedServer.StartAsync(async context =>
        {
            if (!_healthy || context.Request.Path == "/always-down.html")
            {
                context.Response.StatusCode = 503;
                return;
            }
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("<html>ok</html>"));
        });
        _http = new HttpClient(PageFetcher.CreateHandler()) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private Uri At(string path) => new(_server.Root, path);

    [Fact]
    public async Task Opens_after_the_failures_in_a_row_fails_fast_then_half_opens_after_the_cool_down()
    {
        var fetcher = new PageFetcher(_http, _options, new HostAllowList(["127.0.0.1"]), new InMemoryEvidenceStore(), _time);
        for (var i = 0; i < 3; i++)
            Assert.Equal(503, (await fetcher.GetAsync(At($"/p{i}.html"), CancellationToken.None)).Status);

        var refused = await fetcher.GetAsync(At("/p3.html"), CancellationToken.None);

        Assert.Equal(FetchOutcome.CircuitOpen, refused.Outcome);
        Assert.Equal(3, _server.Requests.Count);
        Assert.Equal("主机" + _server.Root.Authority + "连续失败，已暂停访问至 08:02:00", refused.Error);

        // After the cool-down one trial goes out; it fails, so the circuit opens again at once.
        _time.Advance(_options.CircuitBreakerCooldown);
        Assert.Equal(503, (await fetcher.GetAsync(At("/p4.html"), CancellationToken.None)).Status);
        Assert.Equal(FetchOutcome.CircuitOpen, (await fetcher.GetAsync(At("/p5.html"), CancellationToken.None)).Outcome);
        Assert.Equal(4, _server.Requests.Count);

        // The host recovers: the next trial succeeds and closes the circuit.
        _healthy = true;
        _time.Advance(_options.CircuitBreakerCooldown);
        Assert.Equal(FetchOutcome.Succeeded, (await fetcher.GetAsync(At("/p6.html"), CancellationToken.None)).Outcome);
        Assert.Equal(FetchOutcome.Succeeded, (await fetcher.GetAsync(At("/p7.html"), CancellationToken.None)).Outcome);
        Assert.Equal(6, _server.Requests.Count);
    }

    [Fact]
    public async Task A_success_in_between_resets_the_count()
    {
        _healthy = true;
        var fetcher = new PageFetcher(_http, _options, new HostAllowList(["127.0.0.1"]), new InMemoryEvidenceStore(), _time);
        string[] paths = ["/always-down.html", "/always-down.html", "/ok.html", "/always-down.html", "/always-down.html", "/ok.html"];

        var outcomes = new List<FetchOutcome>();
        foreach (var path in paths)
            outcomes.Add((await fetcher.GetAsync(At(path), CancellationToken.None)).Outcome);

        Assert.DoesNotContain(FetchOutcome.CircuitOpen, outcomes);
        Assert.Equal(paths.Length, _server.Requests.Count);
    }

    [Fact]
    public void Only_one_trial_is_let_through_while_half_open()
    {
        var breaker = new CircuitBreaker(_options, _time);
        var url = new Uri("http://portal.test/a.html");
        for (var i = 0; i < 3; i++)
        {
            Assert.Null(breaker.Refusal(url));
            breaker.Record(url, failed: true);
        }
        Assert.NotNull(breaker.Refusal(url));
        Assert.Null(breaker.Refusal(new Uri("http://other.test/")));

        _time.Advance(_options.CircuitBreakerCooldown);

        Assert.Null(breaker.Refusal(url));
        Assert.NotNull(breaker.Refusal(url));
        breaker.Record(url, failed: false);
        Assert.Null(breaker.Refusal(url));
        Assert.Null(breaker.Refusal(url));
    }

    [Fact]
    public void An_abandoned_trial_frees_the_slot_for_the_next_one()
    {
        var breaker = new CircuitBreaker(_options, _time);
        var url = new Uri("http://portal.test/a.html");
        for (var i = 0; i < 3; i++)
            breaker.Record(url, failed: true);
        _time.Advance(_options.CircuitBreakerCooldown);

        Assert.Null(breaker.Refusal(url));
        breaker.Abandon(url);

        Assert.Null(breaker.Refusal(url));
    }
}

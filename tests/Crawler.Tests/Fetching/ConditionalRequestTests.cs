using System.Text;
using Microsoft.AspNetCore.Http;
using Monitor.Crawler.Evidence;
using Monitor.Crawler.Fetching;

namespace Monitor.Crawler.Tests.Fetching;

/// <summary>
/// Conditional GETs over real HTTP: validators from a 200 are sent back, a 304 hands back the stored body, and nothing
/// conditional is sent when the stored body is gone (a 304 would leave nothing to read).
/// </summary>
public sealed class ConditionalRequestTests : IAsyncLifetime
{
    private const string ETag = "\"v1-abc\"";
    private const string LastModified = "Tue, 01 Dec 2026 01:00:00 GMT";
    private static readonly byte[] Page = Encoding.UTF8.GetBytes("<html><body>通知公告正文</body></html>");

    private readonly InMemoryEvidenceStore _evidence = new();
    private readonly InMemoryValidatorCache _validators = new();
    private readonly CrawlerOptions _options = new() { PerHostMinDelay = TimeSpan.Zero, MaxRetries = 0 };
    private ScriptedServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await ScriptedServer.StartAsync(async context =>
        {
            var request = context.Request;
            var path = request.Path.Value;
            var etagged = path == "/etag.html";
            if (etagged && request.Headers.IfNoneMatch == ETag)
            {
                context.Response.StatusCode = 304;
                return;
            }
            if (!etagged && request.Headers.IfModifiedSince == LastModified)
            {
                context.Response.StatusCode = 304;
                return;
            }
            context.Response.ContentType = "text/html; charset=utf-8";
            if (etagged)
                context.Response.Headers.ETag = ETag;
            else
                context.Response.Headers.LastModified = LastModified;
            await context.Response.Body.WriteAsync(Page);
        });
        _http = new HttpClient(PageFetcher.CreateHandler()) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private PageFetcher Fetcher(IEvidenceStore evidence) =>
        new(_http, _options, new HostAllowList([_server.Root.Authority]), evidence, TimeProvider.System, _validators);

    [Fact]
    public async Task Second_get_sends_if_none_match_and_a_304_gives_back_the_stored_body()
    {
        var url = new Uri(_server.Root, "/etag.html");
        var first = await Fetcher(_evidence).GetAsync(url, CancellationToken.None);
        var second = await Fetcher(_evidence).GetAsync(url, CancellationToken.None);

        Assert.Equal(200, first.Status);
        Assert.False(first.NotModified);
        Assert.Equal([null, ETag], _server.Requests.Select(r => r.IfNoneMatch));
        Assert.Equal(FetchOutcome.Succeeded, second.Outcome);
        Assert.True(second.NotModified);
        Assert.Equal(304, second.Status);
        Assert.Equal(Page, second.Body);
        Assert.StartsWith("text/html", second.ContentType, StringComparison.Ordinal);
        Assert.Equal(first.Evidence!.Sha256, second.Evidence!.Sha256);
        Assert.Equal(200, second.Evidence.Status);
        Assert.Equal(Page.Length, second.Evidence.Length);
    }

    [Fact]
    public async Task Last_modified_alone_is_sent_back_as_if_modified_since()
    {
        var url = new Uri(_server.Root, "/dated.html");
        await Fetcher(_evidence).GetAsync(url, CancellationToken.None);
        var second = await Fetcher(_evidence).GetAsync(url, CancellationToken.None);

        Assert.Equal([null, LastModified], _server.Requests.Select(r => r.IfModifiedSince));
        Assert.True(second.NotModified);
        Assert.Equal(Page, second.Body);
    }

    [Fact]
    public async Task Without_the_stored_body_no_conditional_header_is_sent()
    {
        var url = new Uri(_server.Root, "/etag.html");
        await Fetcher(_evidence).GetAsync(url, CancellationToken.None);

        // Same validators, but an evidence store that does not have the body (e.g. pruned).
        var again = await Fetcher(new InMemoryEvidenceStore()).GetAsync(url, CancellationToken.None);

        Assert.Equal([null, null], _server.Requests.Select(r => r.IfNoneMatch));
        Assert.Equal(200, again.Status);
        Assert.False(again.NotModified);
        Assert.Equal(Page, again.Body);
    }

    [Fact]
    public async Task Without_a_validator_cache_nothing_is_conditional()
    {
        var url = new Uri(_server.Root, "/etag.html");
        var fetcher = new PageFetcher(_http, _options, new HostAllowList([_server.Root.Authority]), _evidence, TimeProvider.System);
        await fetcher.GetAsync(url, CancellationToken.None);
        var second = await fetcher.GetAsync(url, CancellationToken.None);

        Assert.All(_server.Requests, r => Assert.Null(r.IfNoneMatch));
        Assert.False(second.NotModified);
    }
}

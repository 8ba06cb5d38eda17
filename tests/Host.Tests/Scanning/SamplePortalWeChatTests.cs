using System.Text.Json;
using Monitor.Crawler;
using Monitor.Crawler.Evidence;
using Monitor.Crawler.Extraction;
using Monitor.Crawler.Fetching;
using Monitor.Crawler.Rendering;
using Monitor.Host.Configuration;
using Monitor.Host.Scanning;
using Monitor.Host.Tests.Support;
using Monitor.SamplePortal;

namespace Monitor.Host.Tests.Scanning;

/// <summary>
/// The WeChat mirrors and the script-built column of the sample portal, crawled for real and checked against the
/// generator's ground truth: feed (RSS) and Atom + list mirrors give each account's name, original id and newest post,
/// deleted posts become removals, the fixture pages (blocked, migrated, verify) are classified, and the JS column is
/// read through Chromium.
/// </summary>
public sealed class SamplePortalWeChatTests : IAsyncLifetime
{
    private readonly InMemoryEvidenceStore _evidence = new();
    private SamplePortalServer _portal = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _portal = await SamplePortalServer.StartAsync(new PortalOptions { AsOf = DemoHarness.AsOf });
        _http = new HttpClient(PageFetcher.CreateHandler()) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _portal.DisposeAsync();
    }

    private PortalSource Manifest(string id) => _portal.Manifest.Sources.Single(s => s.Id == id);

    private async Task<SourceCrawlResult> CrawlAsync(string path, SourceType type, RenderMode render = RenderMode.Auto, IPageRenderer? renderer = null)
    {
        var spec = new SourceSpec("s", new Uri(_portal.BaseUrl, path), type) { Render = render };
        var options = new CrawlerOptions { RequestTimeout = TimeSpan.FromSeconds(10), PerHostMinDelay = TimeSpan.Zero };
        var crawler = SourceCrawler.Create(_http, options, [spec], _evidence, TimeProvider.System, renderer: renderer);
        return await crawler.CrawlAsync(spec, CancellationToken.None);
    }

    [Fact]
    public async Task The_rss_mirror_gives_the_account_its_newest_post_and_its_deleted_posts()
    {
        var truth = Manifest("wx-ywfb");
        var posts = _portal.Portal.WeChatPosts.Where(p => p.AccountId == "wx-ywfb").ToList();
        Assert.Contains(posts, p => p.Deleted);
        Assert.Contains(posts, p => !p.Deleted);

        var crawl = await CrawlAsync(truth.Path, SourceType.Feed);

        Assert.True(crawl.Succeeded, crawl.FailureReason);
        Assert.Equal(ListFamily.Feed, crawl.Family);
        Assert.Equal(truth.AccountName, crawl.Account!.Name);
        Assert.Equal(truth.AccountUserName, crawl.Account.UserName);
        Assert.Equal(posts.Max(p => p.PublishedAt), crawl.Account.NewestPostAt);
        Assert.Null(crawl.Account.Problem);
        Assert.Equal(posts.Count, crawl.Documents.Count);
        Assert.Equal(
            posts.Where(p => p.Deleted).Select(p => p.Path).Order(),
            crawl.Documents.Where(d => d.Article?.PageState == ArticlePageState.Removed).Select(d => d.Entry.Url.AbsolutePath).Order());
        // Every readable post is dated by its own var ct.
        foreach (var post in posts.Where(p => !p.Deleted))
            Assert.Equal(post.PublishedAt, crawl.Documents.Single(d => d.Entry.Url.AbsolutePath == post.Path).Article!.PubDate);

        var source = new SourceConfig("wx-ywfb", truth.Name, truth.Path, new Uri(_portal.BaseUrl, truth.Path), Monitor.RuleEngine.Evaluation.SourceKind.Column,
            "新媒体", truth.DepartmentId, [], [], null) { Channel = SourceChannel.WeChatFeed };
        var observation = AccountMapper.Map(source, crawl);
        Assert.True(observation.Assessed);
        Assert.Equal(Monitor.Alerting.ChinaTime.DateOf(posts.Max(p => p.PublishedAt)), observation.NewestPostDate);
        Assert.Equal(posts.Where(p => p.Deleted).Select(p => p.Path).Order(), observation.Removed.Select(r => new Uri(r.Url).AbsolutePath).Order());
        Assert.All(observation.Removed, r => Assert.Equal("该内容已被发布者删除", r.How));
    }

    [Fact]
    public async Task The_atom_mirror_and_its_list_page_agree_on_the_account()
    {
        var truth = Manifest("wx-ywjy");
        var posts = _portal.Portal.WeChatPosts.Where(p => p.AccountId == "wx-ywjy").ToList();
        Assert.NotNull(truth.FeedPath);

        var atom = await CrawlAsync(truth.FeedPath!, SourceType.Feed);
        var list = await CrawlAsync(truth.Path, SourceType.AccountList);

        Assert.True(atom.Succeeded, atom.FailureReason);
        Assert.True(list.Succeeded, list.FailureReason);
        Assert.Equal(ListFamily.AccountList, list.Family);
        Assert.Equal(truth.AccountName, atom.Account!.Name);
        Assert.Equal(truth.AccountName, list.Account!.Name);
        Assert.Equal(truth.AccountUserName, list.Account.UserName);
        var newest = posts.Max(p => p.PublishedAt);
        Assert.Equal(newest, atom.Account.NewestPostAt);
        Assert.Equal(newest, list.Account.NewestPostAt);
        Assert.Equal(posts.Count, list.Documents.Count);
    }

    [Theory]
    [InlineData("/wechat/s/blocked.html", ArticlePageState.AccountClosed)]
    [InlineData("/wechat/s/migrated.html", ArticlePageState.AccountMigrated)]
    [InlineData("/wechat/s/verify.html", ArticlePageState.Unavailable)]
    public async Task The_fixture_pages_are_classified(string path, ArticlePageState state)
    {
        var url = new Uri(_portal.BaseUrl, path);
        var bytes = await _http.GetByteArrayAsync(url);
        using var doc = await HtmlLoader.LoadAsync(bytes, url, "text/html; charset=utf-8", 200, CancellationToken.None);

        Assert.True(WeChatArticleExtractor.Recognizes(doc));
        Assert.Equal(state, WeChatArticleExtractor.Extract(doc, url).PageState);
    }

    [ChromiumFact]
    public async Task The_script_built_column_is_rendered_and_every_entry_found()
    {
        var truth = _portal.Manifest.Sources.Single(s => s.NeedsScript);
        var dataPath = truth.Path.Replace("index.html", "data.json", StringComparison.Ordinal);
        using var data = JsonDocument.Parse(await _http.GetByteArrayAsync(new Uri(_portal.BaseUrl, dataPath)));
        var expected = data.RootElement.EnumerateArray().Select(e => e.GetProperty("url").GetString()!).ToList();
        Assert.NotEmpty(expected);
        await using var renderer = new ChromiumRenderer(new BrowserOptions { ExecutablePath = ChromiumFactAttribute.Path }, _evidence, TimeProvider.System);

        var staticCrawl = await CrawlAsync(truth.Path, SourceType.Column, RenderMode.Static, renderer);
        var crawl = await CrawlAsync(truth.Path, SourceType.Column, RenderMode.Auto, renderer);

        Assert.Empty(staticCrawl.Documents);
        Assert.True(crawl.Succeeded, crawl.FailureReason);
        Assert.True(crawl.Rendered);
        Assert.Equal(expected.Order(), crawl.Documents.Select(d => d.Entry.Url.AbsolutePath).Order());
        Assert.All(crawl.Documents, d => Assert.True(d.Fetch.Succeeded));
    }

    [Fact]
    public async Task The_script_built_column_without_a_browser_is_not_assessed()
    {
        var truth = _portal.Manifest.Sources.Single(s => s.NeedsScript);
        await using var renderer = new ChromiumRenderer(new BrowserOptions { ExecutablePath = "/nonexistent/chromium" }, _evidence, TimeProvider.System);

        var crawl = await CrawlAsync(truth.Path, SourceType.Column, RenderMode.Auto, renderer);

        Assert.False(crawl.Succeeded);
        Assert.Contains("浏览器不可用", crawl.FailureReason, StringComparison.Ordinal);
    }
}

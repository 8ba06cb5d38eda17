using System.Text;
using Monitor.Crawler.Evidence;
using Monitor.Crawler.Fetching;
using Monitor.Crawler.Tests.Support;

namespace Monitor.Crawler.Tests.WeChat;

/// <summary>
/// WeChat account mirrors crawled over real HTTP (in-process Kestrel): RSS and Atom feeds and a mirror's list page,
/// their article pages read by the WeChat extractor, the account snapshot (name, original id, newest post), and the
/// ways an account cannot be assessed (feed missing, malformed or hostile) or is itself gone (blocked, migrated).
/// </summary>
public sealed class AccountCrawlTests : IAsyncLifetime
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private readonly TestSite _site = new();
    private readonly InMemoryEvidenceStore _evidence = new();
    private KestrelSite _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await KestrelSite.StartAsync(_site);
        _http = new HttpClient(PageFetcher.CreateHandler()) { Timeout = Timeout.InfiniteTimeSpan };

        Page("/wechat/s/normal.html", "article-normal.html");
        Page("/wechat/s/escaped.html", "escaped.html");
        Page("/wechat/s/deleted.html", "deleted.html");
        Page("/wechat/s/verify.html", "captcha.html");
        Page("/wechat/s/blocked.html", "blocked.html");
        Page("/wechat/s/migrated.html", "migrated.html");

        Xml("/wechat/ywfb/feed.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>义乌发布</title>
              <item><title>重点工作推进会</title><link>/wechat/s/normal.html</link><pubDate>Mon, 01 Dec 2025 09:50:00 +0800</pubDate></item>
              <item><title>已删除的文章</title><link>/wechat/s/deleted.html</link><pubDate>Sun, 30 Nov 2025 08:00:00 +0800</pubDate></item>
              <item><title>验证页</title><link>/wechat/s/verify.html</link><pubDate>Sat, 29 Nov 2025 08:00:00 +0800</pubDate></item>
            </channel></rss>
            """);
        Xml("/wechat/ywjy/atom.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom"><title>义乌教育</title>
              <entry><title>零工市场</title><link href="/wechat/s/escaped.html"/><published>2024-12-01T02:30:00Z</published></entry>
            </feed>
            """);
        _site.Route("/wechat/ywjy/index.html", _ => SiteResponse.Html("""
            <html><head><meta charset="utf-8"><title>义乌教育 微信公众号</title></head><body>
            <ul class="list">
              <li><a href="/wechat/s/normal.html">重点工作推进会</a><span>2025-12-01</span></li>
              <li><a href="/wechat/s/escaped.html">零工市场</a><span>2024-12-01</span></li>
              <li><a href="/wechat/s/deleted.html">已删除的文章</a><span>2024-11-30</span></li>
            </ul></body></html>
            """));
        Xml("/wechat/closed/feed.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>某镇发布</title>
              <item><title>一</title><link>/wechat/s/blocked.html</link><pubDate>Mon, 01 Dec 2025 09:00:00 +0800</pubDate></item>
              <item><title>二</title><link>/wechat/s/verify.html</link><pubDate>Sun, 30 Nov 2025 09:00:00 +0800</pubDate></item>
            </channel></rss>
            """);
        Xml("/wechat/moved/feed.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>某局发布</title>
              <item><title>一</title><link>/wechat/s/migrated.html</link><pubDate>Mon, 01 Dec 2025 09:00:00 +0800</pubDate></item>
            </channel></rss>
            """);
        _site.Route("/wechat/bomb/feed.xml", _ => new SiteResponse(200, Fixture.Bytes("wechat/feed-bomb.xml"), "application/rss+xml"));
        _site.Route("/wechat/broken/feed.xml", _ => new SiteResponse(200, Fixture.Bytes("wechat/feed-malformed.xml"), "application/rss+xml"));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private void Page(string path, string fixture) => _site.Route(path, _ => new SiteResponse(200, Fixture.Bytes($"wechat/{fixture}")));

    private void Xml(string path, string xml) =>
        _site.Route(path, _ => new SiteResponse(200, Encoding.UTF8.GetBytes(xml), "application/rss+xml; charset=utf-8"));

    private async Task<SourceCrawlResult> CrawlAsync(string path, SourceType type)
    {
        var spec = new SourceSpec("acct", new Uri(_server.Root, path), type);
        var options = new CrawlerOptions { RequestTimeout = TimeSpan.FromSeconds(10), PerHostMinDelay = TimeSpan.Zero };
        var crawler = SourceCrawler.Create(_http, options, [spec], _evidence, TimeProvider.System);
        return await crawler.CrawlAsync(spec, CancellationToken.None);
    }

    [Fact]
    public async Task An_rss_mirror_gives_the_account_and_the_state_of_each_article()
    {
        var result = await CrawlAsync("/wechat/ywfb/feed.xml", SourceType.Feed);

        Assert.True(result.Succeeded, result.FailureReason);
        Assert.Equal(ListFamily.Feed, result.Family);
        Assert.False(result.Rendered);
        Assert.Equal(
            [ArticlePageState.Normal, ArticlePageState.Removed, ArticlePageState.Unavailable],
            result.Documents.Select(d => d.Article!.PageState).ToArray());
        Assert.Equal(new DateOnly(2025, 12, 1), result.Documents[0].Entry.Date);
        Assert.Equal("该内容已被发布者删除", result.Documents[1].Article!.BodyText);

        var account = result.Account!;
        Assert.Equal("义乌发布", account.Name);
        Assert.Equal("gh_1a2b3c4d5e6f", account.UserName);
        Assert.Equal(new DateTimeOffset(2025, 12, 1, 9, 50, 0, Beijing), account.NewestPostAt);
        Assert.Equal(Beijing, account.NewestPostAt!.Value.Offset);
        Assert.Null(account.Problem);
        Assert.NotNull(Assert.Single(result.ListPages).Evidence);
    }

    [Fact]
    public async Task Known_unchanged_feed_entries_are_not_fetched_again_but_still_date_the_account()
    {
        var url = new Uri(_server.Root, "/wechat/s/normal.html");
        var known = new Dictionary<Uri, KnownEntry> { [url] = new("重点工作推进会", new DateOnly(2025, 12, 1), TimeProvider.System.GetUtcNow()) };
        var spec = new SourceSpec("acct", new Uri(_server.Root, "/wechat/ywfb/feed.xml"), SourceType.Feed) { Known = known };
        var options = new CrawlerOptions { RequestTimeout = TimeSpan.FromSeconds(10), PerHostMinDelay = TimeSpan.Zero };

        var result = await SourceCrawler.Create(_http, options, [spec], _evidence, TimeProvider.System).CrawlAsync(spec, CancellationToken.None);

        Assert.True(result.Succeeded, result.FailureReason);
        Assert.Equal(url, Assert.Single(result.ReusedEntries).Url);
        Assert.DoesNotContain(result.Documents, d => d.Entry.Url == url);
        Assert.Equal(0, _site.Count("/wechat/s/normal.html"));
        Assert.Equal(new DateTimeOffset(2025, 12, 1, 9, 50, 0, Beijing), result.Account!.NewestPostAt);
    }

    [Fact]
    public async Task An_atom_mirror_dates_its_newest_post_from_the_feed()
    {
        var result = await CrawlAsync("/wechat/ywjy/atom.xml", SourceType.Feed);

        Assert.True(result.Succeeded, result.FailureReason);
        Assert.Equal("义乌教育", result.Account!.Name);
        Assert.Equal("gh_abc123", result.Account.UserName);
        Assert.Equal(new DateTimeOffset(2024, 12, 1, 10, 30, 0, Beijing), result.Account.NewestPostAt);
    }

    [Fact]
    public async Task A_mirror_list_page_is_walked_and_its_articles_read_as_wechat_pages()
    {
        var result = await CrawlAsync("/wechat/ywjy/index.html", SourceType.AccountList);

        Assert.True(result.Succeeded, result.FailureReason);
        Assert.Equal(ListFamily.AccountList, result.Family);
        Assert.Equal(3, result.Documents.Count);
        Assert.Equal(ArticlePageState.Removed, result.Documents[2].Article!.PageState);
        // No feed title: the name is the articles' nickname; the newest time is the article's own ct, not the list day.
        Assert.Equal("义乌发布", result.Account!.Name);
        Assert.Equal(new DateTimeOffset(2025, 12, 1, 9, 50, 0, Beijing), result.Account.NewestPostAt);
    }

    [Fact]
    public async Task An_account_whose_readable_articles_all_say_it_is_blocked_has_a_problem()
    {
        var result = await CrawlAsync("/wechat/closed/feed.xml", SourceType.Feed);

        Assert.True(result.Succeeded);
        Assert.Contains("屏蔽", result.Account!.Problem, StringComparison.Ordinal);
        Assert.Contains("此帐号已被屏蔽", result.Account.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_account_that_moved_has_a_problem()
    {
        var result = await CrawlAsync("/wechat/moved/feed.xml", SourceType.Feed);

        Assert.Contains("迁移", result.Account!.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/wechat/bomb/feed.xml", "订阅源无法解析")]
    [InlineData("/wechat/broken/feed.xml", "订阅源无法解析")]
    [InlineData("/wechat/missing/feed.xml", "订阅源获取失败：HTTP 404")]
    public async Task A_feed_that_cannot_be_read_leaves_the_account_not_assessed(string path, string reason)
    {
        var result = await CrawlAsync(path, SourceType.Feed);

        Assert.False(result.Succeeded);
        Assert.StartsWith(reason, result.FailureReason, StringComparison.Ordinal);
        Assert.Empty(result.Documents);
        Assert.Null(result.Account);
    }
}

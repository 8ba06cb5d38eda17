using Monitor.Crawler;
using Monitor.Host.Configuration;
using Monitor.Host.Scanning;
using Monitor.RuleEngine.Evaluation;

namespace Monitor.Host.Tests.Scanning;

/// <summary>
/// A WeChat mirror's crawl as the rule engine sees the account: the newest post dated in Beijing time, not assessed
/// (with the reason) when the mirror could not be read or the account itself is gone, and deleted articles as removals.
/// </summary>
public sealed class AccountMapperTests
{
    private static readonly DateTimeOffset FetchedAt = new(2026, 12, 2, 1, 0, 0, TimeSpan.Zero);

    private static readonly SourceConfig Source = new(
        "wx-ywfb", "义乌发布", "/wechat/ywfb/feed.xml", new Uri("http://127.0.0.1:5000/wechat/ywfb/feed.xml"),
        SourceKind.Column, "新媒体", "szfb", [], [], null)
    {
        Channel = SourceChannel.WeChatFeed,
    };

    private static FetchResult Fetch(string url, string? sha = "ab") => new(
        new Uri(url), new Uri(url), FetchOutcome.Succeeded, 200, "text/html", [], sha is null ? null
            : new EvidenceRecord(sha, url, "GET", FetchedAt, 200, [], 0),
        FetchedAt, TimeSpan.Zero, null);

    private static CrawledDocument Document(string path, string title, DateOnly? listed, ArticlePageState state, string body = "正文") =>
        new(new ListEntry(new Uri($"http://127.0.0.1:5000{path}"), title, listed),
            Fetch($"http://127.0.0.1:5000{path}", sha: $"sha-{title}"),
            new ExtractedArticle(new Uri($"http://127.0.0.1:5000{path}"), title, null, null, null, null, null, null, null, null, body, [], [])
            {
                PageState = state,
            });

    private static SourceCrawlResult Crawl(bool ok, string? reason, AccountSnapshot? account, params CrawledDocument[] documents) =>
        new("wx-ywfb", Source.Url, ok, reason, ListFamily.Feed, [Fetch(Source.Url.ToString(), "feed-sha")], documents, [], null, FetchedAt, TimeSpan.Zero)
        {
            Account = account,
        };

    [Fact]
    public void The_newest_post_is_dated_in_Beijing_time()
    {
        // 17:30 UTC on 30 November is 01:30 on 1 December in Beijing.
        var account = new AccountSnapshot("义乌发布", "gh_1", new DateTimeOffset(2026, 11, 30, 17, 30, 0, TimeSpan.Zero), null);

        var observation = AccountMapper.Map(Source, Crawl(true, null, account));

        Assert.True(observation.Assessed);
        Assert.Null(observation.NotAssessedReason);
        Assert.Equal(new DateOnly(2026, 12, 1), observation.NewestPostDate);
        Assert.Equal("义乌发布", observation.Name);
        Assert.Equal("微信公众号", observation.Platform);
        Assert.Equal(["feed-sha"], observation.Evidence);
    }

    [Fact]
    public void A_mirror_that_could_not_be_read_is_not_assessed_with_the_crawl_reason()
    {
        var observation = AccountMapper.Map(Source, Crawl(false, "订阅源无法解析：XML格式错误", null));

        Assert.False(observation.Assessed);
        Assert.Equal("订阅源无法解析：XML格式错误", observation.NotAssessedReason);
        Assert.Null(observation.NewestPostDate);
    }

    [Fact]
    public void A_closed_account_is_not_assessed_with_the_problem_as_reason()
    {
        var account = new AccountSnapshot("某镇发布", null, FetchedAt, "公众号已被屏蔽或注销，文章均无法查看");

        var observation = AccountMapper.Map(Source, Crawl(true, null, account));

        Assert.False(observation.Assessed);
        Assert.Equal("公众号已被屏蔽或注销，文章均无法查看", observation.NotAssessedReason);
    }

    [Fact]
    public void Deleted_articles_become_removals_with_what_the_page_says_and_its_evidence()
    {
        var account = new AccountSnapshot("义乌发布", null, FetchedAt, null);
        var crawl = Crawl(true, null, account,
            Document("/wechat/s/a1.html", "正常文章", new DateOnly(2026, 12, 1), ArticlePageState.Normal),
            Document("/wechat/s/a2.html", "被删文章", new DateOnly(2026, 11, 30), ArticlePageState.Removed, "该内容已被发布者删除"),
            Document("/wechat/s/a3.html", "验证页", new DateOnly(2026, 11, 29), ArticlePageState.Unavailable, "环境异常"));

        var observation = AccountMapper.Map(Source, crawl);

        var removal = Assert.Single(observation.Removed);
        Assert.Equal("http://127.0.0.1:5000/wechat/s/a2.html", removal.Url);
        Assert.Equal("被删文章", removal.Title);
        Assert.Equal("该内容已被发布者删除", removal.How);
        Assert.Equal("sha-被删文章", removal.EvidenceAfter);
        Assert.Equal(FetchedAt, removal.DetectedAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.FromHours(8)), removal.LastSeenAt);
    }

    [Fact]
    public void A_removal_confirmed_by_an_earlier_crawl_keeps_its_first_detection_time()
    {
        var deleted = Document("/s/gone", "旧文", new DateOnly(2026, 11, 20), ArticlePageState.Removed);
        var first = AccountMapper.Map(Source, Crawl(true, null, null, deleted));
        var later = first.Removed[0] with { DetectedAt = FetchedAt.AddHours(6), EvidenceAfter = "sha-later" };
        var newRemoval = later with { Url = "http://127.0.0.1:5000/s/new", DetectedAt = FetchedAt.AddHours(6) };
        var current = first with { Removed = [later, newRemoval] };

        var kept = AccountMapper.KeepFirstDetection(current, first);

        Assert.Equal(FetchedAt, kept.Removed[0].DetectedAt);
        Assert.Equal(first.Removed[0].EvidenceAfter, kept.Removed[0].EvidenceAfter);
        Assert.Equal(FetchedAt.AddHours(6), kept.Removed[1].DetectedAt);
        Assert.Same(current, AccountMapper.KeepFirstDetection(current, null));
    }
}

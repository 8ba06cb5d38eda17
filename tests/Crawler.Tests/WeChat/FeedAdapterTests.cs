using Monitor.Crawler.Extraction;
using Monitor.Crawler.Tests.Support;

namespace Monitor.Crawler.Tests.WeChat;

/// <summary>
/// RSS 2.0 and Atom feeds of WeChat mirrors: links resolved, full times kept with their offsets and dated in Beijing
/// time, and hostile or broken XML refused (DTDs are never processed, so an entity bomb expands nothing).
/// </summary>
public sealed class FeedAdapterTests
{
    private static readonly Uri FeedUrl = new("https://mirror.example.cn/wechat/ywfb/feed.xml");
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Fact]
    public void Rss_items_keep_their_full_publish_times_and_are_dated_in_Beijing_time()
    {
        var read = FeedAdapter.Read(Fixture.Bytes("wechat/feed-rss.xml"), FeedUrl);

        Assert.Null(read.Error);
        var feed = read.Feed!;
        Assert.Equal("义乌发布", feed.Title);
        Assert.Equal(4, feed.Items.Count);

        var first = feed.Items[0];
        Assert.Equal(new Uri("https://mirror.example.cn/wechat/s/a1.html"), first.Entry.Url);
        Assert.Equal("元旦假期出行提示", first.Entry.Title);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 7, 30, 0, Beijing), first.PublishedAt);
        Assert.Equal(Beijing, first.PublishedAt!.Value.Offset);
        Assert.Equal(new DateOnly(2026, 12, 1), first.Entry.Date);

        // 17:30 GMT on 30 Nov is 01:30 on 1 Dec in Beijing: the list date is Beijing's.
        var late = feed.Items[1];
        Assert.Equal(new Uri("https://mirror.example.cn/wechat/s/a2.html"), late.Entry.Url);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 17, 30, 0, TimeSpan.Zero), late.PublishedAt);
        Assert.Equal(new DateOnly(2026, 12, 1), late.Entry.Date);

        // A permalink guid stands in for a missing link; CST on a Chinese feed is China Standard Time.
        var guidOnly = feed.Items[2];
        Assert.Equal(new Uri("https://mirror.example.cn/wechat/s/a3.html"), guidOnly.Entry.Url);
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 10, 0, 0, Beijing), guidOnly.PublishedAt);

        Assert.Null(feed.Items[3].PublishedAt);
        Assert.Null(feed.Items[3].Entry.Date);
    }

    [Fact]
    public void Atom_entries_use_the_alternate_link_against_xml_base_and_published_before_updated()
    {
        var read = FeedAdapter.Read(Fixture.Bytes("wechat/feed-atom.xml"), FeedUrl);

        Assert.Null(read.Error);
        var feed = read.Feed!;
        Assert.Equal("义乌教育", feed.Title);
        Assert.Equal(3, feed.Items.Count);
        Assert.Equal(new Uri("https://mirror.example.cn/wechat/s/e1.html"), feed.Items[0].Entry.Url);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 23, 10, 0, TimeSpan.Zero), feed.Items[0].PublishedAt);
        Assert.Equal(new DateOnly(2026, 12, 1), feed.Items[0].Entry.Date);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 8, 0, 0, Beijing), feed.Items[1].PublishedAt);
        // No offset given: Beijing time, never the machine's zone.
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 20, 15, 0, Beijing), feed.Items[2].PublishedAt);
    }

    [Fact]
    public void An_entity_bomb_is_refused_without_expanding_anything()
    {
        var bytes = Fixture.Bytes("wechat/feed-bomb.xml");
        var before = GC.GetAllocatedBytesForCurrentThread();

        var read = FeedAdapter.Read(bytes, FeedUrl);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Null(read.Feed);
        Assert.StartsWith("订阅源无法解析", read.Error, StringComparison.Ordinal);
        // Fully expanded, &f; would be 50 × 20^5 = 160 million characters; refusing the DTD allocates next to nothing.
        Assert.True(allocated < 5_000_000, $"allocated {allocated} bytes");
    }

    [Theory]
    [InlineData("wechat/feed-malformed.xml")]
    [InlineData("wechat/article-normal.html")]
    public void Broken_or_foreign_documents_are_errors_in_Chinese(string fixture)
    {
        var read = FeedAdapter.Read(Fixture.Bytes(fixture), FeedUrl);

        Assert.Null(read.Feed);
        Assert.StartsWith("订阅源无法解析", read.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gbk_feed_decodes_by_its_xml_declaration()
    {
        var bytes = Fixture.Gbk("<?xml version=\"1.0\" encoding=\"GBK\"?><rss version=\"2.0\"><channel><title>义乌发布</title>"
            + "<item><title>关于元旦放假的通知</title><link>/wechat/s/g1.html</link><pubDate>Tue, 01 Dec 2026 07:30:00 +0800</pubDate></item></channel></rss>");

        var read = FeedAdapter.Read(bytes, FeedUrl);

        Assert.Equal("义乌发布", read.Feed!.Title);
        Assert.Equal("关于元旦放假的通知", Assert.Single(read.Feed.Items).Entry.Title);
    }

    [Fact]
    public void A_feed_that_is_not_rss_or_atom_names_its_root()
    {
        var read = FeedAdapter.Read("<?xml version=\"1.0\"?><opml><body/></opml>"u8.ToArray(), FeedUrl);

        Assert.Contains("opml", read.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Tue, 01 Dec 2026 07:30:00 +0800", "2026-12-01T07:30:00+08:00")]
    [InlineData("01 Dec 2026 07:30 +08:00", "2026-12-01T07:30:00+08:00")]
    [InlineData("Tue, 01 Dec 26 07:30:00 GMT", "2026-12-01T07:30:00+00:00")]
    [InlineData("Tue, 1 Dec 2026 07:30:00 -0500", "2026-12-01T07:30:00-05:00")]
    [InlineData("2026-12-01T07:30:00+08:00", "2026-12-01T07:30:00+08:00")]
    [InlineData("2026-12-01 07:30:00", "2026-12-01T07:30:00+08:00")]
    public void Rfc822_dates_parse_with_their_zone(string text, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), FeedAdapter.ParseRfc822(text));

    [Theory]
    [InlineData("Tue, 31 Feb 2026 07:30:00 +0800")]
    [InlineData("yesterday")]
    [InlineData("Tue, 01 Dec 2026 07:30:00 XYZ")]
    public void Impossible_dates_are_null(string text) => Assert.Null(FeedAdapter.ParseRfc822(text));
}

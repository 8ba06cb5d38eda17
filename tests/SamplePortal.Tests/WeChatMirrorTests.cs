using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Monitor.SamplePortal.Tests.Support;

namespace Monitor.SamplePortal.Tests;

/// <summary>The WeChat account mirrors: feeds, the list page and article pages in mp.weixin.qq.com markup (§4.5).</summary>
public sealed class WeChatMirrorTests
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    [Fact]
    public void The_rss_feed_parses_and_lists_the_twelve_planted_posts_with_their_times()
    {
        var portal = Some.Portal();
        var posts = portal.WeChatPosts.Where(p => p.AccountId == "wx-ywfb").ToList();
        var page = portal.Pages["/wechat/ywfb/feed.xml"];
        var channel = XDocument.Parse(PageText.Decode(page)).Root!.Element("channel")!;
        var items = channel.Elements("item").ToList();

        Assert.Equal("application/rss+xml; charset=utf-8", page.ContentType);
        Assert.Equal("义乌发布（示例）", channel.Element("title")!.Value);
        Assert.Equal(12, items.Count);
        Assert.Equal(posts.Select(p => p.Title), items.Select(i => i.Element("title")!.Value));
        Assert.Equal(posts.Select(p => p.Path), items.Select(i => i.Element("link")!.Value));
        Assert.Equal(posts.Select(p => p.PublishedAt), items.Select(i => DateTimeOffset.ParseExact(i.Element("pubDate")!.Value, "ddd, dd MMM yyyy HH:mm:ss zzz", CultureInfo.InvariantCulture)));
        Assert.All(items, i => Assert.EndsWith(" +0800", i.Element("pubDate")!.Value, StringComparison.Ordinal));
        Assert.Equal(items.Count, items.Select(i => i.Element("guid")!.Value).Distinct().Count());
        Assert.All(items, i => Assert.NotEmpty(i.Element("description")!.Value));
        Assert.InRange(Some.AsOf.DayNumber - DateOnly.FromDateTime(posts[0].PublishedAt.DateTime).DayNumber, 1, 3);
    }

    [Fact]
    public void The_atom_feed_and_the_list_page_carry_the_same_posts()
    {
        var portal = Some.Portal();
        var posts = portal.WeChatPosts.Where(p => p.AccountId == "wx-ywjy").ToList();
        var feed = XDocument.Parse(PageText.Decode(portal.Pages["/wechat/ywjy/atom.xml"])).Root!;
        var entries = feed.Elements(Atom + "entry").ToList();
        var list = PageText.ListEntries("/wechat/ywjy/index.html", PageText.Decode(portal.Pages["/wechat/ywjy/index.html"])).ToList();

        Assert.Equal("义乌教育（示例）", feed.Element(Atom + "title")!.Value);
        Assert.Equal(10, entries.Count);
        Assert.Equal(posts.Select(p => p.Path), entries.Select(e => e.Element(Atom + "link")!.Attribute("href")!.Value));
        Assert.Equal(posts.Select(p => p.PublishedAt), entries.Select(e => DateTimeOffset.Parse(e.Element(Atom + "published")!.Value, CultureInfo.InvariantCulture)));
        Assert.All(entries, e => Assert.EndsWith("+08:00", e.Element(Atom + "updated")!.Value, StringComparison.Ordinal));
        Assert.All(entries, e => Assert.NotEmpty(e.Element(Atom + "id")!.Value));
        Assert.Equal(posts.Select(p => (p.Path, p.PublishedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))), list);
    }

    [Fact]
    public void The_stale_account_posted_last_sixteen_days_before_as_of_and_is_fresh_without_the_fault()
    {
        var stale = Some.Portal().WeChatPosts.Where(p => p.AccountId == "wx-ywjy").Max(p => p.PublishedAt);
        var fresh = Some.Portal(disabledFaults: PortalFaults.StaleAccountWxYwjy).WeChatPosts.Where(p => p.AccountId == "wx-ywjy").Max(p => p.PublishedAt);
        var fault = Some.Portal().Manifest.Faults.Single(f => f.Id == "stale-account/wx-ywjy");

        Assert.Equal(Some.AsOf.AddDays(-16), DateOnly.FromDateTime(stale.DateTime));
        Assert.Equal(Some.AsOf.AddDays(-2), DateOnly.FromDateTime(fresh.DateTime));
        Assert.Equal(("stale-account", "wx-ywjy", null), (fault.Kind, fault.SourceId, fault.DocumentPath));
        Assert.Contains("16天", fault.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Article_pages_carry_the_mp_weixin_variables_with_ct_the_planted_time()
    {
        var portal = Some.Portal();
        var post = portal.WeChatPosts.First(p => p.AccountId == "wx-ywfb" && !p.Deleted);
        var html = PageText.Decode(portal.Pages[post.Path]);

        Assert.Matches("^/wechat/s/[A-Za-z0-9_-]{22}\\.html$", post.Path);
        Assert.Equal(post.PublishedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), Var(html, "ct"));
        Assert.Equal(post.Title, Regex.Match(html, "var msg_title = '([^']*)'").Groups[1].Value);
        Assert.Equal("义乌发布（示例）", Var(html, "nickname"));
        Assert.Equal("gh_sample0001", Var(html, "user_name"));
        Assert.Equal(Convert.ToBase64String("3900000001"u8.ToArray()), Var(html, "biz"));
        Assert.Equal(post.Mid.ToString(CultureInfo.InvariantCulture), Var(html, "mid"));
        Assert.Equal("1", Var(html, "idx"));
        Assert.Matches("^[0-9a-f]{32}$", Var(html, "sn"));
        Assert.Contains($"<meta property=\"og:title\" content=\"{post.Title}\">", html, StringComparison.Ordinal);
        Assert.Matches("<h1 class=\"rich_media_title\" id=\"activity-name\">\\s*" + Regex.Escape(post.Title), html);
        Assert.Matches("id=\"js_name\">义乌发布（示例）</a>", html);
        Assert.Contains("<em id=\"publish_time\" class=\"rich_media_meta rich_media_meta_text\"></em>", html, StringComparison.Ordinal);
        var content = Regex.Match(html, "<div class=\"rich_media_content[^\"]*\" id=\"js_content\"[^>]*>(.*?)</div>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains(post.Paragraphs[1], content, StringComparison.Ordinal);
    }

    [Fact]
    public void The_deleted_post_stays_in_the_feed_and_its_page_says_the_publisher_deleted_it()
    {
        var portal = Some.Portal();
        var fault = portal.Manifest.Faults.Single(f => f.Id == PortalFaults.RemovedDocumentWxYwfb);
        var html = PageText.Decode(portal.Pages[fault.DocumentPath!]);
        var feed = PageText.Decode(portal.Pages["/wechat/ywfb/feed.xml"]);
        var restored = PageText.Decode(Some.Portal(disabledFaults: PortalFaults.RemovedDocumentWxYwfb).Pages[fault.DocumentPath!]);

        Assert.Equal(("removed-document", "wx-ywfb"), (fault.Kind, fault.SourceId));
        Assert.Contains($"<link>{fault.DocumentPath}</link>", feed, StringComparison.Ordinal);
        Assert.Matches("<div id=\"js_article\" class=\"weui-msg\">", html);
        Assert.Matches("<h2 class=\"weui-msg__title\">该内容已被发布者删除</h2>", html);
        Assert.DoesNotContain("js_content", html, StringComparison.Ordinal);
        Assert.DoesNotContain("var ct", html, StringComparison.Ordinal);
        Assert.Contains("id=\"js_content\"", restored, StringComparison.Ordinal);
    }

    [Fact]
    public void The_state_fixture_pages_show_blocked_migrated_and_captcha_texts()
    {
        var portal = Some.Portal();
        var blocked = PageText.Decode(portal.Pages["/wechat/s/blocked.html"]);
        var migrated = PageText.Decode(portal.Pages["/wechat/s/migrated.html"]);
        var verify = PageText.Decode(portal.Pages["/wechat/s/verify.html"]);

        Assert.Contains("此帐号已被屏蔽", blocked, StringComparison.Ordinal);
        Assert.Contains("该公众号已迁移", migrated, StringComparison.Ordinal);
        var target = Var(migrated, "transfer_target_link");
        Assert.NotNull(portal.Find(target));
        Assert.Contains("id=\"js_transfer_target_link\"", migrated, StringComparison.Ordinal);
        Assert.Contains("环境异常", verify, StringComparison.Ordinal);
        Assert.Contains("去验证", verify, StringComparison.Ordinal);
        Assert.DoesNotContain(portal.WeChatPosts, p => p.Path is "/wechat/s/blocked.html" or "/wechat/s/migrated.html" or "/wechat/s/verify.html");
    }

    [Fact]
    public void Both_accounts_are_manifest_sources_with_what_a_deployment_needs()
    {
        var sources = Some.Portal().Sources.Where(s => s.Platform is not null).ToList();

        Assert.Equal(
            [
                ("wx-ywfb", "wechat-feed", "/wechat/ywfb/feed.xml", null, "szfb", "义乌发布（示例）", "gh_sample0001"),
                ("wx-ywjy", "wechat-list", "/wechat/ywjy/index.html", "/wechat/ywjy/atom.xml", "jyj", "义乌教育（示例）", "gh_sample0002"),
            ],
            sources.Select(s => (s.Id, s.Family, s.Path, s.FeedPath, s.DepartmentId, s.AccountName, s.AccountUserName)));
        Assert.All(sources, s => Assert.Equal("微信公众号", s.Platform));
    }

    [Fact]
    public void Post_tokens_and_times_are_the_same_for_the_same_seed_and_differ_for_another()
    {
        Assert.Equal(Some.Portal().WeChatPosts, Some.Portal().WeChatPosts, WeChatPostComparer.Instance);
        Assert.NotEqual(Some.Portal().WeChatPosts.Select(p => p.Path), Some.Portal(seed: 7).WeChatPosts.Select(p => p.Path));
    }

    private static string Var(string html, string name) =>
        Regex.Match(html, $"var {name} = \"([^\"]*)\"").Groups[1].Value is { Length: > 0 } value
            ? value
            : throw new Xunit.Sdk.XunitException($"no var {name} on the page");

    private sealed class WeChatPostComparer : IEqualityComparer<WeChatPost>
    {
        public static readonly WeChatPostComparer Instance = new();

        public bool Equals(WeChatPost? x, WeChatPost? y) =>
            x is not null && y is not null && (x.Path, x.Title, x.PublishedAt, x.Sn, x.Mid) == (y.Path, y.Title, y.PublishedAt, y.Sn, y.Mid);

        public int GetHashCode(WeChatPost obj) => obj.Path.GetHashCode(StringComparison.Ordinal);
    }
}

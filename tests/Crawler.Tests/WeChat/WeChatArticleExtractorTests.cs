using Monitor.Crawler.Extraction;
using Monitor.Crawler.Tests.Support;

namespace Monitor.Crawler.Tests.WeChat;

/// <summary>
/// WeChat article pages and the error pages WeChat serves in their place (reference §4.5): fields from the inline
/// script variables, and each error state told apart without mistaking an article that quotes an error phrase.
/// </summary>
public sealed class WeChatArticleExtractorTests
{
    private const string Url = "https://mirror.example.cn/wechat/s/a1.html";

    private static async Task<ExtractedArticle> ExtractAsync(string fixture)
    {
        using var doc = await Fixture.DocumentAsync($"wechat/{fixture}", Url);
        Assert.True(WeChatArticleExtractor.Recognizes(doc), $"{fixture} should be recognised as a WeChat page");
        return WeChatArticleExtractor.Extract(doc, new Uri(Url));
    }

    [Fact]
    public async Task A_normal_article_takes_its_publish_time_title_and_account_from_the_script_variables()
    {
        var article = await ExtractAsync("article-normal.html");

        Assert.Equal(ArticlePageState.Normal, article.PageState);
        Assert.Equal(new DateTimeOffset(2025, 12, 1, 9, 50, 0, TimeSpan.FromHours(8)), article.PubDate);
        Assert.Equal(TimeSpan.FromHours(8), article.PubDate!.Value.Offset);
        Assert.Equal(new DateOnly(2025, 12, 1), article.DisplayedDate);
        Assert.Equal("义乌市召开重点工作推进会", article.Title);
        Assert.Equal("义乌发布", article.AccountName);
        Assert.Equal("gh_1a2b3c4d5e6f", article.AccountUserName);
        Assert.Equal("http://www.yw.gov.cn/art/2025/12/1/art_1229000001_1.html", article.ContentSource);
        Assert.Equal(new Uri(Url), article.Url);
        Assert.Contains("市政府召开重点工作推进会", article.BodyText, StringComparison.Ordinal);
        Assert.Contains(article.Attachments, a => a.Url.AbsolutePath.EndsWith("plan.pdf", StringComparison.Ordinal));
        Assert.Contains(article.Links, l => l.Url.Host == "mp.weixin.qq.com");
    }

    [Fact]
    public async Task An_article_quoting_an_error_phrase_in_its_body_stays_normal()
    {
        var article = await ExtractAsync("article-normal.html");

        Assert.Contains("该内容已被发布者删除", article.BodyText, StringComparison.Ordinal);
        Assert.Equal(ArticlePageState.Normal, article.PageState);
    }

    [Fact]
    public async Task Escaped_script_strings_are_decoded_js_escapes_first_then_html_entities()
    {
        var article = await ExtractAsync("escaped.html");

        Assert.Equal("关于“零工市场” & \"就业服务\"的通知", article.Title);
        Assert.Equal("义乌人社 & 就业", article.AccountName);
        Assert.Equal("gh_abc123", article.AccountUserName);
        Assert.Equal(new DateTimeOffset(2024, 12, 1, 10, 30, 0, TimeSpan.FromHours(8)), article.PubDate);
    }

    [Theory]
    [InlineData("deleted.html", ArticlePageState.Removed, "该内容已被发布者删除")]
    [InlineData("violation.html", ArticlePageState.Removed, "此内容因违规无法查看")]
    [InlineData("rumor.html", ArticlePageState.Removed, "不实信息")]
    [InlineData("blocked.html", ArticlePageState.AccountClosed, "此帐号已被屏蔽")]
    [InlineData("migrated.html", ArticlePageState.AccountMigrated, "该公众号已迁移")]
    [InlineData("captcha.html", ArticlePageState.Unavailable, "环境异常")]
    public async Task Error_pages_are_classified_and_keep_what_the_page_says(string fixture, ArticlePageState state, string says)
    {
        var article = await ExtractAsync(fixture);

        Assert.Equal(state, article.PageState);
        Assert.Contains(says, article.BodyText, StringComparison.Ordinal);
        Assert.Null(article.PubDate);
        Assert.Empty(article.Links);
    }

    [Fact]
    public async Task A_migration_named_only_by_transfer_target_link_counts_as_migrated()
    {
        const string html = """
            <html><head><script>var transfer_target_link = "https://mp.weixin.qq.com/s?__biz=Mzk=";</script></head>
            <body><div class="weui-msg"><p>正在跳转</p></div></body></html>
            """;
        using var doc = await Fixture.DocumentAsync(System.Text.Encoding.UTF8.GetBytes(html), Url, "text/html; charset=utf-8");

        Assert.Equal(ArticlePageState.AccountMigrated, WeChatArticleExtractor.Extract(doc, new Uri(Url)).PageState);
    }

    [Fact]
    public async Task A_portal_article_is_not_taken_for_a_wechat_page()
    {
        using var doc = await Fixture.DocumentAsync("article-trs.html", "http://www.yw.gov.cn/art/2026/11/20/art_1_1.html");

        Assert.False(WeChatArticleExtractor.Recognizes(doc));
    }

    [Theory]
    [InlineData(@"a\x26b", "a&b")]
    [InlineData(@"\u4e49\u4e4c", "义乌")]
    [InlineData(@"it\'s \""x\"" \\ end", "it's \"x\" \\ end")]
    [InlineData(@"\ud83d\ude00", "😀")]
    [InlineData(@"\u{1F600}", "😀")]
    [InlineData("plain", "plain")]
    public void Js_escapes_decode(string raw, string expected) =>
        Assert.Equal(expected, WeChatArticleExtractor.UnescapeJs(raw));
}

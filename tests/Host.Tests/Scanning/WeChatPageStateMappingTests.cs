using Monitor.Crawler;
using Monitor.Host.Configuration;
using Monitor.Host.Scanning;
using Monitor.RuleEngine.Evaluation;

namespace Monitor.Host.Tests.Scanning;

/// <summary>
/// A WeChat page that would not show us the article (captcha, rate limit) must not count as a fetched article with
/// an empty body: it maps to "not fetched" with the page's words as the reason.
/// </summary>
public sealed class WeChatPageStateMappingTests
{
    [Theory]
    [InlineData(ArticlePageState.Unavailable, false)]
    [InlineData(ArticlePageState.Normal, true)]
    [InlineData(ArticlePageState.Removed, true)]
    public void An_unavailable_wechat_page_is_not_a_fetched_article(ArticlePageState state, bool fetched)
    {
        var url = new Uri("http://127.0.0.1:5000/wechat/s/a1.html");
        var at = new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);
        var fetch = new FetchResult(url, url, FetchOutcome.Succeeded, 200, "text/html", [], null, at, TimeSpan.Zero, null);
        var article = new ExtractedArticle(url, "标题", null, null, null, null, null, null, null, null, "环境异常", [], []) { PageState = state };
        var crawl = new SourceCrawlResult("c", url, true, null, ListFamily.Generic, [], [new CrawledDocument(new ListEntry(url, "标题", null), fetch, article)], [], null, at, TimeSpan.Zero);
        var source = new SourceConfig("c", "栏目", "/c", url, SourceKind.Column, "动态要闻", "szfb", [], [], null);

        var document = Assert.Single(ObservationMapper.Map(source, [], crawl).Documents);

        Assert.Equal(fetched, document.Fetched);
        if (!fetched)
            Assert.Equal("文章页面暂时无法查看：环境异常", document.FetchError);
    }
}

using System.Globalization;
using System.Text.RegularExpressions;
using Monitor.SamplePortal.Tests.Support;

namespace Monitor.SamplePortal.Tests;

/// <summary>
/// The identity elements and meta tags the site checks read (国办秘函〔2019〕19号), and the date agreement the
/// date-mismatch check relies on: a compliant sample must give neither check anything to report.
/// </summary>
public sealed class SiteIdentityTests
{
    [Fact]
    public void The_homepage_carries_the_site_meta_tags_and_every_identity_element()
    {
        var html = PageText.Decode(Some.Portal().Pages["/index.html"]);

        Assert.Equal("义乌市人民政府门户网站（示例）", PageText.MetaTag(html, "SiteName"));
        Assert.Equal("www.yiwu-sample.example", PageText.MetaTag(html, "SiteDomain"));
        var code = PageText.MetaTag(html, "SiteIDCode");
        Assert.Matches("^[0-9A-Z]{10}$", code);
        Assert.Matches("浙ICP备\\d{8}号", html);
        Assert.Matches("浙公网安备 \\d{14}号", html);
        Assert.Contains($"网站标识码：{code}", html, StringComparison.Ordinal);

        var hrefs = PageText.Hrefs(html).ToList();
        Assert.Contains(hrefs, h => h.StartsWith("https://bszs.conac.cn/sitename?method=show&id=", StringComparison.Ordinal));
        Assert.Contains($"https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code={code}", hrefs);
        Assert.Matches("<a class=\"dzjg\" href=\"https://bszs\\.conac\\.cn/sitename\\?method=show&amp;id=[^\"]+\"[^>]*><img src=\"[^\"]+\" alt=\"党政机关\"", html);
        Assert.Matches("<a class=\"jiucuo\" href=\"[^\"]+\"[^>]*>我为政府网站找错</a>", html);
    }

    [Fact]
    public void The_logo_image_is_served_by_the_site_as_a_png()
    {
        var portal = Some.Portal();
        var src = Regex.Match(PageText.Decode(portal.Pages["/index.html"]), "<img src=\"([^\"]+)\" alt=\"党政机关\"").Groups[1].Value;

        var image = portal.Find(src);

        Assert.NotNull(image);
        Assert.Equal("image/png", image.ContentType);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], image.Body[..4].ToArray());
    }

    [Fact]
    public void Every_page_carries_the_site_meta_tags_and_list_pages_their_column_meta_tags()
    {
        var portal = Some.Portal(disabledFaults: PortalFaults.BlankColumnCsjdZcjd);
        var listPages = portal.Sources.ToDictionary(s => s.Path);

        // WeChat article pages copy mp.weixin.qq.com, not the portal's template.
        var htmlPages = portal.Pages.Values.Where(p => p.ContentType.StartsWith("text/html", StringComparison.Ordinal) && !IsWeChatArticle(p)).ToList();
        Assert.True(htmlPages.Count > 200, $"only {htmlPages.Count} pages");
        Assert.All(htmlPages, page =>
        {
            var html = PageText.Decode(page);
            Assert.Equal("义乌市人民政府门户网站（示例）", PageText.MetaTag(html, "SiteName"));
            Assert.Equal("www.yiwu-sample.example", PageText.MetaTag(html, "SiteDomain"));
            Assert.Equal("3399990001", PageText.MetaTag(html, "SiteIDCode"));
            Assert.Contains("我为政府网站找错", html, StringComparison.Ordinal);
        });

        Assert.All(portal.Sources.Where(s => s.Family is not ("homepage" or "wechat-feed")), source =>
        {
            var html = PageText.Decode(portal.Pages[source.Path]);
            Assert.Equal(source.Name, PageText.MetaTag(html, "ColumnName"));
            Assert.Equal(source.ColumnType, PageText.MetaTag(html, "ColumnType"));
        });
        Assert.Equal("动态要闻", PageText.MetaTag(PageText.Decode(portal.Pages["/xwzx/dtyw/index_1.html"]), "ColumnName"));
        Assert.Equal(19, listPages.Count);
    }

    [Fact]
    public void The_navigation_of_every_page_links_every_column()
    {
        var portal = Some.Portal();

        Assert.All(portal.Pages.Values.Where(p => p.ContentType.StartsWith("text/html", StringComparison.Ordinal) && !IsWeChatArticle(p)), page =>
        {
            var nav = Regex.Match(PageText.Decode(page), "<ul class=\"nav\">(.*?)</ul>", RegexOptions.Singleline).Groups[1].Value;
            Assert.Equal(portal.Sources.Where(s => !s.Family.StartsWith("wechat-", StringComparison.Ordinal)).Select(s => s.Path), PageText.LinkTargets(page.Path, nav));
        });
    }

    [Fact]
    public void Links_to_other_hosts_are_only_the_two_identity_entries()
    {
        var portal = Some.Portal();

        var external = portal.Pages.Values
            .Where(p => p.ContentType.StartsWith("text/html", StringComparison.Ordinal))
            .SelectMany(p => PageText.Hrefs(PageText.Decode(p)))
            .Where(h => h.StartsWith("http", StringComparison.Ordinal))
            .Select(h => new Uri(h).Host)
            .Distinct()
            .Order(StringComparer.Ordinal);

        Assert.Equal(["bszs.conac.cn", "zfwzgl.www.gov.cn"], external);
    }

    [Theory]
    [InlineData(42, "2026-12-01")]
    [InlineData(7, "2026-03-02")]
    public void List_date_pub_date_displayed_date_and_metadata_date_agree_on_every_article(int seed, string asOf)
    {
        var portal = Some.Portal(seed, DateOnly.Parse(asOf, CultureInfo.InvariantCulture), PortalFaults.BlankColumnCsjdZcjd);
        var listed = portal.Pages.Values
            .Where(p => p.ContentType.StartsWith("text/html", StringComparison.Ordinal))
            .SelectMany(p => PageText.ListEntries(p.Path, PageText.Decode(p)))
            .Concat(portal.HanwebColumns.Values.SelectMany(c => c.Records).SelectMany(r => PageText.ListEntries("/", r)))
            .Concat(PageText.JsonEntries(portal).Select(e => (Target: e.Url, e.Date)))
            .ToLookup(e => e.Target, e => e.Date);

        Assert.All(portal.Articles, article =>
        {
            var html = PageText.Decode(portal.Pages[article.Path]);
            var date = article.PublishDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            Assert.StartsWith(date + " ", PageText.MetaTag(html, "PubDate"), StringComparison.Ordinal);
            Assert.Equal(date, PageText.DisplayedDate(html));
            Assert.Equal(date, PageText.Meta(html, "发布日期"));
            Assert.NotEmpty(listed[article.Path]);
            Assert.All(listed[article.Path], d => Assert.Equal(date, d));
        });
    }

    private static bool IsWeChatArticle(PortalPage page) => page.Path.StartsWith("/wechat/s/", StringComparison.Ordinal);
}

using Monitor.Crawler.Extraction;
using Monitor.Crawler.Tests.Support;

namespace Monitor.Crawler.Tests.Extraction;

public sealed class ArticleExtractorTests
{
    private const string TrsUrl = "http://portal.test/zfxxgk/zdbc/202611/t20261120_1000123.html";

    private static async Task<ExtractedArticle> ExtractAsync(string fixture, string url)
    {
        using var doc = await Fixture.DocumentAsync(fixture, url);
        return ArticleExtractor.Extract(doc, new Uri(url));
    }

    [Fact]
    public async Task Trs_article_takes_meta_tags_and_the_label_colon_metadata_table()
    {
        var a = await ExtractAsync("article-trs.html", TrsUrl);

        Assert.Equal("关于义亭镇2026年第5批次征地补偿安置方案公告", a.Title);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.FromHours(8)), a.PubDate);
        Assert.Equal("002609487/2026-00123", a.IndexNumber);
        Assert.Equal("市国土资源局", a.Publisher);
        Assert.Equal(new DateOnly(2026, 11, 2), a.WrittenDate);
        Assert.Equal(new DateOnly(2026, 11, 19), a.MetadataPublishDate);
        Assert.Equal("义土资〔2026〕18号", a.DocumentNumber);
        Assert.Equal("市国土资源局", a.ContentSource);
        Assert.Equal("征地补偿", a.ColumnName);
    }

    [Fact]
    public async Task Article_meta_names_are_recorded_case_insensitively()
    {
        var a = await ExtractAsync("article-trs.html", TrsUrl);

        Assert.Contains("ArticleTitle", a.MetaNames);
        Assert.Contains("pubdate", a.MetaNames);
        Assert.Contains("ContentSource", a.MetaNames);
        Assert.DoesNotContain("SiteIDCode", a.MetaNames);
    }

    [Fact]
    public async Task Displayed_date_comes_from_the_visible_text_outside_the_metadata_table()
    {
        // The table's 成文日期/发布日期 (11-02, 11-19) come first in the page; the displayed line says 11-20.
        var a = await ExtractAsync("article-trs.html", TrsUrl);

        Assert.Equal(new DateOnly(2026, 11, 20), a.DisplayedDate);
    }

    [Fact]
    public async Task Body_is_the_text_between_the_zjeg_markers_whitespace_normalised()
    {
        var a = await ExtractAsync("article-trs.html", TrsUrl);

        Assert.Equal("一、征收范围：义亭镇 某村。 二、补偿方式和标准：详见 省政府文件 。 三、安置方式。 详情请看 相关政策 。", a.BodyText);
    }

    [Fact]
    public async Task Body_links_are_absolute_http_links_of_the_body_only()
    {
        var a = await ExtractAsync("article-trs.html", TrsUrl);

        Assert.Equal(
            ["https://www.zj.gov.cn/art/2020/1/1/art_1.html", "http://portal.test/zfxxgk/zcwj/t20260101_1.html#p2"],
            a.Links.Select(l => l.Url.AbsoluteUri));
        Assert.All(a.Links, l => Assert.False(l.IsAttachment));
    }

    [Fact]
    public async Task Attachments_are_file_links_and_download_scripts_named_by_their_text()
    {
        var a = await ExtractAsync("article-trs.html", TrsUrl);

        Assert.Equal(
            [
                new PageLink("征地补偿安置方案.pdf", new Uri("http://portal.test/zfxxgk/zdbc/202611/W020261120100012_1.pdf"), true),
                new PageLink("补偿标准表", new Uri("http://portal.test/module/download/downfile.jsp?classid=0&filename=1000123_2.pdf"), true),
            ],
            a.Attachments);
    }

    [Fact]
    public async Task Hanweb_article_reads_th_td_cells_chinese_dates_and_the_zoom_body()
    {
        var a = await ExtractAsync("article-hanweb.html", "http://portal.test/art/2026/10/9/art_1229000010_1000457.html");

        Assert.Equal("义乌市保障性住房管理办法", a.Title); // no ArticleTitle meta: the h1, trimmed
        Assert.Equal(new DateTimeOffset(2026, 10, 9, 0, 0, 0, TimeSpan.FromHours(8)), a.PubDate);
        Assert.Equal("002609450/2026-00077", a.IndexNumber);
        Assert.Equal("市城市管理委员会", a.Publisher);
        Assert.Equal(new DateOnly(2026, 8, 21), a.WrittenDate);
        Assert.Equal(new DateOnly(2026, 10, 9), a.MetadataPublishDate);
        Assert.Equal("义城管〔2026〕3号", a.DocumentNumber);
        Assert.Equal(new DateOnly(2026, 10, 9), a.DisplayedDate);
        Assert.Equal("第一条 为规范保障性住房管理…… 本办法自2026年11月1日起施行。", a.BodyText);
        Assert.Null(a.ContentSource);
        Assert.Equal("保障性住房", a.ColumnName);
    }

    [Fact]
    public async Task List_item_metadata_and_largest_text_block_are_used_when_no_known_container_exists()
    {
        var a = await ExtractAsync("article-plain.html", "http://county.test/art/42.html");

        Assert.Equal("关于公布第二批历史建筑名单的公告 - 某县政府", a.Title); // neither meta nor h1: <title>
        Assert.Null(a.PubDate);
        Assert.Equal("11330782MB1234567X/2026-0042", a.IndexNumber);
        Assert.Equal("某县住房和城乡建设局", a.Publisher);
        Assert.Equal(new DateOnly(2026, 11, 10), a.WrittenDate);
        Assert.Equal(new DateOnly(2026, 11, 15), a.DisplayedDate);
        Assert.StartsWith("时间：2026年11月15日 根据有关规定", a.BodyText, StringComparison.Ordinal);
        Assert.Equal([new PageLink("名单下载", new Uri("http://county.test/files/list.xlsx"), true)], a.Attachments);
        Assert.Equal(a.Attachments, a.Links);
    }

    [Theory]
    [InlineData("2026-11-20 09:30", 2026, 11, 20, 9, 30, 0)]
    [InlineData("2026-11-20 09:30:15", 2026, 11, 20, 9, 30, 15)]
    [InlineData("2026-11-20", 2026, 11, 20, 0, 0, 0)]
    [InlineData(" 2026/1/5 7:05 ", 2026, 1, 5, 7, 5, 0)]
    public void PubDate_is_read_as_beijing_time(string value, int y, int mo, int d, int h, int mi, int s)
    {
        Assert.Equal(new DateTimeOffset(y, mo, d, h, mi, s, TimeSpan.FromHours(8)), DateText.ParsePubDate(value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("下午")]
    [InlineData("2026-13-01")]
    [InlineData("2026-02-30 10:00")]
    public void PubDate_that_is_not_a_real_time_is_null(string value)
    {
        Assert.Null(DateText.ParsePubDate(value));
    }

    [Theory]
    [InlineData("发布：2026-11-20", 2026, 11, 20)]
    [InlineData("[2026/11/20]", 2026, 11, 20)]
    [InlineData("（2026.1.2）", 2026, 1, 2)]
    [InlineData("2026年1月2日发布", 2026, 1, 2)]
    [InlineData("编号12026-01-01 不是日期，2025-12-31 才是", 2025, 12, 31)]
    public void First_date_is_found_in_any_supported_format(string text, int y, int m, int d)
    {
        Assert.Equal(new DateOnly(y, m, d), DateText.FindFirst(text));
    }
}

using Monitor.Crawler.Extraction;
using Monitor.Crawler.Tests.Support;

namespace Monitor.Crawler.Tests.Extraction;

/// <summary>
/// Guards against mojibake on GBK pages: the charset may be only in the HTTP header, only in &lt;meta http-equiv&gt;,
/// or in both, and every case must decode exactly.
/// </summary>
public sealed class GbkDecodingTests
{
    private const string Title = "义乌市2026年义务教育招生工作实施方案";

    private static string Page(string head) =>
        "<!DOCTYPE html><html><head>" + head + "<title>招生</title>" +
        $"<meta name=\"ArticleTitle\" content=\"{Title}\"><meta name=\"PubDate\" content=\"2026-05-20 10:00\"></head><body>" +
        "<table><tr><td class=\"t1\">发布机构：</td><td>市教育局</td></tr></table>" +
        $"<h1>{Title}</h1><div>发布日期：2026年5月20日</div>" +
        "<div class=\"TRS_Editor\"><p>随迁子女入学按积分排序，延缓入学须提交申请。</p></div></body></html>";

    public static TheoryData<string, string?> Declarations => new()
    {
        { "", "text/html; charset=GBK" },
        { "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">", "text/html" },
        { "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">", null },
        { "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">", "text/html; charset=GBK" },
        { "<meta charset=\"gbk\">", "text/html" },
    };

    [Theory]
    [MemberData(nameof(Declarations))]
    public async Task Gbk_article_decodes_exactly_wherever_the_charset_is_declared(string meta, string? contentType)
    {
        var bytes = Fixture.Gbk(Page(meta));

        using var doc = await Fixture.DocumentAsync(bytes, "http://portal.test/jyj/ywjy/202605/t20260520_1.html", contentType);
        var article = ArticleExtractor.Extract(doc, new Uri("http://portal.test/jyj/ywjy/202605/t20260520_1.html"));

        Assert.Equal(Title, article.Title);
        Assert.Equal("市教育局", article.Publisher);
        Assert.Equal(new DateOnly(2026, 5, 20), article.DisplayedDate);
        Assert.Equal("随迁子女入学按积分排序，延缓入学须提交申请。", article.BodyText);
    }

    [Fact]
    public void Gbk_bytes_are_not_utf8_so_a_wrong_decoder_would_be_noticed()
    {
        var bytes = Fixture.Gbk(Title);

        Assert.NotEqual(Title, System.Text.Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public async Task Gbk_list_with_charset_only_in_header_gives_exact_titles_and_dates()
    {
        var html = "<html><head><title>义务教育</title></head><body><ul class=\"list\">" +
            "<li><a href=\"./202606/t20260601_3.html\" title=\"2026年学校名录\">2026年学校名录</a><span>2026-06-01</span></li>" +
            "<li><a href=\"./202605/t20260520_1.html\">学生资助政策（两免一补）</a><span>2026年5月20日</span></li>" +
            "</ul><script>createPageHTML(1, 0, \"index\", \"html\");</script></body></html>";

        using var doc = await Fixture.DocumentAsync(Fixture.Gbk(html), "http://portal.test/jyj/ywjy/index.html", "text/html; charset=GBK");
        var entries = GenericListAdapter.ReadEntries(doc);

        Assert.Equal(["2026年学校名录", "学生资助政策（两免一补）"], entries.Select(e => e.Title));
        Assert.Equal([new DateOnly(2026, 6, 1), new DateOnly(2026, 5, 20)], entries.Select(e => e.Date!.Value));
    }
}

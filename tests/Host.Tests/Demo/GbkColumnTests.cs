using Monitor.Host.Tests.Support;
using Monitor.SamplePortal;

namespace Monitor.Host.Tests.Demo;

/// <summary>
/// The 义务教育 column is served as GBK bytes with the charset in the header and a gb2312 meta tag.
/// Guards against mojibake: every title and date the crawler reports must equal what the generator wrote.
/// </summary>
public sealed class GbkColumnTests(DemoBaselineFixture demo) : IClassFixture<DemoBaselineFixture>
{
    [Fact]
    public void The_gbk_column_is_really_served_as_gbk()
    {
        var portal = PortalGenerator.Generate(new PortalOptions { AsOf = DemoHarness.AsOf });
        var source = Assert.Single(portal.Sources, s => s.Id == "ywjy");
        Assert.Equal("GBK", source.Charset, ignoreCase: true);
        var list = portal.Find(source.Path)!;
        Assert.Contains("charset=GBK", list.ContentType, StringComparison.OrdinalIgnoreCase);
        Assert.Throws<System.Text.DecoderFallbackException>(() => new System.Text.UTF8Encoding(false, true).GetString(list.Body.Span));
    }

    [Fact]
    public void Titles_and_dates_of_the_gbk_column_come_out_exactly_right()
    {
        var portal = PortalGenerator.Generate(new PortalOptions { AsOf = DemoHarness.AsOf });
        var expected = portal.Articles.Where(a => a.Column.Id == "ywjy").ToDictionary(a => a.Path);
        var crawl = Assert.Single(demo.Outcome.Scan.Crawls, c => c.SourceId == "ywjy");

        Assert.True(crawl.Succeeded, crawl.FailureReason);
        Assert.Equal(expected.Count, crawl.Documents.Count);
        foreach (var document in crawl.Documents)
        {
            var truth = expected[document.Entry.Url.PathAndQuery];
            Assert.Equal(truth.Title, document.Entry.Title);
            Assert.Equal(truth.PublishDate, document.Entry.Date);

            var article = Assert.IsType<Monitor.Crawler.ExtractedArticle>(document.Article);
            Assert.Equal(truth.Title, article.Title);
            Assert.Equal(truth.Draft.WrittenDate, article.WrittenDate);
            Assert.Equal(truth.PublishDate, article.DisplayedDate);
            Assert.Equal(truth.PublishDate.ToDateTime(truth.Draft.PublishTime), article.PubDate!.Value.DateTime);
            Assert.Equal(TimeSpan.FromHours(8), article.PubDate.Value.Offset);
            Assert.Equal(truth.IndexNumber, article.IndexNumber);
            Assert.Equal("市教育局", article.Publisher);
            Assert.Contains(truth.Draft.Paragraphs.MaxBy(p => p.Length)!, article.BodyText, StringComparison.Ordinal);
        }
    }
}

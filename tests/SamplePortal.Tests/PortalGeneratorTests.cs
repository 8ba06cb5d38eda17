using Monitor.SamplePortal.Tests.Support;

namespace Monitor.SamplePortal.Tests;

public sealed class PortalGeneratorTests
{
    [Fact]
    public void Generating_twice_from_the_same_options_gives_byte_identical_pages_and_manifest()
    {
        var first = Some.Portal();
        var second = Some.Portal();

        Assert.Equal(first.Manifest.ToJson(), second.Manifest.ToJson());
        Assert.Equal(first.Pages.Keys.Order(StringComparer.Ordinal), second.Pages.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, page) in first.Pages)
        {
            Assert.True(page.Body.Span.SequenceEqual(second.Pages[path].Body.Span), $"{path} differs between two generations");
            Assert.Equal(page.ContentType, second.Pages[path].ContentType);
        }
    }

    [Fact]
    public void A_different_seed_changes_titles_and_paths_but_keeps_sources_and_faults()
    {
        var first = Some.Portal(seed: 42);
        var other = Some.Portal(seed: 7);

        Assert.NotEqual(first.Manifest.ToJson(), other.Manifest.ToJson());
        Assert.NotEqual(
            first.Articles.Select(a => a.Path).Order(StringComparer.Ordinal),
            other.Articles.Select(a => a.Path).Order(StringComparer.Ordinal));
        Assert.NotEqual(first.Pages["/index.html"].Body.ToArray(), other.Pages["/index.html"].Body.ToArray());
        Assert.Equal(first.Manifest.Faults.Select(f => f.Id), other.Manifest.Faults.Select(f => f.Id));
        Assert.Equal(first.Sources.Select(s => s.Path), other.Sources.Select(s => s.Path));
        Assert.Equal(
            first.Articles.GroupBy(a => a.Column.Id).Select(g => (g.Key, g.Count())),
            other.Articles.GroupBy(a => a.Column.Id).Select(g => (g.Key, g.Count())));
    }

    [Fact]
    public void The_size_knob_sets_the_number_of_news_documents()
    {
        var portal = PortalGenerator.Generate(Some.Options() with { NewsPerColumn = 33 });

        Assert.Equal(33, portal.Articles.Count(a => a.Column.Id == "dtyw"));
        Assert.Equal(66, portal.Articles.Count(a => a.Column.Id == "tzgg"));
        Assert.Equal(33, portal.Articles.Count(a => a.Column.Id == "jyj-jydt"));
    }

    [Fact]
    public void Every_article_is_published_before_the_as_of_date_and_never_before_it_was_written()
    {
        var portal = Some.Portal();

        Assert.All(portal.Articles, a =>
        {
            Assert.True(a.PublishDate < Some.AsOf, $"{a.Path} published {a.PublishDate}");
            Assert.True(a.Draft.WrittenDate <= a.PublishDate, $"{a.Path} written after publication");
        });
        Assert.Equal(portal.Articles.Count, portal.Articles.Select(a => a.Path).Distinct().Count());
    }

    [Fact]
    public void Unknown_fault_ids_are_rejected_with_the_known_ids_named()
    {
        var error = Assert.Throws<ArgumentException>(() => Some.Portal(disabledFaults: "late-publication/zdbc"));

        Assert.Contains("late-publication/zdbc", error.Message, StringComparison.Ordinal);
        Assert.Contains(PortalFaults.LatePublicationBzxzf, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_source_ids_in_source_faults_are_rejected()
    {
        var options = Some.Options() with
        {
            SourceFaults = new Dictionary<string, SourceFaultMode> { ["nope"] = SourceFaultMode.Hang },
        };

        var error = Assert.Throws<ArgumentException>(() => PortalGenerator.Generate(options));

        Assert.Contains("nope", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PortalOptions.MinNewsPerColumn - 1)]
    [InlineData(PortalOptions.MaxNewsPerColumn + 1)]
    public void A_size_out_of_range_is_rejected(int newsPerColumn)
    {
        var error = Assert.Throws<ArgumentException>(() => PortalGenerator.Generate(Some.Options() with { NewsPerColumn = newsPerColumn }));

        Assert.Contains("NewsPerColumn", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Option_defaults_are_the_documented_ones()
    {
        var options = new PortalOptions { AsOf = Some.AsOf };

        Assert.Equal(42, options.Seed);
        Assert.Equal(40, options.NewsPerColumn);
        Assert.Empty(options.DisabledFaults);
        Assert.Empty(options.SourceFaults);
    }

    [Fact]
    public void Gbk_column_pages_decode_with_gb18030_and_are_not_utf8()
    {
        var portal = Some.Portal();
        var gbkPages = portal.Pages.Values.Where(p => p.SourceId == "ywjy" && p.ContentType.StartsWith("text/html", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(gbkPages);
        Assert.All(gbkPages, page =>
        {
            Assert.Equal("text/html; charset=GBK", page.ContentType);
            var text = PageText.Decode(page);
            Assert.Contains("义务教育", text, StringComparison.Ordinal);
            Assert.Contains("charset=gb2312", text, StringComparison.Ordinal);
            Assert.DoesNotContain("义务教育", System.Text.Encoding.UTF8.GetString(page.Body.Span), StringComparison.Ordinal);
        });
        Assert.All(
            portal.Pages.Values.Where(p => p.SourceId != "ywjy" && p.ContentType.StartsWith("text/html", StringComparison.Ordinal)),
            page => Assert.Equal("text/html; charset=utf-8", page.ContentType));
    }

    [Fact]
    public void Attachments_are_small_pdfs()
    {
        var pdfs = Some.Portal().Pages.Values.Where(p => p.ContentType == "application/pdf").ToList();

        Assert.NotEmpty(pdfs);
        Assert.All(pdfs, pdf => Assert.StartsWith("%PDF-1.4", System.Text.Encoding.ASCII.GetString(pdf.Body.Span), StringComparison.Ordinal));
    }
}

using Monitor.SamplePortal.Generation;
using Monitor.SamplePortal.Tests.Support;

namespace Monitor.SamplePortal.Tests;

/// <summary>Checks the rendered area articles against the item table of docs/sample-portal.md (Fixtures/catalog-keywords.tsv).</summary>
public sealed class AreaDocumentTests
{
    private static readonly IReadOnlyList<CatalogKeywords> Catalog = CatalogKeywords.Load();

    [Theory]
    [InlineData(42, "2026-12-01")]
    [InlineData(2024, "2026-12-01")]
    [InlineData(5, "2025-01-06")]
    [InlineData(6, "2026-03-02")]
    [InlineData(8, "2026-06-30")]
    [InlineData(9, "2026-12-31")]
    public void Every_area_title_matches_exactly_one_item_of_its_column(int seed, string asOf)
    {
        var portal = Some.Portal(seed, DateOnly.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture));

        foreach (var source in portal.Sources.Where(s => s.ExpectedItemIds.Count > 0))
        {
            var items = Catalog.Where(c => source.ExpectedItemIds.Contains(c.ItemId)).ToList();
            var articles = portal.Articles.Where(a => a.Column.Id == source.Id).ToList();
            Assert.InRange(articles.Count, 10, 16);
            foreach (var article in articles)
            {
                var title = PageText.MetaTag(PageText.Decode(portal.Pages[article.Path]), "ArticleTitle");
                var matches = items.Where(i => i.TitleMatches(title)).Select(i => i.ItemId).ToList();
                Assert.True(matches.Count == 1, $"{source.Id}: 《{title}》 matches [{string.Join(", ", matches)}]");
                Assert.Equal(article.ItemId, matches[0]);
            }
        }
    }

    [Fact]
    public void Every_area_body_carries_all_element_keywords_except_the_planted_missing_one()
    {
        var portal = Some.Portal();
        var missing = portal.Manifest.Faults.Single(f => f.Kind == "missing-element");
        var areaArticles = portal.Articles.Where(a => a.ItemId is not null).ToList();

        foreach (var article in areaArticles)
        {
            var body = PageText.Body(PageText.Decode(portal.Pages[article.Path]));
            var item = Catalog.Single(c => c.ItemId == article.ItemId);
            var absent = item.Elements.Where(e => !e.IsMatch(body)).Select(e => e.ToString()).ToList();
            if (article.Path == missing.DocumentPath)
            {
                Assert.Equal(["社会保障"], absent);
                Assert.DoesNotContain("社保", body, StringComparison.Ordinal);
            }
            else
            {
                Assert.True(absent.Count == 0, $"{article.Path} 《{article.Title}》 lacks {string.Join(", ", absent)}");
            }
        }
    }

    [Fact]
    public void With_the_missing_element_fault_disabled_every_body_is_complete()
    {
        var portal = Some.Portal(disabledFaults: PortalFaults.MissingElementZdbc);

        Assert.All(portal.Articles.Where(a => a.ItemId is not null), article =>
        {
            var body = PageText.Body(PageText.Decode(portal.Pages[article.Path]));
            Assert.All(Catalog.Single(c => c.ItemId == article.ItemId).Elements, e => Assert.Matches(e, body));
        });
    }

    [Fact]
    public void Articles_carry_the_meta_tags_and_metadata_table()
    {
        var portal = Some.Portal();

        Assert.All(portal.Articles, article =>
        {
            var html = PageText.Decode(portal.Pages[article.Path]);
            foreach (var meta in new[] { "SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ColumnType", "ArticleTitle", "PubDate", "ContentSource" })
            {
                Assert.Contains($"<meta name=\"{meta}\" content=\"", html, StringComparison.Ordinal);
            }

            Assert.Equal(article.Draft.WrittenDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), PageText.Meta(html, "成文日期"));
            Assert.Equal(article.PublishDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), PageText.Meta(html, "发布日期"));
            Assert.NotEmpty(PageText.Meta(html, "发布机构"));
            Assert.Contains(article.Column.Family == ListFamily.Hanweb ? "<div id=\"zoom\">" : "<div class=\"TRS_Editor\">", html, StringComparison.Ordinal);
        });
    }
}

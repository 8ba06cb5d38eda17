using System.Globalization;
using Monitor.SamplePortal.Generation;
using Monitor.SamplePortal.Tests.Support;

namespace Monitor.SamplePortal.Tests;

/// <summary>
/// Checks the rendered area articles against the item tables of docs/sample-portal.md and
/// docs/sample-portal-areas.md (Fixtures/catalog-keywords.tsv): titles, element keywords and publish windows.
/// </summary>
public sealed class AreaDocumentTests
{
    private static readonly IReadOnlyList<CatalogKeywords> Catalog = CatalogKeywords.Load();

    /// <summary>The element each missing-element fault removes (docs/sample-portal*.md, planted faults).</summary>
    private static readonly Dictionary<string, string> RemovedElement = new(StringComparer.Ordinal)
    {
        [PortalFaults.MissingElementZdbc] = "社会保障",
        [PortalFaults.MissingElementSzfw] = "停水范围",
        [PortalFaults.MissingElementJtcq] = "过渡方式",
    };

    public static TheoryData<int, string> Samples => new()
    {
        { 42, "2026-12-01" }, { 2024, "2026-12-01" }, { 5, "2025-01-06" }, { 6, "2026-03-02" }, { 8, "2026-06-30" }, { 9, "2026-12-31" },
        { 11, "2026-10-15" },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_area_title_matches_exactly_one_item_of_its_column(int seed, string asOf)
    {
        var portal = Some.Portal(seed, DateOnly.Parse(asOf, CultureInfo.InvariantCulture));

        foreach (var source in portal.Sources.Where(s => s.ExpectedItemIds.Count > 0))
        {
            var items = Catalog.Where(c => source.ExpectedItemIds.Contains(c.ItemId)).ToList();
            Assert.Equal(source.ExpectedItemIds.Order(StringComparer.Ordinal), items.Select(i => i.ItemId).Order(StringComparer.Ordinal));
            var articles = portal.Articles.Where(a => a.Column.Id == source.Id).ToList();
            Assert.InRange(articles.Count, 8, 16);
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
    public void Every_area_column_carries_every_expected_item_except_the_missing_standing_one()
    {
        var portal = Some.Portal();

        foreach (var source in portal.Sources.Where(s => s.ExpectedItemIds.Count > 0))
        {
            var present = portal.Articles.Where(a => a.Column.Id == source.Id).Select(a => a.ItemId).ToHashSet();
            Assert.All(
                source.ExpectedItemIds.Where(id => id != "wfgz-djpd"),
                id => Assert.True(present.Contains(id), $"{source.Id} has no {id}"));
        }

        Assert.DoesNotContain(portal.Articles, a => a.ItemId == "wfgz-djpd");
        Assert.Equal(2, Some.Portal(disabledFaults: PortalFaults.MissingItemWfgz).Articles.Count(a => a.ItemId == "wfgz-djpd"));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_area_body_carries_all_element_keywords_except_the_planted_missing_ones(int seed, string asOf)
    {
        var portal = Some.Portal(seed, DateOnly.Parse(asOf, CultureInfo.InvariantCulture));
        var missing = portal.Manifest.Faults.Where(f => f.Kind == "missing-element").ToDictionary(f => f.DocumentPath!, f => RemovedElement[f.Id]);
        Assert.Equal(3, missing.Count);

        foreach (var article in portal.Articles.Where(a => a.ItemId is not null))
        {
            var body = PageText.Body(PageText.Decode(portal.Pages[article.Path]));
            var item = Catalog.Single(c => c.ItemId == article.ItemId);
            var absent = item.Elements.Where(e => !e.IsMatch(body)).Select(e => e.ToString()).ToList();
            if (missing.TryGetValue(article.Path, out var removed))
            {
                Assert.Equal([removed], absent);
            }
            else
            {
                Assert.True(absent.Count == 0, $"{article.Path} 《{article.Title}》 lacks {string.Join(", ", absent)}");
            }
        }
    }

    [Fact]
    public void The_documents_that_lose_an_element_do_not_mention_it_in_other_words()
    {
        var portal = Some.Portal();
        var faults = portal.Manifest.Faults.Where(f => f.Kind == "missing-element").ToDictionary(f => f.Id);

        Assert.DoesNotContain("社保", Body(portal, faults[PortalFaults.MissingElementZdbc].DocumentPath!), StringComparison.Ordinal);
        Assert.DoesNotContain("范围", Body(portal, faults[PortalFaults.MissingElementSzfw].DocumentPath!), StringComparison.Ordinal);
        Assert.DoesNotContain("过渡", Body(portal, faults[PortalFaults.MissingElementJtcq].DocumentPath!), StringComparison.Ordinal);
    }

    [Fact]
    public void With_the_missing_element_faults_disabled_every_body_is_complete()
    {
        var portal = Some.Portal(disabledFaults: [.. RemovedElement.Keys]);

        Assert.All(portal.Articles.Where(a => a.ItemId is not null), article =>
        {
            var body = Body(portal, article.Path);
            Assert.All(Catalog.Single(c => c.ItemId == article.ItemId).Elements, e => Assert.Matches(e, body));
        });
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_compliant_area_document_is_published_within_its_items_window(int seed, string asOf)
    {
        var portal = Some.Portal(seed, DateOnly.Parse(asOf, CultureInfo.InvariantCulture));
        var late = portal.Manifest.Faults.Where(f => f.Kind == "late-publication").Select(f => f.DocumentPath).ToHashSet();
        Assert.Equal(3, late.Count);

        Assert.All(portal.Articles.Where(a => a.ItemId is not null && !late.Contains(a.Path)), article =>
        {
            var html = PageText.Decode(portal.Pages[article.Path]);
            var window = Catalog.Single(c => c.ItemId == article.ItemId).PublishWindow;
            var gap = window.Gap(Date(PageText.Meta(html, "成文日期")), Date(PageText.Meta(html, "发布日期")));
            Assert.True(gap >= window.Min && gap <= window.Max, $"{article.ItemId} {article.Path}: {gap} outside {window}");
        });
    }

    [Theory]
    [InlineData("jz-kwgl", 3, 31)]
    [InlineData("jz-dcjz", 10, 31)]
    [InlineData("bzxzf-ndjh", 3, 31)]
    public void Annual_items_are_published_in_their_year_before_the_due_date_for_every_year_due_within_30_days(string itemId, int month, int day)
    {
        foreach (var asOf in new[] { "2026-12-01", "2026-10-15", "2026-09-15", "2026-03-05", "2026-02-15", "2025-01-06" })
        {
            var date = Date(asOf);
            var portal = Some.Portal(asOf: date, disabledFaults: [.. PortalFaults.All]);
            var years = portal.Articles.Where(a => a.ItemId == itemId).Select(a =>
            {
                Assert.True(a.PublishDate < new DateOnly(a.PublishDate.Year, month, day), $"{itemId} {a.Path} published {a.PublishDate}");
                return a.PublishDate.Year;
            }).ToList();

            var expected = Enumerable.Range(date.Year - 2, 3).Where(y => new DateOnly(y, month, day) <= date.AddDays(30));
            Assert.Equal(expected, years.Order());
        }
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

            Assert.Equal(article.Draft.WrittenDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), PageText.Meta(html, "成文日期"));
            Assert.Equal(article.PublishDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), PageText.Meta(html, "发布日期"));
            Assert.NotEmpty(PageText.Meta(html, "发布机构"));
            Assert.Contains(article.Column.Family == ListFamily.Hanweb ? "<div id=\"zoom\">" : "<div class=\"TRS_Editor\">", html, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("wfgz", "义规〔")]
    [InlineData("fp", "义农〔")]
    [InlineData("jz", "义民〔")]
    public void Policy_documents_show_their_document_number_in_the_metadata_table(string column, string prefix)
    {
        var portal = Some.Portal();

        var numbered = portal.Articles.Where(a => a.Column.Id == column && a.Draft.DocumentNumber is not null).ToList();

        Assert.NotEmpty(numbered);
        Assert.All(numbered, a => Assert.StartsWith(prefix, PageText.Meta(PageText.Decode(portal.Pages[a.Path]), "文号"), StringComparison.Ordinal));
    }

    private static string Body(GeneratedPortal portal, string path) => PageText.Body(PageText.Decode(portal.Pages[path]));

    private static DateOnly Date(string text) => DateOnly.Parse(text, CultureInfo.InvariantCulture);
}

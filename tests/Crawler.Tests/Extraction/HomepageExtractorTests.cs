using Monitor.Crawler.Extraction;
using Monitor.Crawler.Tests.Support;

namespace Monitor.Crawler.Tests.Extraction;

/// <summary>Homepage identity elements (《政府网站发展指引》) and meta names, from fixture pages.</summary>
public sealed class HomepageExtractorTests
{
    private static async Task<HomepageView> ExtractAsync(string fixture)
    {
        using var doc = await Fixture.DocumentAsync(fixture, "http://portal.test/index.html");
        return HomepageExtractor.Extract(doc);
    }

    [Fact]
    public async Task A_homepage_with_every_identity_element_is_recognised()
    {
        var view = await ExtractAsync("homepage-identity.html");

        Assert.Equal(new IdentityMarks("3307820001", Icp: true, PublicSecurity: true, PartyGovernmentLabel: true, FindErrorEntry: true), view.Identity);
        Assert.Equal(new DateOnly(2026, 11, 30), view.NewestShownDate(new DateOnly(2026, 12, 1)));
    }

    [Fact]
    public async Task A_homepage_without_identity_elements_has_none_even_when_it_mentions_icp()
    {
        var view = await ExtractAsync("homepage-bare.html");

        Assert.Equal(IdentityMarks.None, view.Identity);
    }

    [Fact]
    public async Task Meta_names_with_content_are_recorded_and_empty_ones_are_not()
    {
        var view = await ExtractAsync("homepage-identity.html");

        Assert.True(view.MetaNames.SetEquals(["SiteName", "SiteDomain", "SiteIDCode"]));
        Assert.Contains("siteidcode", view.MetaNames);
    }

    [Fact]
    public async Task The_find_error_entry_is_recognised_by_its_link_text_alone()
    {
        const string html = """<html><body><a href="/zfwz/jc.html">我为政府网站找错</a><img src="/x.png" title="党政机关网站"></body></html>""";
        using var doc = await Fixture.DocumentAsync(System.Text.Encoding.UTF8.GetBytes(html), "http://portal.test/", "text/html; charset=utf-8");

        var marks = HomepageExtractor.Identify(doc, "");

        Assert.True(marks.FindErrorEntry);
        Assert.True(marks.PartyGovernmentLabel);
        Assert.Null(marks.SiteIdCode);
    }
}

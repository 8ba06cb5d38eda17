using Monitor.SamplePortal.Tests.Support;

namespace Monitor.SamplePortal.Tests;

/// <summary>
/// Guards the broken-link ground truth: the planted targets must be the only links on the site that do
/// not resolve, otherwise the monitor would report true broken links the manifest does not know.
/// </summary>
public sealed class SiteLinkTests
{
    [Theory]
    [InlineData(42)]
    [InlineData(7)]
    public void Only_the_planted_targets_are_broken_and_each_is_linked_from_its_document(int seed)
    {
        var portal = Some.Portal(seed);

        var broken = AllLinks(portal).Where(link => portal.Find(link.Target) is null).Distinct().ToList();

        var planted = portal.Manifest.Faults.Where(f => f.Kind == "broken-link").Select(f => (f.DocumentPath!, f.TargetPath!)).ToList();
        Assert.Equal(3, planted.Count);
        Assert.Equal(planted.Order(), broken.Select(l => (l.Page, l.Target)).Order());
    }

    [Fact]
    public void With_the_broken_link_faults_disabled_every_link_resolves()
    {
        var portal = Some.Portal(disabledFaults: [PortalFaults.BrokenLinkBzxzf, PortalFaults.BrokenLinkZdbc, PortalFaults.BrokenLinkFwzs]);

        var links = AllLinks(portal).ToList();

        Assert.True(links.Count > 500, $"only {links.Count} links found");
        Assert.All(links, link => Assert.True(portal.Find(link.Target) is not null, $"{link.Page} links {link.Target}"));
    }

    [Fact]
    public void Every_article_is_reachable_from_a_list_page_a_dataproxy_record_or_the_homepage()
    {
        var portal = Some.Portal();
        var linked = AllLinks(portal).Select(l => l.Target).ToHashSet(StringComparer.Ordinal);
        linked.UnionWith(portal.HanwebColumns.Values.SelectMany(c => c.Records).SelectMany(r => PageText.LinkTargets("/", r)));
        linked.UnionWith(PageText.JsonEntries(portal).Select(e => e.Url));

        Assert.All(portal.Articles, a => Assert.Contains(a.Path, linked));
    }

    private static IEnumerable<(string Page, string Target)> AllLinks(GeneratedPortal portal) =>
        portal.Pages.Values
            .Where(p => p.ContentType.StartsWith("text/html", StringComparison.Ordinal))
            .SelectMany(p => PageText.LinkTargets(p.Path, PageText.Decode(p)).Select(target => (p.Path, target)));
}

using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Monitor.Crawler.Extraction;

/// <summary>What a homepage shows: every date in its visible text, every http(s) link, its identity marks and meta names.</summary>
internal sealed record HomepageView(IReadOnlyList<DateOnly> Dates, IReadOnlyList<PageLink> Links)
{
    /// <summary>The identity elements (《政府网站发展指引》) found on the page.</summary>
    public IdentityMarks Identity { get; init; } = IdentityMarks.None;

    /// <summary>Names of the page's &lt;meta name&gt; tags, as written.</summary>
    public IReadOnlySet<string> MetaNames { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The newest date shown that is not after <paramref name="today"/> (a future date is a typo or a footer, not news).</summary>
    public DateOnly? NewestShownDate(DateOnly today) =>
        Dates.Where(d => d <= today).Select(d => (DateOnly?)d).Max();
}

internal static partial class HomepageExtractor
{
    // ICP备案编号: "浙ICP备12345678号", "浙ICP备12345678号-1"; the province prefix is optional.
    [GeneratedRegex(@"ICP\s*备\s*[0-9０-９]{4,}\s*号", RegexOptions.IgnoreCase)]
    private static partial Regex IcpRegex();

    // 公安机关备案标识: "浙公网安备 33078202000001号".
    [GeneratedRegex(@"公网安备\s*[0-9０-９]{6,}\s*号?")]
    private static partial Regex PublicSecurityRegex();

    // 网站标识码 shown in the footer: "网站标识码：3307820001".
    [GeneratedRegex(@"网站标识码\s*[:：]?\s*([0-9A-Za-z]{6,})")]
    private static partial Regex SiteIdCodeTextRegex();

    public static HomepageView Extract(IDocument doc)
    {
        var visible = doc.Body is null ? "" : DomText.Visible(doc.Body);
        var dates = doc.Body is null ? [] : DateText.FindAll(visible).ToList();
        var links = ArticleExtractor.Links(doc.QuerySelectorAll("a[href]"), GenericListAdapter.BaseUrl(doc)).ToList();
        return new HomepageView(dates, links)
        {
            Identity = Identify(doc, visible),
            MetaNames = ArticleExtractor.MetaNames(doc),
        };
    }

    /// <summary>
    /// Looks for each identity element by the way portals show it: the SiteIDCode meta (or the code in the
    /// footer text), ICP备…号, 公网安备, a link or image to bszs.conac.cn or an image titled 党政机关, and a link
    /// to 我为政府网站找错 (by its text or its zfwzgl.www.gov.cn / jiucuo URL).
    /// </summary>
    internal static IdentityMarks Identify(IDocument doc, string visibleText)
    {
        var siteIdCode = ArticleExtractor.Meta(doc, "SiteIDCode")
            ?? (SiteIdCodeTextRegex().Match(visibleText) is { Success: true } m ? m.Groups[1].Value : null);
        var anchors = doc.QuerySelectorAll("a[href]").ToList();
        var images = doc.QuerySelectorAll("img").ToList();

        static bool Has(string? text, string part) => text?.Contains(part, StringComparison.OrdinalIgnoreCase) == true;

        var partyLabel = anchors.Any(a => Has(a.GetAttribute("href"), "bszs.conac.cn"))
            || images.Any(i => Has(i.GetAttribute("src"), "conac.cn") || Has(i.GetAttribute("alt"), "党政机关") || Has(i.GetAttribute("title"), "党政机关"))
            || doc.QuerySelectorAll("script[src]").Any(s => Has(s.GetAttribute("src"), "conac.cn"));
        var findError = anchors.Any(a =>
            Has(DomText.Visible(a), "我为政府网站找错") || Has(a.GetAttribute("title"), "我为政府网站找错")
            || Has(a.GetAttribute("href"), "zfwzgl.www.gov.cn") || Has(a.GetAttribute("href"), "jiucuo")
            || a.QuerySelectorAll("img").Any(i => Has(i.GetAttribute("alt"), "我为政府网站找错")));

        return new IdentityMarks(
            siteIdCode,
            IcpRegex().IsMatch(visibleText),
            PublicSecurityRegex().IsMatch(visibleText),
            partyLabel,
            findError);
    }
}

using AngleSharp.Dom;

namespace Monitor.Crawler.Extraction;

/// <summary>
/// Lists of unknown CMSs (and the entries of TRS pages): the largest group of sibling li/tr elements that each hold a
/// link and a date; the next page is a link reading 下一页/下页/后页/next or marked rel=next.
/// </summary>
internal static class GenericListAdapter
{
    private static readonly HashSet<string> NextWords = new(StringComparer.OrdinalIgnoreCase) { "下一页", "下页", "后页", "next" };

    public static IReadOnlyList<ListEntry> ReadEntries(IDocument doc)
    {
        var baseUrl = BaseUrl(doc);
        List<ListEntry> best = [];
        foreach (var parent in doc.QuerySelectorAll("ul, ol, tbody, table, div, dl"))
        {
            var entries = parent.Children
                .Where(c => c.LocalName is "li" or "tr" or "dd")
                .Select(c => ListEntries.FromItem(c, baseUrl))
                .Where(e => e is { Date: not null })
                .Select(e => e!)
                .ToList();
            if (entries.Count > best.Count)
                best = entries;
        }
        return ListEntries.Distinct(best);
    }

    public static Uri? NextPage(IDocument doc)
    {
        var baseUrl = BaseUrl(doc);
        foreach (var element in doc.QuerySelectorAll("a[href], link[href]"))
        {
            var rel = element.GetAttribute("rel") ?? "";
            var isNext = rel.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("next", StringComparer.OrdinalIgnoreCase)
                || (element.LocalName == "a" && NextWords.Contains(DomText.Visible(element).Trim(' ', '>', '»', '›', '<', '«', '‹', '[', ']')));
            if (isNext && DomText.ResolveHref(element.GetAttribute("href"), baseUrl) is { } url)
                return url;
        }
        return null;
    }

    public static Uri BaseUrl(IDocument doc) => new(doc.BaseUri);
}

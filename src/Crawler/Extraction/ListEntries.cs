using AngleSharp.Dom;

namespace Monitor.Crawler.Extraction;

/// <summary>List entries from list-item markup: a link (title from <c>a@title</c> or its text) and a shown date.</summary>
internal static class ListEntries
{
    /// <summary>The entry an item (li, tr, Hanweb record) shows, or null when it holds no usable link.</summary>
    public static ListEntry? FromItem(IElement item, Uri baseUrl)
    {
        foreach (var anchor in item.QuerySelectorAll("a[href]"))
        {
            var url = DomText.ResolveHref(anchor.GetAttribute("href"), baseUrl);
            if (url is null)
                continue;
            var title = DateText.Normalize(anchor.GetAttribute("title"));
            if (title.Length == 0)
                title = DomText.Visible(anchor);
            // The date is usually beside the link; only when it is not, look inside it (余杭 puts <i>date</i> in the <a>).
            var date = DateText.FindFirst(DomText.Visible(item, exclude: anchor)) ?? DateText.FindFirst(DomText.Visible(anchor));
            return new ListEntry(url, title, date);
        }
        return null;
    }

    /// <summary>Entries in order, first occurrence of each URL kept.</summary>
    public static List<ListEntry> Distinct(IEnumerable<ListEntry> entries)
    {
        var seen = new HashSet<Uri>();
        return [.. entries.Where(e => seen.Add(e.Url))];
    }
}

using AngleSharp.Dom;

namespace Monitor.Crawler.Extraction;

/// <summary>What a homepage shows: every date in its visible text and every http(s) link.</summary>
internal sealed record HomepageView(IReadOnlyList<DateOnly> Dates, IReadOnlyList<PageLink> Links)
{
    /// <summary>The newest date shown that is not after <paramref name="today"/> (a future date is a typo or a footer, not news).</summary>
    public DateOnly? NewestShownDate(DateOnly today) =>
        Dates.Where(d => d <= today).Select(d => (DateOnly?)d).Max();
}

internal static class HomepageExtractor
{
    public static HomepageView Extract(IDocument doc)
    {
        var dates = doc.Body is null ? [] : DateText.FindAll(DomText.Visible(doc.Body)).ToList();
        var links = ArticleExtractor.Links(doc.QuerySelectorAll("a[href]"), GenericListAdapter.BaseUrl(doc)).ToList();
        return new HomepageView(dates, links);
    }
}

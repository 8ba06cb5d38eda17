using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Monitor.Crawler.Extraction;

/// <summary>Where a TRS list page sits among its pages (from its <c>createPageHTML(...)</c> call).</summary>
/// <param name="PageCount">Number of list pages.</param>
/// <param name="CurrentIndex">This page, 0-based (page 0 is index.html).</param>
internal sealed record TrsPager(int PageCount, int CurrentIndex, string PageName, string PageExtension)
{
    /// <summary>URL of page <paramref name="index"/> (0-based) beside <paramref name="anyPage"/>: index.html, index_1.html …</summary>
    public Uri PageUrl(Uri anyPage, int index) =>
        new(anyPage, index == 0 ? $"{PageName}.{PageExtension}" : $"{PageName}_{index}.{PageExtension}");
}

/// <summary>TRS WCM static lists: pages index.html, index_1.html …, pager written by <c>createPageHTML</c>.</summary>
internal static partial class TrsListAdapter
{
    // createPageHTML(count, index, "index", "html"): index 0-based.
    [GeneratedRegex("""createPageHTML\s*\(\s*(?<count>\d+)\s*,\s*(?<index>\d+)\s*,\s*["'](?<name>[^"']+)["']\s*,\s*["'](?<ext>[^"']+)["']\s*\)""")]
    private static partial Regex FourArguments();

    // createPageHTML('div', count, index, 'index', 'html', total): index 1-based.
    [GeneratedRegex("""createPageHTML\s*\(\s*["'][^"']*["']\s*,\s*(?<count>\d+)\s*,\s*(?<index>\d+)\s*,\s*["'](?<name>[^"']+)["']\s*,\s*["'](?<ext>[^"']+)["']\s*,\s*\d+\s*\)""")]
    private static partial Regex SixArguments();

    public static TrsPager? ReadPager(IDocument doc)
    {
        foreach (var script in doc.QuerySelectorAll("script"))
        {
            var code = script.TextContent;
            if (FourArguments().Match(code) is { Success: true } four)
                return Pager(four, oneBased: false);
            if (SixArguments().Match(code) is { Success: true } six)
                return Pager(six, oneBased: true);
        }
        return null;
    }

    private static TrsPager? Pager(Match m, bool oneBased)
    {
        if (!int.TryParse(m.Groups["count"].Value, CultureInfo.InvariantCulture, out var count)
            || !int.TryParse(m.Groups["index"].Value, CultureInfo.InvariantCulture, out var index))
            return null;
        var name = m.Groups["name"].Value;
        var ext = m.Groups["ext"].Value;
        // The page name ends up in a URL: refuse anything that could walk out of the column folder.
        if (name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal) || name.Contains("..", StringComparison.Ordinal)
            || ext.Contains('/', StringComparison.Ordinal) || ext.Contains('\\', StringComparison.Ordinal))
            return null;
        return new TrsPager(Math.Max(count, 1), Math.Max(oneBased ? index - 1 : index, 0), name, ext);
    }
}

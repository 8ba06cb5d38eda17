using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Monitor.SamplePortal.Tests.Support;

/// <summary>Reads generated pages the way a crawler would: charset from the Content-Type, links from href attributes.</summary>
internal static partial class PageText
{
    private static readonly Uri Origin = new("http://portal.test/");

    static PageText() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static string Decode(PortalPage page) => Decode(page.ContentType, page.Body.ToArray());

    /// <summary>The entries of every script-built column's <c>data.json</c> (<c>[{title, url, date}]</c>).</summary>
    public static IEnumerable<(string Title, string Url, string Date)> JsonEntries(GeneratedPortal portal) =>
        portal.Pages.Values
            .Where(p => p.ContentType.StartsWith("application/json", StringComparison.Ordinal))
            .SelectMany(p => System.Text.Json.JsonDocument.Parse(p.Body).RootElement.EnumerateArray()
                .Select(e => (e.GetProperty("title").GetString()!, e.GetProperty("url").GetString()!, e.GetProperty("date").GetString()!))
                .ToList());

    public static string Decode(string contentType, byte[] body) =>
        contentType.Contains("charset=GBK", StringComparison.OrdinalIgnoreCase)
            ? Encoding.GetEncoding("GB18030").GetString(body)
            : new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);

    /// <summary>
    /// Every href on the page (also inside Hanweb CDATA records) that stays on the site, resolved against the page path
    /// to path and query. Links to other hosts (the footer's 党政机关 and 找错 entries) are left out: a crawler never requests them.
    /// </summary>
    public static IEnumerable<string> LinkTargets(string pagePath, string html) =>
        HrefPattern().Matches(html)
            .Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))
            .Select(href => new Uri(new Uri(Origin, pagePath), href))
            .Where(uri => uri.Host == Origin.Host)
            .Select(uri => uri.PathAndQuery);

    /// <summary>Every href on the page, decoded, as written (external ones included).</summary>
    public static IEnumerable<string> Hrefs(string html) =>
        HrefPattern().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value));

    /// <summary>List entries (TRS list items, Hanweb records, homepage blocks): link target resolved against the page, and date.</summary>
    public static IEnumerable<(string Target, string Date)> ListEntries(string pagePath, string html) =>
        ListEntryPattern().Matches(html)
            .Select(m => (new Uri(new Uri(Origin, pagePath), WebUtility.HtmlDecode(m.Groups[1].Value)).PathAndQuery, m.Groups[2].Value));

    /// <summary>The title attributes of the list entries, in order.</summary>
    public static IReadOnlyList<string> ListTitles(string html) =>
        Regex.Matches(html, "<li><a href=\"[^\"]*\" title=\"([^\"]*)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

    /// <summary>The displayed date line: <c>发布时间：yyyy-MM-dd HH:mm</c> (Hanweb) or <c>日期：yyyy-MM-dd</c> (TRS), date part.</summary>
    public static string DisplayedDate(string html)
    {
        var match = DisplayedDatePattern().Match(html);
        Assert.True(match.Success, "page has no displayed date");
        return match.Groups[1].Value;
    }

    /// <summary>The article body between the ZJEG_RSS markers, tags stripped.</summary>
    public static string Body(string html)
    {
        var match = BodyPattern().Match(html);
        Assert.True(match.Success, "page has no ZJEG_RSS content markers");
        return WebUtility.HtmlDecode(TagPattern().Replace(match.Groups[1].Value, string.Empty));
    }

    /// <summary>The value cell after a metadata label (Hanweb th or TRS td.t1).</summary>
    public static string Meta(string html, string label)
    {
        var match = new Regex($"(?:<th>{label}</th>|<td class=\"t1\">{label}：</td>)<td>([^<]*)</td>").Match(html);
        Assert.True(match.Success, $"page has no {label} cell");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public static string MetaTag(string html, string name)
    {
        var match = new Regex($"<meta name=\"{name}\" content=\"([^\"]*)\">").Match(html);
        Assert.True(match.Success, $"page has no {name} meta tag");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public static IReadOnlyList<string> ListDates(string html) =>
        ListDatePattern().Matches(html).Select(m => m.Groups[1].Value).ToList();

    [GeneratedRegex("<li><a href=\"([^\"]+)\"[^>]*>[^<]*</a><span(?: class=\"date\")?>(\\d{4}-\\d{2}-\\d{2})</span></li>")]
    private static partial Regex ListEntryPattern();

    [GeneratedRegex("<div class=\"info\"><span>(?:发布时间|日期)：(\\d{4}-\\d{2}-\\d{2})[ <]")]
    private static partial Regex DisplayedDatePattern();

    [GeneratedRegex("href=\"([^\"]*)\"")]
    private static partial Regex HrefPattern();

    [GeneratedRegex("<!--ZJEG_RSS.content.begin-->(.*)<!--ZJEG_RSS.content.end-->", RegexOptions.Singleline)]
    private static partial Regex BodyPattern();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagPattern();

    [GeneratedRegex("</a><span(?: class=\"date\")?>(\\d{4}-\\d{2}-\\d{2})</span>")]
    private static partial Regex ListDatePattern();
}

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

    public static string Decode(string contentType, byte[] body) =>
        contentType.Contains("charset=GBK", StringComparison.OrdinalIgnoreCase)
            ? Encoding.GetEncoding("GB18030").GetString(body)
            : new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);

    /// <summary>Every href on the page (also inside Hanweb CDATA records), resolved against the page path to path and query.</summary>
    public static IEnumerable<string> LinkTargets(string pagePath, string html) =>
        HrefPattern().Matches(html)
            .Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))
            .Select(href => new Uri(new Uri(Origin, pagePath), href))
            .Select(uri => uri.PathAndQuery);

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

    [GeneratedRegex("href=\"([^\"]*)\"")]
    private static partial Regex HrefPattern();

    [GeneratedRegex("<!--ZJEG_RSS.content.begin-->(.*)<!--ZJEG_RSS.content.end-->", RegexOptions.Singleline)]
    private static partial Regex BodyPattern();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagPattern();

    [GeneratedRegex("</a><span(?: class=\"date\")?>(\\d{4}-\\d{2}-\\d{2})</span>")]
    private static partial Regex ListDatePattern();
}

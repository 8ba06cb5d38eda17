using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Monitor.Crawler.Extraction;

/// <summary>One Hanweb datastore: totals and the records it carries, in order.</summary>
internal sealed record HanwebDatastore(int TotalRecord, int TotalPage, IReadOnlyList<ListEntry> Records)
{
    /// <summary>Records per list page: ceil(totalrecord / totalpage).</summary>
    public int PerPage => TotalPage > 0 ? (TotalRecord + TotalPage - 1) / TotalPage : Math.Max(Records.Count, 1);
}

/// <summary>
/// Hanweb (大汉 JCMS) columns: the first group of records embedded in <c>&lt;script type="text/xml"&gt;&lt;datastore&gt;</c>,
/// further groups from a POST to <c>/module/web/jpage/dataproxy.jsp</c> with the fields of the page's
/// <c>var param_N = {…}</c> object. Each record is a CDATA HTML fragment, parsed as HTML (not matched by regex).
/// </summary>
internal static partial class HanwebListAdapter
{
    /// <summary>The form fields the dataproxy expects, in the order the CMS sends them.</summary>
    public static readonly string[] ParamFields =
        ["col", "appid", "webid", "path", "columnid", "sourceContentType", "unitid", "webname", "permissiontype"];

    [GeneratedRegex(@"var\s+param_\w*\s*=\s*\{(?<body>[^{}]*)\}")]
    private static partial Regex ParamObject();

    [GeneratedRegex("""(?<key>[A-Za-z_]\w*)\s*:\s*(?:'(?<v>[^']*)'|"(?<v>[^"]*)"|(?<v>[^,}]*))""")]
    private static partial Regex ParamPair();

    /// <summary>True when the page embeds a datastore (then it is a Hanweb column, even if the datastore is broken).</summary>
    public static bool HasDatastore(IDocument doc) => EmbeddedXml(doc) is not null;

    /// <summary>The datastore embedded in a column page, or null when the page has none or it is not well-formed.</summary>
    public static HanwebDatastore? ReadEmbedded(IDocument doc) =>
        EmbeddedXml(doc) is { } xml ? ParseDatastore(xml, GenericListAdapter.BaseUrl(doc)) : null;

    private static string? EmbeddedXml(IDocument doc)
    {
        foreach (var script in doc.QuerySelectorAll("script"))
        {
            var type = script.GetAttribute("type") ?? "";
            var text = script.TextContent;
            if (type.Contains("xml", StringComparison.OrdinalIgnoreCase) && text.Contains("<datastore", StringComparison.OrdinalIgnoreCase))
                return text.Trim();
        }
        return null;
    }

    /// <summary>A dataproxy answer (XML bytes; the XML declaration names its encoding, UTF-8 by default).</summary>
    public static HanwebDatastore? ReadDataproxy(byte[] body, Uri baseUrl)
    {
        try
        {
            using var stream = new MemoryStream(body, writable: false);
            using var reader = XmlReader.Create(stream, SafeXml);
            return FromXml(XDocument.Load(reader), baseUrl);
        }
        catch (XmlException)
        {
            return null;
        }
    }

    private static HanwebDatastore? ParseDatastore(string xml, Uri baseUrl)
    {
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), SafeXml);
            return FromXml(XDocument.Load(reader), baseUrl);
        }
        catch (XmlException)
        {
            return null;
        }
    }

    // Crawled XML is untrusted: no DTDs (entity expansion), no external resources.
    private static readonly XmlReaderSettings SafeXml = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
    };

    private static HanwebDatastore? FromXml(XDocument xml, Uri baseUrl)
    {
        var root = xml.Root;
        if (root is null || !root.Name.LocalName.Equals("datastore", StringComparison.OrdinalIgnoreCase))
            return null;
        int Number(string name) =>
            int.TryParse(root.Element(name)?.Value.Trim(), CultureInfo.InvariantCulture, out var n) ? n : 0;

        var parser = new HtmlParser();
        var records = new List<ListEntry>();
        foreach (var record in root.Descendants("record"))
        {
            var fragment = parser.ParseDocument($"<!DOCTYPE html><html><body>{record.Value}</body></html>");
            if (fragment.Body is { } body && ListEntries.FromItem(body, baseUrl) is { } entry)
                records.Add(entry);
        }
        return new HanwebDatastore(Number("totalrecord"), Number("totalpage"), records);
    }

    /// <summary>The dataproxy form fields from the page's <c>var param_N = {…}</c>, or null when the page has none.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>>? ReadParams(IDocument doc)
    {
        foreach (var script in doc.QuerySelectorAll("script"))
        {
            var m = ParamObject().Match(script.TextContent);
            if (!m.Success)
                continue;
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match pair in ParamPair().Matches(m.Groups["body"].Value))
                values[pair.Groups["key"].Value] = pair.Groups["v"].Value.Trim();
            return [.. ParamFields.Where(values.ContainsKey).Select(k => new KeyValuePair<string, string>(k, values[k]))];
        }
        return null;
    }

    /// <summary>The dataproxy URL for records <paramref name="start"/>…<paramref name="end"/> (1-based, inclusive).</summary>
    public static Uri DataproxyUrl(Uri columnPage, int start, int end, int perPage) =>
        new(columnPage, string.Create(CultureInfo.InvariantCulture,
            $"/module/web/jpage/dataproxy.jsp?startrecord={start}&endrecord={end}&perpage={perPage}"));
}

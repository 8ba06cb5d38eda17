using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Monitor.Crawler.Extraction;

/// <summary>One item of a feed: its list entry (date in Beijing time) and the full publish time when the feed gives one.</summary>
internal sealed record FeedItem(ListEntry Entry, DateTimeOffset? PublishedAt);

/// <summary>A parsed feed: its title (the account name, as mirrors write it) and its items in feed order.</summary>
internal sealed record ParsedFeed(string? Title, IReadOnlyList<FeedItem> Items);

/// <summary>A feed, or the Chinese reason it could not be read (<see cref="Error"/>).</summary>
internal sealed record FeedReadResult(ParsedFeed? Feed, string? Error);

/// <summary>
/// RSS 2.0 (<c>rss/channel/item</c>) and Atom (<c>feed/entry</c>) feeds, as WeChat mirror services publish an
/// account's articles. The XML is untrusted: DTDs are refused outright (no entity expansion, no external entities),
/// so an entity bomb is a parse failure, not a memory blow-up. Pure: bytes in, entries out.
/// </summary>
internal static partial class FeedAdapter
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    // RFC 822 zone names; "CST" on Chinese feeds is China Standard Time (Java's Date.toString in Asia/Shanghai
    // writes it), not US Central, so it is read as +08:00.
    private static readonly Dictionary<string, TimeSpan> ZoneNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["GMT"] = TimeSpan.Zero, ["UT"] = TimeSpan.Zero, ["UTC"] = TimeSpan.Zero, ["Z"] = TimeSpan.Zero,
        ["EST"] = TimeSpan.FromHours(-5), ["EDT"] = TimeSpan.FromHours(-4),
        ["CDT"] = TimeSpan.FromHours(-5), ["MST"] = TimeSpan.FromHours(-7), ["MDT"] = TimeSpan.FromHours(-6),
        ["PST"] = TimeSpan.FromHours(-8), ["PDT"] = TimeSpan.FromHours(-7),
        ["CST"] = DateText.ShanghaiOffset, ["BJT"] = DateText.ShanghaiOffset,
    };

    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    // [Day,] DD Mon YYYY HH:MM[:SS] [zone]
    [GeneratedRegex(@"^\s*(?:[A-Za-z]{3,9},?\s*)?(?<d>\d{1,2})\s+(?<mon>[A-Za-z]{3,9})\.?\s+(?<y>\d{2,4})\s+(?<h>\d{1,2}):(?<min>\d{2})(?::(?<s>\d{2}))?\s*(?<zone>[+-]\d{2}:?\d{2}|[A-Za-z]{1,5})?\s*$")]
    private static partial Regex Rfc822();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    static FeedAdapter()
    {
        // Mirrors of Chinese accounts may declare encoding="GBK".
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>Reads an RSS 2.0 or Atom document; anything else (or malformed XML, or a DTD) is an error.</summary>
    public static FeedReadResult Read(byte[] body, Uri feedUrl)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreProcessingInstructions = true,
            IgnoreComments = true,
        };
        XDocument xml;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(body, writable: false), settings);
            xml = XDocument.Load(reader, LoadOptions.SetBaseUri);
        }
        catch (XmlException ex)
        {
            return new FeedReadResult(null, $"订阅源无法解析：XML格式错误（第{ex.LineNumber}行：{ex.Message}）");
        }
        catch (ArgumentException ex)
        {
            // An unknown encoding name in the XML declaration.
            return new FeedReadResult(null, $"订阅源无法解析：{ex.Message}");
        }

        var root = xml.Root;
        if (root is null)
            return new FeedReadResult(null, "订阅源无法解析：文档为空");
        if (root.Name == Atom + "feed")
            return new FeedReadResult(ReadAtom(root, feedUrl), null);
        if (root.Name.LocalName == "rss" && root.Element("channel") is { } channel)
            return new FeedReadResult(ReadRss(channel, feedUrl), null);
        return new FeedReadResult(null, $"订阅源无法解析：不是 RSS 2.0 或 Atom 文档（根元素为 {root.Name.LocalName}）");
    }

    private static ParsedFeed ReadRss(XElement channel, Uri feedUrl)
    {
        var items = new List<FeedItem>();
        var seen = new HashSet<Uri>();
        foreach (var item in channel.Elements("item"))
        {
            var link = Text(item.Element("link"));
            var guid = item.Element("guid");
            var guidIsLink = guid is not null && !string.Equals((string?)guid.Attribute("isPermaLink"), "false", StringComparison.OrdinalIgnoreCase);
            var url = Resolve(link, feedUrl) ?? (guidIsLink ? Resolve(Text(guid), feedUrl) : null);
            if (url is null || !seen.Add(url))
                continue;
            var published = ParseRfc822(Text(item.Element("pubDate")))
                ?? ParseIso(Text(item.Element(XName.Get("date", "http://purl.org/dc/elements/1.1/"))));
            items.Add(Item(url, Text(item.Element("title")), published));
        }
        return new ParsedFeed(NonEmpty(Text(channel.Element("title"))), items);
    }

    private static ParsedFeed ReadAtom(XElement feed, Uri feedUrl)
    {
        var items = new List<FeedItem>();
        var seen = new HashSet<Uri>();
        var feedBase = Resolve((string?)feed.Attribute(XNamespace.Xml + "base"), feedUrl) ?? feedUrl;
        foreach (var entry in feed.Elements(Atom + "entry"))
        {
            var entryBase = Resolve((string?)entry.Attribute(XNamespace.Xml + "base"), feedBase) ?? feedBase;
            var link = entry.Elements(Atom + "link")
                .Where(l => (string?)l.Attribute("rel") is null or "alternate")
                .Select(l => Resolve((string?)l.Attribute("href"), entryBase))
                .FirstOrDefault(u => u is not null);
            if (link is null || !seen.Add(link))
                continue;
            var published = ParseIso(Text(entry.Element(Atom + "published"))) ?? ParseIso(Text(entry.Element(Atom + "updated")));
            items.Add(Item(link, AtomText(entry.Element(Atom + "title")), published));
        }
        return new ParsedFeed(NonEmpty(AtomText(feed.Element(Atom + "title"))), items);
    }

    private static FeedItem Item(Uri url, string? title, DateTimeOffset? published)
    {
        var date = published is { } p ? DateOnly.FromDateTime(p.ToOffset(DateText.ShanghaiOffset).DateTime) : (DateOnly?)null;
        return new FeedItem(new ListEntry(url, title ?? "", date), published);
    }

    /// <summary>RFC 822 / 1123 dates (<c>Tue, 01 Dec 2026 09:30:00 +0800</c>, <c>… GMT</c>); ISO 8601 as a fallback.</summary>
    public static DateTimeOffset? ParseRfc822(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        var m = Rfc822().Match(value);
        if (!m.Success)
            return ParseIso(value);
        var monthIndex = Array.IndexOf(Months, m.Groups["mon"].Value[..3].ToLowerInvariant());
        if (monthIndex < 0)
            return null;
        var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        if (year < 100)
            year += year < 50 ? 2000 : 1900;
        var offset = Offset(m.Groups["zone"].Success ? m.Groups["zone"].Value : null);
        if (offset is null)
            return null;
        return Build(year, monthIndex + 1, Int(m, "d"), Int(m, "h"), Int(m, "min"), m.Groups["s"].Success ? Int(m, "s") : 0, offset.Value);
    }

    /// <summary>ISO 8601 (<c>2026-12-01T09:30:00+08:00</c>, <c>…Z</c>); a time without an offset is Beijing time.</summary>
    public static DateTimeOffset? ParseIso(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        var text = value.Trim();
        var hasZone = text.EndsWith('Z') || text.EndsWith('z') || HasNumericOffset(text);
        if (hasZone)
        {
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var withZone)
                ? withZone
                : null;
        }
        return DateText.ParsePubDate(text);
    }

    private static bool HasNumericOffset(string text)
    {
        var t = text.LastIndexOf('T');
        if (t < 0)
            t = text.LastIndexOf(' ');
        if (t < 0)
            return false;
        var time = text[(t + 1)..];
        return time.Contains('+', StringComparison.Ordinal) || time.Contains('-', StringComparison.Ordinal);
    }

    private static TimeSpan? Offset(string? zone)
    {
        if (zone is null)
            return DateText.ShanghaiOffset;
        if (zone[0] is '+' or '-')
        {
            var digits = zone[1..].Replace(":", "", StringComparison.Ordinal);
            var hours = int.Parse(digits[..2], CultureInfo.InvariantCulture);
            var minutes = int.Parse(digits[2..], CultureInfo.InvariantCulture);
            if (hours > 14 || minutes > 59)
                return null;
            var span = new TimeSpan(hours, minutes, 0);
            return zone[0] == '-' ? -span : span;
        }
        return ZoneNames.TryGetValue(zone, out var named) ? named : null;
    }

    private static DateTimeOffset? Build(int y, int mo, int d, int h, int min, int s, TimeSpan offset) =>
        mo is >= 1 and <= 12 && y is >= 1 and <= 9999 && d >= 1 && d <= DateTime.DaysInMonth(y, mo) && h <= 23 && min <= 59 && s <= 60
            ? new DateTimeOffset(y, mo, d, h, min, Math.Min(s, 59), offset)
            : null;

    private static int Int(Match m, string group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    private static string? Text(XElement? e) => e is null ? null : NonEmpty(e.Value.Trim());

    /// <summary>Atom text constructs: type="html"/"xhtml" carry markup; the visible text is what counts.</summary>
    private static string? AtomText(XElement? e)
    {
        if (e is null)
            return null;
        var type = (string?)e.Attribute("type");
        var text = type is "html" or "xhtml" ? System.Net.WebUtility.HtmlDecode(Tags().Replace(e.Value, "")) : e.Value;
        return NonEmpty(DateText.Normalize(text));
    }

    private static Uri? Resolve(string? href, Uri baseUrl)
    {
        if (string.IsNullOrWhiteSpace(href) || !Uri.TryCreate(baseUrl, href.Trim(), out var url))
            return null;
        return url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps ? DomText.WithoutFragment(url) : null;
    }

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}

using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Monitor.Crawler.Extraction;

/// <summary>
/// Fields of a government article page (TRS, Hanweb and alike): standard meta tags, the 信息公开 metadata table,
/// the displayed date, the body and its attachments and links. Pure: DOM in, fields out.
/// </summary>
internal static partial class ArticleExtractor
{
    private static readonly string[] BodySelectors = ["#zoom", ".TRS_Editor", ".article-content", ".article-body", "#js_content"];
    private static readonly string[] AttachmentExtensions = [".pdf", ".doc", ".docx", ".xls", ".xlsx", ".wps", ".zip", ".rar", ".ofd"];

    // The labels that anchor the metadata table, most specific first.
    private static readonly string[] AnchorLabels = ["索引号", "发布机构", "成文日期"];

    [GeneratedRegex("(?:发布时间|发布日期|日期|时间)[^0-9]{0,8}?" + DateText.DatePattern)]
    private static partial Regex DisplayedDateRegex();

    public static ExtractedArticle Extract(IDocument doc, Uri url)
    {
        var metadata = MetadataTable.Find(doc);
        var body = BodyRegion.Find(doc);
        var baseUrl = GenericListAdapter.BaseUrl(doc);

        var title = Meta(doc, "ArticleTitle")
            ?? NonEmpty(doc.QuerySelector("h1") is { } h1 ? DomText.Visible(h1) : null)
            ?? NonEmpty(DateText.Normalize(doc.Title));

        var visibleOutsideTable = doc.Body is null ? "" : DomText.Visible(doc.Body, metadata.Container);
        var displayed = DisplayedDateRegex().Match(visibleOutsideTable) is { Success: true } m ? DateText.FromMatch(m) : null;

        var attachments = Links(doc.QuerySelectorAll("a[href]"), baseUrl).Where(l => l.IsAttachment).ToList();
        var links = Links(body.Anchors, baseUrl).ToList();

        return new ExtractedArticle(
            url,
            title,
            DateText.ParsePubDate(Meta(doc, "PubDate")),
            displayed,
            DateText.FindFirst(metadata.Value("成文日期") ?? ""),
            metadata.Value("发布机构"),
            metadata.Value("索引号"),
            metadata.Value("文号") ?? metadata.Value("发文字号"),
            Meta(doc, "ContentSource"),
            Meta(doc, "ColumnName"),
            body.Text,
            attachments,
            links)
        {
            MetadataPublishDate = DateText.FindFirst(metadata.Value("发布日期") ?? ""),
            MetaNames = MetaNames(doc),
        };
    }

    /// <summary>True for document downloads: a known file extension, or a download script such as downfile.jsp.</summary>
    public static bool IsAttachment(Uri url)
    {
        var path = url.AbsolutePath;
        return AttachmentExtensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase))
            || path.Contains("downfile.jsp", StringComparison.OrdinalIgnoreCase)
            || path.Contains("download", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>http(s) links of the anchors, absolute, one per target URL, named by their text.</summary>
    public static IEnumerable<PageLink> Links(IEnumerable<IElement> anchors, Uri baseUrl)
    {
        var seen = new HashSet<Uri>();
        foreach (var a in anchors)
        {
            if (DomText.ResolveHref(a.GetAttribute("href"), baseUrl) is not { } target || !seen.Add(target))
                continue;
            var text = NonEmpty(DomText.Visible(a)) ?? NonEmpty(DateText.Normalize(a.GetAttribute("title")))
                ?? Uri.UnescapeDataString(target.Segments[^1]);
            yield return new PageLink(text, target, IsAttachment(target));
        }
    }

    /// <summary>Names of the &lt;meta name&gt; tags that carry a non-empty content (an empty tag is as good as none).</summary>
    public static IReadOnlySet<string> MetaNames(IDocument doc)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var meta in doc.QuerySelectorAll("meta[name]"))
        {
            if (NonEmpty(meta.GetAttribute("name")?.Trim()) is { } name && NonEmpty(meta.GetAttribute("content")) is not null)
                names.Add(name);
        }
        return names;
    }

    public static string? Meta(IDocument doc, string name)
    {
        foreach (var meta in doc.QuerySelectorAll("meta[name]"))
        {
            if (string.Equals(meta.GetAttribute("name"), name, StringComparison.OrdinalIgnoreCase))
                return NonEmpty(DateText.Normalize(meta.GetAttribute("content")));
        }
        return null;
    }

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    /// <summary>
    /// The 信息公开 metadata block: label/value cells (<c>&lt;th&gt;索引号&lt;/th&gt;&lt;td&gt;…</c>,
    /// <c>&lt;td&gt;索引号：&lt;/td&gt;&lt;td&gt;…</c>) or label and value in one element (<c>&lt;li&gt;索引号：…&lt;/li&gt;</c>).
    /// Labels are looked up inside the block only, so a 发布日期 line elsewhere on the page is not taken for the table's.
    /// </summary>
    private sealed class MetadataTable
    {
        private readonly IElement? _scope;

        private MetadataTable(IElement? container) => (Container, _scope) = (container, container);

        public IElement? Container { get; }

        public static MetadataTable Find(IDocument doc)
        {
            if (doc.Body is null)
                return new MetadataTable(null);
            foreach (var label in AnchorLabels)
            {
                if (FindLabel(doc.Body, label) is { } hit)
                    return new MetadataTable(ContainerOf(hit.Element));
            }
            return new MetadataTable(null);
        }

        public string? Value(string label) => _scope is null ? null : FindLabel(_scope, label)?.Value;

        private static IElement ContainerOf(IElement cell)
        {
            for (var e = cell.ParentElement; e is not null; e = e.ParentElement)
            {
                if (e.LocalName is "table" or "ul" or "ol" or "dl")
                    return e;
            }
            return cell.ParentElement?.ParentElement ?? cell.ParentElement ?? cell;
        }

        private static (IElement Element, string? Value)? FindLabel(IElement scope, string label)
        {
            foreach (var e in scope.QuerySelectorAll("*"))
            {
                if (DomText.IsInvisible(e) || DomText.InsideInvisible(e))
                    continue;
                var text = DomText.Visible(e);
                if (StripColon(text) == label)
                {
                    // Value in the next cell, else after the label in the parent (<li><b>索引号：</b>xxx</li>).
                    var value = e.NextElementSibling is { } next ? DomText.Visible(next) : AfterLabel(e.ParentElement is { } p ? DomText.Visible(p) : "", label);
                    return (e, NonEmpty(value));
                }
                if (!e.Children.Any(c => DomText.Visible(c).Contains(label, StringComparison.Ordinal))
                    && AfterLabel(text, label) is { } rest)
                    return (e, NonEmpty(rest));
            }
            return null;
        }

        private static string StripColon(string text) => text.TrimEnd(':', '：', ' ').Trim();

        /// <summary>"索引号：xxx" → "xxx"; null when the text does not start with the label and a colon.</summary>
        private static string? AfterLabel(string text, string label)
        {
            if (!text.StartsWith(label, StringComparison.Ordinal))
                return null;
            var rest = text[label.Length..].TrimStart();
            return rest.Length > 0 && rest[0] is ':' or '：' ? rest[1..].Trim() : null;
        }
    }

    /// <summary>The article body: between the ZJEG_RSS markers, else a known container, else the largest text block.</summary>
    private sealed record BodyRegion(string Text, IReadOnlyList<IElement> Anchors)
    {
        public static BodyRegion Find(IDocument doc)
        {
            if (doc.Body is null)
                return new BodyRegion("", []);
            if (BetweenMarkers(doc) is { } marked)
                return marked;
            foreach (var selector in BodySelectors)
            {
                if (doc.QuerySelector(selector) is { } container)
                    return Of(container);
            }
            return Of(LargestTextBlock(doc.Body));
        }

        private static BodyRegion Of(IElement e) => new(DomText.Visible(e), [.. e.QuerySelectorAll("a[href]")]);

        private static BodyRegion? BetweenMarkers(IDocument doc)
        {
            var inside = false;
            var found = false;
            var text = new System.Text.StringBuilder();
            var anchors = new List<IElement>();
            foreach (var node in DomText.Walk(doc))
            {
                if (node is IComment comment)
                {
                    var data = comment.Data.Trim();
                    if (data.Equals("ZJEG_RSS.content.begin", StringComparison.OrdinalIgnoreCase))
                        (inside, found) = (true, true);
                    else if (data.Equals("ZJEG_RSS.content.end", StringComparison.OrdinalIgnoreCase))
                        inside = false;
                    continue;
                }
                if (!inside)
                    continue;
                if (node is IText t && !DomText.InsideInvisible(t))
                    text.Append(t.Data).Append(' ');
                else if (node is IElement { LocalName: "a" } a && a.HasAttribute("href"))
                    anchors.Add(a);
                else if (node is IElement { LocalName: "br" or "p" or "div" or "td" or "li" })
                    text.Append(' ');
            }
            return found ? new BodyRegion(DateText.Normalize(text.ToString()), anchors) : null;
        }

        private static IElement LargestTextBlock(IElement root)
        {
            var best = root;
            var bestScore = 0;
            foreach (var e in root.QuerySelectorAll("div, article, section, main, td"))
            {
                // Own text plus paragraph children: a layout wrapper scores low, the block holding the prose high.
                var score = e.ChildNodes.OfType<IText>().Sum(t => DateText.Normalize(t.Data).Length)
                    + e.Children.Where(c => c.LocalName == "p").Sum(p => DomText.Visible(p).Length);
                if (score > bestScore)
                    (best, bestScore) = (e, score);
            }
            return best;
        }
    }
}

using System.Text;
using AngleSharp.Dom;

namespace Monitor.Crawler.Extraction;

/// <summary>Visible text and links of DOM regions, skipping what a reader never sees (scripts, styles).</summary>
internal static class DomText
{
    private static readonly HashSet<string> Invisible = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "head",
    };

    /// <summary>All nodes below <paramref name="root"/> in document order.</summary>
    public static IEnumerable<INode> Walk(INode root)
    {
        var stack = new Stack<INode>();
        for (var i = root.ChildNodes.Length - 1; i >= 0; i--)
            stack.Push(root.ChildNodes[i]);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            yield return node;
            for (var i = node.ChildNodes.Length - 1; i >= 0; i--)
                stack.Push(node.ChildNodes[i]);
        }
    }

    /// <summary>Visible text below <paramref name="root"/>, whitespace-normalised, leaving out <paramref name="exclude"/>'s subtree.</summary>
    public static string Visible(INode root, INode? exclude = null)
    {
        var text = new StringBuilder();
        AppendVisible(root, exclude, text);
        return DateText.Normalize(text.ToString());
    }

    private static void AppendVisible(INode node, INode? exclude, StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            if (ReferenceEquals(child, exclude))
                continue;
            if (child is IText t)
                text.Append(t.Data);
            else if (child is IElement e && !Invisible.Contains(e.LocalName))
            {
                // Block boundaries separate words that markup alone separated (<td>a</td><td>b</td>).
                text.Append(' ');
                AppendVisible(e, exclude, text);
                text.Append(' ');
            }
        }
    }

    public static bool IsInvisible(IElement e) => Invisible.Contains(e.LocalName);

    /// <summary>True when <paramref name="node"/> sits inside an invisible element (a script, a style).</summary>
    public static bool InsideInvisible(INode node)
    {
        for (var p = node.ParentElement; p is not null; p = p.ParentElement)
        {
            if (IsInvisible(p))
                return true;
        }
        return false;
    }

    /// <summary>An href resolved against <paramref name="baseUrl"/>; null for fragments, javascript:, mailto: and junk.</summary>
    public static Uri? ResolveHref(string? href, Uri baseUrl)
    {
        if (string.IsNullOrWhiteSpace(href))
            return null;
        href = href.Trim();
        if (href.StartsWith('#')
            || href.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase)
            || href.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)
            || href.StartsWith("tel:", StringComparison.OrdinalIgnoreCase))
            return null;
        if (!Uri.TryCreate(baseUrl, href, out var url))
            return null;
        return url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps ? url : null;
    }

    /// <summary>The URL without its fragment: two links that differ only after '#' are one target.</summary>
    public static Uri WithoutFragment(Uri url) =>
        string.IsNullOrEmpty(url.Fragment) ? url : new Uri(url.GetLeftPart(UriPartial.Query));
}

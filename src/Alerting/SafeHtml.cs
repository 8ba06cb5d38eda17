using System.Net;
using System.Text;

namespace Monitor.Alerting;

/// <summary>
/// How crawled (untrusted) text reaches HTML, in mails and reports alike: always encoded, and a URL
/// becomes a link only when it is an absolute http/https URL, so a page cannot smuggle markup,
/// script or a <c>javascript:</c> link into what we send.
/// </summary>
public static class SafeHtml
{
    /// <summary>The text HTML-encoded for element content or a quoted attribute; null becomes empty.</summary>
    public static string Text(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        // Control characters other than tab and newlines carry no meaning in a report and some
        // renderers mishandle them; they are dropped before encoding.
        var clean = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!char.IsControl(c) || c is '\t' or '\n' or '\r')
            {
                clean.Append(c);
            }
        }

        return WebUtility.HtmlEncode(clean.ToString());
    }

    /// <summary>The URL parsed when it is absolute with scheme http or https; null otherwise.</summary>
    public static Uri? WebUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri))
        {
            return null;
        }

        return uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps ? uri : null;
    }

    /// <summary>
    /// An <c>&lt;a&gt;</c> for an http/https URL (label defaults to the URL); any other URL is shown
    /// as encoded text and is not clickable.
    /// </summary>
    public static string Link(string? url, string? label = null)
    {
        var shown = Text(label ?? url);
        var uri = WebUrl(url);
        if (uri is null)
        {
            return shown;
        }

        // AbsoluteUri percent-escapes quotes and spaces; encoding it again keeps the attribute closed.
        return $"<a href=\"{Text(uri.AbsoluteUri)}\" rel=\"noopener noreferrer\">{shown}</a>";
    }
}

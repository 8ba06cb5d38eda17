using System.Text;
using AngleSharp;
using AngleSharp.Dom;

namespace Monitor.Crawler.Extraction;

/// <summary>
/// Turns fetched bytes into a DOM the way a browser would: AngleSharp sees the raw bytes together with the
/// Content-Type header, so the charset is taken from the header, else from &lt;meta&gt;, else sniffed. Decoding to a
/// string first (GetStringAsync, or parsing a stream without the header) garbles GBK pages whose charset is only
/// in the header.
/// </summary>
internal static class HtmlLoader
{
    static HtmlLoader()
    {
        // GBK/GB2312/GB18030 are not in .NET's default encodings; once per process is enough.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    public static Task<IDocument> LoadAsync(FetchResult fetch, CancellationToken ct) =>
        LoadAsync(fetch.Body ?? [], fetch.FinalUrl, CharsetMismatch(fetch) ? "text/html; charset=gb18030" : fetch.ContentType, fetch.Status ?? 200, ct);

    /// <summary>
    /// The header says UTF-8 (or says nothing and the page has no meta charset) but the bytes are not UTF-8: a
    /// mislabelled GBK page, the commonest charset error on county portals. Such pages are read as GB18030 (a superset
    /// of GBK) and the crawler notes the wrong declaration; the evidence keeps the bytes as served.
    /// </summary>
    public static bool CharsetMismatch(FetchResult fetch)
    {
        if (fetch.Body is not { Length: > 0 } body || System.Text.Unicode.Utf8.IsValid(body))
            return false;
        var declared = fetch.ContentType ?? "";
        var saysUtf8 = declared.Contains("utf-8", StringComparison.OrdinalIgnoreCase) || declared.Contains("utf8", StringComparison.OrdinalIgnoreCase);
        var saysNothing = !declared.Contains("charset", StringComparison.OrdinalIgnoreCase)
            && !Encoding.ASCII.GetString(body, 0, Math.Min(body.Length, 2048)).Contains("charset", StringComparison.OrdinalIgnoreCase);
        return saysUtf8 || saysNothing;
    }

    public static async Task<IDocument> LoadAsync(byte[] body, Uri url, string? contentType, int status, CancellationToken ct)
    {
        var context = BrowsingContext.New(Configuration.Default);
        var stream = new MemoryStream(body, writable: false);
        return await context.OpenAsync(
            r => r.Content(stream, true)
                .Address(url)
                .Header("Content-Type", string.IsNullOrWhiteSpace(contentType) ? "text/html" : contentType)
                .Status(status),
            ct).ConfigureAwait(false);
    }
}

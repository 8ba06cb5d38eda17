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
        LoadAsync(fetch.Body ?? [], fetch.FinalUrl, fetch.ContentType, fetch.Status ?? 200, ct);

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

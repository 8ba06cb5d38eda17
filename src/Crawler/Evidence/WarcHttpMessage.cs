using System.Globalization;
using System.Text;

namespace Monitor.Crawler.Evidence;

/// <summary>
/// Rebuilds the HTTP messages of a capture for its WARC request and response records. The stored body is the
/// decoded payload (HttpClient already undid gzip/br and chunking), so the response's <c>Content-Encoding</c>,
/// <c>Transfer-Encoding</c> and <c>Content-Length</c> are kept under <c>X-Crawler-…</c> names and a
/// <c>Content-Length</c> of the stored bytes is written instead: a WARC reader that believed the original
/// headers would try to gunzip plain bytes or parse chunk sizes out of the page.
/// </summary>
internal static class WarcHttpMessage
{
    private static readonly string[] Renamed = ["Content-Encoding", "Transfer-Encoding", "Content-Length"];

    /// <summary><c>METHOD path HTTP/1.1</c>, <c>Host</c>, the request headers sent, and the form body of a POST.</summary>
    public static byte[] Request(CaptureInfo capture)
    {
        var (path, authority) = Uri.TryCreate(capture.Url, UriKind.Absolute, out var url)
            ? (url.PathAndQuery, url.Authority)
            : (capture.Url, "");
        var head = new StringBuilder();
        head.Append(Clean(capture.Method)).Append(' ').Append(Clean(path).Replace(" ", "%20", StringComparison.Ordinal)).Append(" HTTP/1.1\r\n");
        head.Append("Host: ").Append(Clean(authority)).Append("\r\n");
        var hasContentType = false;
        foreach (var (name, value) in capture.RequestHeaders)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || Renamed.Contains(name, StringComparer.OrdinalIgnoreCase))
                continue;
            hasContentType |= name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase);
            AppendHeader(head, name, value);
        }
        if (capture.RequestBody.Length > 0)
        {
            if (!hasContentType)
                AppendHeader(head, "Content-Type", "application/x-www-form-urlencoded");
            AppendHeader(head, "Content-Length", capture.RequestBody.Length.ToString(CultureInfo.InvariantCulture));
        }
        head.Append("\r\n");
        return Concat(Encoding.UTF8.GetBytes(head.ToString()), capture.RequestBody);
    }

    /// <summary>The HTTP/1.1 message of the response head; the body follows it unchanged.</summary>
    public static byte[] ResponseHead(CaptureInfo capture, long bodyLength)
    {
        var head = new StringBuilder();
        head.Append("HTTP/1.1 ").Append(capture.Status.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(ReasonPhrase(capture.Status)).Append("\r\n");
        foreach (var (name, value) in capture.Headers)
        {
            var renamed = Renamed.FirstOrDefault(r => r.Equals(name, StringComparison.OrdinalIgnoreCase));
            AppendHeader(head, renamed is null ? name : "X-Crawler-" + renamed, value);
        }
        AppendHeader(head, "Content-Length", bodyLength.ToString(CultureInfo.InvariantCulture));
        head.Append("\r\n");
        return Encoding.UTF8.GetBytes(head.ToString());
    }

    /// <summary>Standard reason phrases (RFC 9110); other codes get a neutral word (readers ignore the phrase).</summary>
    public static string ReasonPhrase(int status) => status switch
    {
        100 => "Continue", 101 => "Switching Protocols",
        200 => "OK", 201 => "Created", 202 => "Accepted", 203 => "Non-Authoritative Information", 204 => "No Content",
        205 => "Reset Content", 206 => "Partial Content",
        300 => "Multiple Choices", 301 => "Moved Permanently", 302 => "Found", 303 => "See Other", 304 => "Not Modified",
        307 => "Temporary Redirect", 308 => "Permanent Redirect",
        400 => "Bad Request", 401 => "Unauthorized", 403 => "Forbidden", 404 => "Not Found", 405 => "Method Not Allowed",
        406 => "Not Acceptable", 408 => "Request Timeout", 409 => "Conflict", 410 => "Gone", 411 => "Length Required",
        412 => "Precondition Failed", 413 => "Content Too Large", 414 => "URI Too Long", 415 => "Unsupported Media Type",
        429 => "Too Many Requests", 451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error", 501 => "Not Implemented", 502 => "Bad Gateway", 503 => "Service Unavailable",
        504 => "Gateway Timeout", 505 => "HTTP Version Not Supported",
        _ => "Status",
    };

    private static void AppendHeader(StringBuilder head, string name, string value) =>
        head.Append(Clean(name)).Append(": ").Append(Clean(value)).Append("\r\n");

    /// <summary>Header text comes from the crawled server: a CR or LF in it must not start a header or the body.</summary>
    private static string Clean(string text) =>
        text.Contains('\r') || text.Contains('\n') ? text.Replace('\r', ' ').Replace('\n', ' ') : text;

    private static byte[] Concat(byte[] first, byte[] second)
    {
        var all = new byte[first.Length + second.Length];
        first.CopyTo(all, 0);
        second.CopyTo(all, first.Length);
        return all;
    }
}

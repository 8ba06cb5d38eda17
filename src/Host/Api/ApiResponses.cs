using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Monitor.Host.Api;

/// <summary>
/// A response body rendered once: its bytes, its strong ETag (the quoted SHA-256 hex of the bytes) and how it is sent.
/// Bodies never hold the time of the request, so the same data always gives the same bytes and the same ETag.
/// </summary>
/// <param name="FileName">When set, sent as an attachment under this name (RFC 6266 / RFC 5987 <c>filename*</c> for Chinese).</param>
internal sealed record ApiBody(byte[] Bytes, string ETag, string ContentType, string? FileName = null)
{
    /// <summary>The plain <c>filename</c> for clients that do not read <c>filename*</c> (curl -J); default: <see cref="FileName"/> made ASCII.</summary>
    public string? AsciiFileName { get; init; }

    public const string JsonType = "application/json; charset=utf-8";

    /// <summary>For a page of a list: how many items the whole list has (for the <c>Link</c> header; not sent).</summary>
    public int Total { get; init; }
    public const string ProblemType = "application/problem+json; charset=utf-8";

    /// <summary>The API's JSON: camelCase, compact, Chinese unescaped (markup characters still escaped), nulls written.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = false,
    };

    public static ApiBody Of(byte[] bytes, string contentType, string? fileName = null) =>
        new(bytes, Quote(Convert.ToHexStringLower(SHA256.HashData(bytes))), contentType, fileName);

    public static ApiBody OfJson<T>(T value) => Of(JsonSerializer.SerializeToUtf8Bytes(value, Json), JsonType);

    /// <summary>A body whose SHA-256 is already known (stored assessment JSON, evidence objects).</summary>
    public static ApiBody WithSha(byte[] bytes, string sha256Hex, string contentType, string? fileName = null) =>
        new(bytes, Quote(sha256Hex), contentType, fileName);

    private static string Quote(string hex) => "\"" + hex + "\"";
}

/// <summary>
/// Sends an <see cref="ApiBody"/>: <c>ETag</c>, <c>Cache-Control: private, no-cache</c> (a client may keep it but must
/// revalidate), and 304 without a body when <c>If-None-Match</c> names the ETag (or <c>*</c>).
/// </summary>
internal sealed class ApiBodyResult(ApiBody body) : IResult
{
    public ApiBody Body { get; } = body;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.Headers.ETag = Body.ETag;
        response.Headers.CacheControl = "private, no-cache";
        if (Matches(httpContext.Request.Headers.IfNoneMatch, Body.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = Body.ContentType;
        response.ContentLength = Body.Bytes.Length;
        if (Body.FileName is { } name)
        {
            response.Headers.ContentDisposition = ApiDownloads.Attachment(name, Body.AsciiFileName);
        }

        if (!HttpMethods.IsHead(httpContext.Request.Method))
        {
            await response.Body.WriteAsync(Body.Bytes, httpContext.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>If-None-Match uses the weak comparison (RFC 9110 §13.1.2): a <c>W/</c> prefix does not matter.</summary>
    internal static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string etag)
    {
        foreach (var header in ifNoneMatch)
        {
            if (header is null)
            {
                continue;
            }

            foreach (var candidate in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var tag = candidate.StartsWith("W/", StringComparison.Ordinal) ? candidate[2..] : candidate;
                if (tag == "*" || tag == etag)
                {
                    return true;
                }
            }
        }

        return false;
    }
}

/// <summary>Errors as <c>application/problem+json</c> (RFC 9457) with a Chinese title and detail.</summary>
internal static class ApiProblem
{
    /// <summary>The problem document; <paramref name="Parameter"/> names the query parameter at fault (400s).</summary>
    public sealed record Problem(string Type, string Title, int Status, string Detail, string? Parameter, IReadOnlyList<string>? Allowed);

    public static IResult BadParameter(string parameter, string detail, IReadOnlyList<string>? allowed = null) =>
        Create(StatusCodes.Status400BadRequest, "请求参数无效", detail, parameter, allowed);

    public static IResult NotFound(string detail) => Create(StatusCodes.Status404NotFound, "未找到", detail, null, null);

    public static IResult Create(int status, string title, string detail, string? parameter = null, IReadOnlyList<string>? allowed = null) =>
        new ProblemResult(new Problem("about:blank", title, status, detail, parameter, allowed));

    /// <summary>Writes a problem outside an endpoint (the error boundary, the fallback).</summary>
    public static Task WriteAsync(HttpContext context, int status, string title, string detail) =>
        new ProblemResult(new Problem("about:blank", title, status, detail, null, null)).ExecuteAsync(context);

    private sealed class ProblemResult(Problem problem) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(problem, ApiBody.Json);
            httpContext.Response.StatusCode = problem.Status;
            httpContext.Response.ContentType = ApiBody.ProblemType;
            httpContext.Response.ContentLength = bytes.Length;
            httpContext.Response.Headers.CacheControl = "no-store";
            await httpContext.Response.Body.WriteAsync(bytes, httpContext.RequestAborted).ConfigureAwait(false);
        }
    }
}

/// <summary>Download headers.</summary>
internal static class ApiDownloads
{
    /// <summary>
    /// <c>attachment; filename="ascii"; filename*=UTF-8''percent-encoded</c>: every client gets a safe ASCII name, and
    /// those that read RFC 5987 get the Chinese one.
    /// </summary>
    public static string Attachment(string fileName, string? asciiFallback = null)
    {
        asciiFallback ??= fileName;
        var header = new ContentDispositionHeaderValue("attachment");
        var ascii = new StringBuilder(asciiFallback.Length);
        foreach (var c in asciiFallback)
        {
            ascii.Append(c is >= ' ' and < (char)127 and not '"' and not '\\' and not '%' ? c : '_');
        }

        header.FileName = "\"" + ascii + "\"";
        if (fileName.Any(c => c >= 127))
        {
            header.FileNameStar = fileName;
        }

        return header.ToString();
    }
}

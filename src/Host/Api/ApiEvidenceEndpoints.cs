using System.ComponentModel;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Monitor.Crawler.Evidence;

namespace Monitor.Host.Api;

/// <summary>
/// <c>/evidence/{sha256}</c>: the exact bytes of a capture, from the content-addressed evidence store (STATE/evidence/objects).
/// Crawled content never renders on the API's origin: the answer is always <c>application/octet-stream</c>, an attachment,
/// <c>nosniff</c> and <c>Content-Security-Policy: sandbox</c>; the original content type, URL, status and fetch time travel in
/// <c>X-Evidence-*</c> headers. <c>/evidence/{sha256}/warc</c> gives the capture's WARC request/response records, copied
/// byte for byte from the evidence WARC files behind a warcinfo record.
/// </summary>
internal static class ApiEvidenceEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        var evidence = v1.MapGroup("/evidence").WithTags("证据").RequireScope(ApiScope.Evidence);
        evidence.MapGet("/{sha256}", Raw)
            .WithSummary("证据原始字节")
            .WithDescription("按 SHA-256 取回采集时的原始字节（与存储完全相同，下载后可自行计算 SHA-256 核对）。始终以 application/octet-stream 附件下载，带 X-Content-Type-Options: nosniff 与 Content-Security-Policy: sandbox，抓取内容不会在接口域名下渲染。原始内容类型、地址、状态码与抓取时间见响应头 X-Evidence-Content-Type、X-Evidence-Url、X-Evidence-Status、X-Evidence-Fetched-At。ETag 为该 SHA-256。格式错误的 SHA-256 返回 400，未知的返回 404。")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        evidence.MapGet("/{sha256}/warc", Warc)
            .WithSummary("证据 WARC 文件")
            .WithDescription("该证据各次采集的 WARC/1.1 请求与响应记录（从证据库的 WARC 文件原样复制，响应记录的 WARC-Payload-Digest 即该 SHA-256），前附 warcinfo 记录，gzip 压缩（.warc.gz），任何 WARC 工具可读。采集于启用 WARC 写入之前的证据返回 404。")
            .Produces(StatusCodes.Status200OK, contentType: "application/warc")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>The lower-hex digest of <c>sha256:HEX</c> or <c>HEX</c> (any case); null when it is not 64 hex digits.</summary>
    public static string? Digest(string text)
    {
        var bare = text.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase) ? text[7..] : text;
        return bare.Length == 64 && bare.All(Uri.IsHexDigit) ? bare.ToLowerInvariant() : null;
    }

    private static async Task<IResult> Raw(HttpContext http, [FromServices] ApiContext api, [Description("证据的 SHA-256（64 位十六进制，可带 sha256: 前缀）")] string sha256)
    {
        if (ApiQuery.Of(http).Error is { } error)
        {
            return error;
        }

        if (Digest(sha256) is not { } sha)
        {
            return ApiProblem.BadParameter("sha256", $"“{sha256}”不是 SHA-256：应为 64 位十六进制数字（可带 sha256: 前缀）");
        }

        var bytes = await new FileEvidenceStore(api.EvidenceDirectory, writeWarc: false).ReadAsync(sha).ConfigureAwait(false);
        if (bytes is null)
        {
            return ApiProblem.NotFound($"证据库中没有 SHA-256 为 {sha} 的证据");
        }

        Capture? capture;
        using (var lease = api.Pool.Rent())
        {
            capture = lease.Store.ApiEvidenceCaptures(sha) is [var first, ..]
                ? new Capture(first.Url, first.FetchedAt, first.Status,
                    first.Headers.FirstOrDefault(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value)
                : null;
        }

        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "sandbox";
        headers["X-Evidence-Sha256"] = sha;
        if (capture is not null)
        {
            headers["X-Evidence-Url"] = HeaderSafe(capture.Url);
            headers["X-Evidence-Fetched-At"] = capture.FetchedAt;
            headers["X-Evidence-Status"] = capture.Status.ToString(CultureInfo.InvariantCulture);
            if (capture.ContentType is { } type)
            {
                headers["X-Evidence-Content-Type"] = HeaderSafe(type);
            }
        }

        return new ApiBodyResult(ApiBody.WithSha(bytes, sha, "application/octet-stream", sha + ".bin"));
    }

    private static async Task<IResult> Warc(HttpContext http, [FromServices] ApiContext api, [Description("证据的 SHA-256（64 位十六进制，可带 sha256: 前缀）")] string sha256)
    {
        if (ApiQuery.Of(http).Error is { } error)
        {
            return error;
        }

        if (Digest(sha256) is not { } sha)
        {
            return ApiProblem.BadParameter("sha256", $"“{sha256}”不是 SHA-256：应为 64 位十六进制数字（可带 sha256: 前缀）");
        }

        string? firstFetch;
        using (var lease = api.Pool.Rent())
        {
            firstFetch = lease.Store.ApiEvidenceCaptures(sha) is [var first, ..] ? first.FetchedAt : null;
        }

        // The warcinfo record is dated by the first capture, not by this request.
        var at = firstFetch is not null ? DateTimeOffset.Parse(firstFetch, CultureInfo.InvariantCulture) : api.Time.GetUtcNow();
        var temp = Path.Combine(Path.GetTempPath(), "monitor-api-" + Guid.NewGuid().ToString("N") + ".warc.gz");
        try
        {
            var export = await WarcExport.WriteAsync(
                api.EvidenceDirectory, [sha], temp, at, [new("description", $"证据 sha256:{sha}")], http.RequestAborted).ConfigureAwait(false);
            if (export.Captures == 0)
            {
                return ApiProblem.NotFound($"证据 {sha} 没有 WARC 记录（未知的证据，或采集于启用 WARC 写入之前）");
            }

            var bytes = await File.ReadAllBytesAsync(temp, http.RequestAborted).ConfigureAwait(false);
            http.Response.Headers.XContentTypeOptions = "nosniff";
            http.Response.Headers.ContentSecurityPolicy = "sandbox";
            // Each export names its records afresh (WARC-Record-ID), so the bytes differ between requests: no ETag promise here.
            return new ApiBodyResult(ApiBody.Of(bytes, "application/warc", sha + ".warc.gz"));
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Header values are ASCII without control characters: anything else is percent-encoded.</summary>
    private static string HeaderSafe(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is >= 0x20 and < 0x7f)
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }

    private sealed record Capture(string Url, string FetchedAt, int Status, string? ContentType);
}

using System.Buffers.Text;
using System.ComponentModel;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Monitor.Host.Store;

namespace Monitor.Host.Api;

/// <summary>
/// <c>/documents</c>: every document the crawler stored, with every version seen (title, dates, publisher, index number,
/// document number, text and evidence digests, when seen). A document's id is the base64url (RFC 4648 §5, no padding) of
/// its store key <c>sourceId|/path?query</c>, so it is URL-safe and stable across restarts.
/// </summary>
internal static class ApiDocumentsEndpoints
{
    /// <summary>Documents are listed by store key: source id, then path and query (byte order), which is unique.</summary>
    public const string Sort = "source-path";

    /// <summary>
    /// One document. <paramref name="RemovedAt"/>/<paramref name="RemovedHow"/>: when and how it disappeared from the site
    /// (null while it is online).
    /// </summary>
    public sealed record DocumentView(
        string Id,
        string SourceId,
        string Url,
        string Title,
        string FirstSeen,
        string LastSeen,
        long CurrentVersion,
        string? RemovedAt,
        string? RemovedHow,
        IReadOnlyList<VersionView> Versions);

    /// <summary>One version; <paramref name="Body"/> (the extracted text) only on <c>/documents/{id}</c>.</summary>
    public sealed record VersionView(
        long Version,
        string Title,
        string? PublishedAt,
        string? DisplayedDate,
        string? WrittenDate,
        string? Publisher,
        string? IndexNumber,
        string? DocumentNumber,
        string TextSha256,
        ApiFindingsEndpoints.EvidenceLink? Evidence,
        string SeenAt,
        string? Body);

    public static void Map(RouteGroupBuilder v1)
    {
        var documents = v1.MapGroup("/documents").WithTags("文档").RequireScope(ApiScope.Findings);
        documents.MapGet("", List)
            .WithSummary("文档列表")
            .WithDescription("采集到的文档及其每个版本（标题、发布日期、页面显示日期、成文日期、发布机构、索引号、文号、正文 SHA-256、证据链接、发现时间；不含正文），可按来源筛选。文档编号为存储键 sourceId|/路径 的 base64url（无填充）。按来源编号、路径排序。")
            .Produces<ApiPage<DocumentView>>(StatusCodes.Status200OK, ApiBody.JsonType)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        documents.MapGet("/{id}", Get)
            .WithSummary("单个文档")
            .WithDescription("一个文档的全部版本，含各版本正文文本。")
            .Produces<DocumentView>(StatusCodes.Status200OK, ApiBody.JsonType)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>The API id of a store key.</summary>
    public static string IdOf(string docKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(docKey));

    /// <summary>The store key of an API id; null when the id is not base64url of UTF-8 text.</summary>
    public static string? KeyOf(string id)
    {
        try
        {
            return id.Length is > 0 and <= 4096 && Base64Url.IsValid(id) ? new UTF8Encoding(false, true).GetString(Base64Url.DecodeFromChars(id)) : null;
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            return null;
        }
    }

    private static IResult List(
        HttpContext http,
        [FromServices] ApiContext api,
        [Description("来源（栏目）编号")] string? source = null,
        [Description("页码，从 1 开始")] string? page = null,
        [Description("每页条数，默认 100，最大 1000")] string? pageSize = null)
    {
        var q = ApiQuery.Of(http, "source", "page", "pageSize");
        var sourceFilter = q.Text("source");
        var (p, size) = q.Paging(api.Options);
        if (q.Error is { } error)
        {
            return error;
        }

        using var lease = api.Pool.Rent();
        var total = lease.Store.ApiDocumentCount(sourceFilter);
        var offset = (long)(p - 1) * size;
        var rows = offset >= total ? [] : lease.Store.ApiDocuments(sourceFilter, (int)offset, size);
        var versions = lease.Store.ApiDocumentVersions([.. rows.Select(r => r.DocKey)], withBody: false).ToLookup(v => v.DocKey, StringComparer.Ordinal);
        var items = rows.Select(r => View(api, r, versions[r.DocKey])).ToList();
        ApiPaging.AddLinks(http, p, size, total);
        return new ApiBodyResult(ApiBody.OfJson(new ApiPage<DocumentView>(items, p, size, total, Sort)));
    }

    private static IResult Get(HttpContext http, [FromServices] ApiContext api, [Description("文档编号（存储键的 base64url）")] string id)
    {
        if (ApiQuery.Of(http).Error is { } error)
        {
            return error;
        }

        using var lease = api.Pool.Rent();
        if (KeyOf(id) is not { } key || lease.Store.ApiDocument(key) is not { } row)
        {
            return ApiProblem.NotFound($"没有文档 {id}（文档编号见 GET {ApiLinks.Prefix}/documents）");
        }

        return new ApiBodyResult(ApiBody.OfJson(View(api, row, lease.Store.ApiDocumentVersions([key], withBody: true))));
    }

    private static DocumentView View(ApiContext api, MonitorStore.ApiDocumentRow r, IEnumerable<MonitorStore.ApiVersionRow> versions) => new(
        IdOf(r.DocKey), r.SourceId, r.Url, r.Title, r.FirstSeen, r.LastSeen, r.CurrentVersion, r.RemovedAt, r.RemovedHow,
        [.. versions.Select(v => new VersionView(
            v.Version, v.Title, v.PublishedAt, v.DisplayedDate, v.WrittenDate, v.Publisher, v.IndexNumber, v.DocumentNumber, v.TextSha256,
            v.EvidenceSha256 is { } sha ? ApiFindingsEndpoints.Link(api, sha, related: false) : null, v.SeenAt, v.Body))]);
}

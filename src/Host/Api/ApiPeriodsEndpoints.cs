using System.ComponentModel;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Monitor.Alerting;
using Monitor.Host.Assessments;
using Monitor.Host.Exports;
using Monitor.Host.Reports;
using Monitor.Host.Store;

namespace Monitor.Host.Api;

/// <summary>
/// <c>/periods</c>: the stored assessments (<c>live</c> and the frozen periods) and their downloads — the assessment JSON as
/// stored, CSV tables, the XLSX workbook and the supervision report. A frozen period's downloads are byte-identical on
/// every request (their ETag is the SHA-256 of the bytes).
/// </summary>
internal static class ApiPeriodsEndpoints
{
    /// <summary>Sort order of <c>/periods</c>: live first, then frozen periods by first day, newest first, then id.</summary>
    public const string Sort = "live-then-from-desc";

    /// <summary>One stored assessment as listed.</summary>
    public sealed record PeriodView(
        string Id,
        string Kind,
        string? From,
        string? To,
        string AsOf,
        string? FrozenAt,
        string? FrozenBy,
        string RuleVersion,
        string CatalogVersion,
        string? RulesSha256,
        long? LastScanId,
        string Sha256,
        PeriodLinks Links);

    /// <summary>Where a period's data and downloads are (paths under the API).</summary>
    public sealed record PeriodLinks(string Self, string Scores, string Findings, string Json, string Xlsx, string ScoresCsv, string FindingsCsv, string ItemsCsv, string Report);

    /// <summary>One period with a summary of its assessment.</summary>
    public sealed record PeriodDetail(
        PeriodView Period,
        string SiteId,
        string SiteName,
        double? SiteScore,
        double? SiteMax,
        int Findings,
        IReadOnlyDictionary<string, int> FindingsBySeverity,
        int SourcesAssessed,
        int SourcesNotAssessed,
        IReadOnlyList<string> Warnings);

    public static void Map(RouteGroupBuilder v1)
    {
        var periods = v1.MapGroup("/periods").WithTags("评估期");
        periods.MapGet("", List)
            .WithSummary("评估期列表")
            .WithDescription("全部已存评估：实时评估 live（每次采集后更新）与已冻结的评估期（冻结后永不改变），各带规则版本、目录版本、规则文件 SHA-256、评估时点与文档 SHA-256。排序：live 在前，其后按起始日期倒序、编号。任何有效密钥可读。")
            .Produces<ApiPage<PeriodView>>(StatusCodes.Status200OK, ApiBody.JsonType)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        periods.MapGet("/{id}", Get)
            .WithSummary("单个评估期")
            .WithDescription("评估期的元数据与概况（站点得分、问题数、各严重程度问题数、来源评估情况）及其数据与下载地址。任何有效密钥可读。")
            .Produces<PeriodDetail>(StatusCodes.Status200OK, ApiBody.JsonType)
            .ProducesProblem(StatusCodes.Status404NotFound);
        periods.MapGet("/{id}/export.json", ExportJson)
            .RequireScope(ApiScope.Scores)
            .WithSummary("下载评估 JSON")
            .WithDescription("评估文档原样（规范化 JSON，与存储的字节相同，ETag 即其 SHA-256）：站点、部门、来源、问题、评分、事项、站点检查与趋势。")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound);
        periods.MapGet("/{id}/export.csv", ExportCsv)
            .RequireScope(ApiScope.Scores)
            .WithSummary("下载 CSV 表格")
            .WithDescription("评估的一张表（UTF-8 带 BOM，Excel 可直接打开中文；以 = + - @ 开头的单元格已中和）：scores 评分、findings 问题（另需 findings 权限）、items 事项。")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        periods.MapGet("/{id}/export.xlsx", ExportXlsx)
            .RequireScope(ApiScope.Scores)
            .WithSummary("下载 Excel 工作簿")
            .WithDescription("部门排名、标准目录格式的事项表、带证据链接的问题清单三张工作表。")
            .Produces(StatusCodes.Status200OK, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            .ProducesProblem(StatusCodes.Status404NotFound);
        periods.MapGet("/{id}/report.html", Report)
            .RequireScope(ApiScope.Scores)
            .WithSummary("督查报告（HTML）")
            .WithDescription("供政务公开办打印的督查报告：总分与趋势、部门与镇街排名、单项否决与逾期事项、即将到期事项，每个问题链接到证据；图表为服务端 SVG，无脚本、无外部资源。")
            .Produces(StatusCodes.Status200OK, contentType: "text/html")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    public static PeriodView View(MonitorStore.StoredAssessment row)
    {
        var self = $"{ApiLinks.Prefix}/periods/{Uri.EscapeDataString(row.Id)}";
        var query = "?period=" + Uri.EscapeDataString(row.Id);
        return new PeriodView(
            row.Id, row.Kind, row.From, row.To, row.AsOf, row.FrozenAt, row.FrozenBy, row.RuleVersion, row.CatalogVersion, row.RulesSha256, row.LastScanId, row.Sha256,
            new PeriodLinks(
                self, $"{ApiLinks.Prefix}/scores{query}", $"{ApiLinks.Prefix}/findings{query}", self + "/export.json", self + "/export.xlsx",
                self + "/export.csv?table=scores", self + "/export.csv?table=findings", self + "/export.csv?table=items", self + "/report.html"));
    }

    private static IResult List(
        HttpContext http,
        [FromServices] ApiContext api,
        [Description("页码，从 1 开始")] string? page = null,
        [Description("每页条数，默认 100，最大 1000（见 api.pageSize / api.maxPageSize）")] string? pageSize = null)
    {
        var q = ApiQuery.Of(http, "page", "pageSize");
        var (p, size) = q.Paging(api.Options);
        if (q.Error is { } error)
        {
            return error;
        }

        using var lease = api.Pool.Rent();
        var rows = lease.Store.Assessments().Select(View).ToList();
        var result = ApiPage<PeriodView>.Of(rows, p, size, Sort);
        ApiPaging.AddLinks(http, p, size, result.Total);
        return new ApiBodyResult(ApiBody.OfJson(result));
    }

    private static IResult Get(HttpContext http, [FromServices] ApiContext api, [Description("评估期编号，或 live")] string id)
    {
        if (ApiQuery.Of(http).Error is { } error)
        {
            return error;
        }

        using var lease = api.Pool.Rent();
        var row = lease.Store.Assessments().FirstOrDefault(r => r.Id == id);
        var (entry, missing) = api.Period(lease.Store, id);
        if (row is null || entry is null)
        {
            return missing ?? ApiProblem.NotFound($"没有评估期 {id}");
        }

        return new ApiBodyResult(entry.Body("period:" + row.Sha256, a =>
        {
            var site = a.SiteScore;
            return ApiBody.OfJson(new PeriodDetail(
                View(row),
                a.Site.Id,
                a.Site.Name,
                site?.Score,
                site?.Max,
                a.Findings.Count,
                new[] { "veto", "alert", "warning", "notice" }.ToDictionary(s => s, s => a.Findings.Count(f => f.Severity == s), StringComparer.Ordinal),
                a.Sources.Count(s => s.State == "assessed"),
                a.Sources.Count(s => s.State != "assessed"),
                a.Warnings));
        }));
    }

    private static IResult ExportJson(HttpContext http, [FromServices] ApiContext api, [Description("评估期编号，或 live")] string id)
    {
        if (ApiQuery.Of(http).Error is { } error)
        {
            return error;
        }

        using var lease = api.Pool.Rent();
        if (lease.Store.AssessmentJson(id) is not { } text)
        {
            return api.Period(lease.Store, id).Error!;
        }

        // The stored text itself: its SHA-256 is the one /periods lists, so a download can be checked against it.
        return new ApiBodyResult(ApiBody.WithSha(Encoding.UTF8.GetBytes(text.Json), text.Sha256, ApiBody.JsonType, FileName(api, id, "评估", "json")) with { AsciiFileName = FileName(api, id, "assessment", "json") });
    }

    private static IResult ExportCsv(
        HttpContext http,
        [FromServices] ApiContext api,
        [Description("评估期编号，或 live")] string id,
        [Description("表：scores 评分、findings 问题（需 findings 权限）、items 事项")] string? table = null)
    {
        var q = ApiQuery.Of(http, "table");
        var name = q.OneOf("table", ["scores", "findings", "items"], "scores")!;
        if (q.Error is { } error)
        {
            return error;
        }

        var csvTable = AssessmentCsv.ParseTable(name)!.Value;
        if (csvTable == CsvTable.Findings && Forbidden(http, ApiScope.Findings) is { } forbidden)
        {
            return forbidden;
        }

        using var lease = api.Pool.Rent();
        var (entry, missing) = api.Period(lease.Store, id);
        if (entry is null)
        {
            return missing!;
        }

        var label = csvTable switch
        {
            CsvTable.Findings => "问题",
            CsvTable.Items => "事项",
            _ => "评分",
        };
        var ascii = FileName(api, id, name, "csv");
        return new ApiBodyResult(entry.Body("csv:" + name, a =>
        {
            using var buffer = new MemoryStream();
            AssessmentCsv.Write(a, csvTable, buffer);
            return ApiBody.Of(buffer.ToArray(), "text/csv; charset=utf-8", FileName(api, id, label, "csv")) with { AsciiFileName = ascii };
        }));
    }

    private static IResult ExportXlsx(HttpContext http, [FromServices] ApiContext api, [Description("评估期编号，或 live")] string id)
    {
        if (ApiQuery.Of(http).Error is { } error)
        {
            return error;
        }

        using var lease = api.Pool.Rent();
        var (entry, missing) = api.Period(lease.Store, id);
        if (entry is null)
        {
            return missing!;
        }

        return new ApiBodyResult(entry.Body("xlsx", a =>
        {
            // The workbook writer needs a seekable stream (the package is a zip).
            using var buffer = new MemoryStream();
            AssessmentWorkbook.Write(a, api.LinkBase, buffer);
            return ApiBody.Of(buffer.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", FileName(api, id, "评估", "xlsx")) with { AsciiFileName = FileName(api, id, "assessment", "xlsx") };
        }));
    }

    private static IResult Report(HttpContext http, [FromServices] ApiContext api, [Description("评估期编号，或 live")] string id)
    {
        if (ApiQuery.Of(http).Error is { } error)
        {
            return error;
        }

        using var lease = api.Pool.Rent();
        var (entry, missing) = api.Period(lease.Store, id);
        if (entry is null)
        {
            return missing!;
        }

        var earlier = EarlierPeriods(api, lease.Store, entry.Assessment);
        // The page quotes crawled text: besides its own CSP meta tag, the header forbids scripts and any fetch on the API's origin.
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        // Earlier periods are frozen, so their scores are part of the key only through their ids and digests.
        var key = "report:" + string.Join(",", earlier.Select(e => e.AsOf + "=" + e.Score.ToString(CultureInfo.InvariantCulture)));
        return new ApiBodyResult(entry.Body(key, a =>
            ApiBody.Of(Encoding.UTF8.GetBytes(SupervisionReport.Render(a, earlier, api.LinkBase)), "text/html; charset=utf-8")));
    }

    /// <summary>The site score of each frozen period that ends before <paramref name="a"/> does (oldest first).</summary>
    public static IReadOnlyList<Assessment.TrendPoint> EarlierPeriods(ApiContext api, MonitorStore store, Assessment a)
    {
        var end = a.To ?? ChinaTime.DateOf(a.AsOfTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var points = new List<(string To, string Id, Assessment.TrendPoint Point)>();
        foreach (var row in store.Assessments().Where(r => r.Kind == Assessment.FrozenKind && r.Id != a.Id && r.To is not null
                                                           && string.CompareOrdinal(r.To, end) < 0))
        {
            if (api.Assessments.Get(store, row.Id)?.Assessment.SiteScore is { } site)
            {
                points.Add((row.To!, row.Id, new Assessment.TrendPoint(row.AsOf, site.Score, site.Max)));
            }
        }

        return [.. points.OrderBy(p => p.To, StringComparer.Ordinal).ThenBy(p => p.Id, StringComparer.Ordinal).Select(p => p.Point)];
    }

    /// <summary>
    /// The findings table needs the findings scope beyond the endpoint's scores scope; the gate checks endpoint metadata, which
    /// cannot depend on the query, so this one check is made here against the caller the gate let in.
    /// </summary>
    private static IResult? Forbidden(HttpContext http, ApiScope scope) =>
        http.GetApiCaller() is { } caller && caller.Allows(scope)
            ? null
            : ApiProblem.Create(StatusCodes.Status403Forbidden, "权限不足", $"此 API 密钥没有访问该接口所需的权限范围：{scope.ToWire()}（问题表另需此权限）。请联系管理员签发含该权限的密钥。");

    /// <summary>A download's name, e.g. <c>sample-2026-11-评分.csv</c> (and its ASCII form <c>sample-2026-11-scores.csv</c>).</summary>
    private static string FileName(ApiContext api, string period, string what, string extension) =>
        $"{api.Deployment.Site.Id}-{period}-{what}.{extension}";
}

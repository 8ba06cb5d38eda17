using System.ComponentModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Monitor.Host.Assessments;
using Monitor.Host.Configuration;
using Monitor.Host.Store;
using Monitor.RuleEngine.Evaluation;

namespace Monitor.Host.Api;

/// <summary>
/// <c>/sources</c>: what the deployment monitors (sources.yaml) with each source's assessed state and reason from the live
/// assessment and the time of its last check from the store. Open to every valid key.
/// </summary>
internal static class ApiSourcesEndpoints
{
    /// <summary>Sources are listed by id (ordinal), which is unique.</summary>
    public const string Sort = "id";

    /// <summary>
    /// One source. <paramref name="Type"/> as in sources.yaml (column, homepage, wechat-feed, wechat-list); <paramref name="State"/>
    /// assessed or not-assessed in the live assessment (null before the first pass) with <paramref name="Reason"/>.
    /// </summary>
    public sealed record SourceView(
        string Id,
        string Name,
        string Url,
        string Type,
        string ColumnType,
        string Department,
        string DepartmentName,
        IReadOnlyList<string> ExpectedItems,
        IReadOnlyList<string> Areas,
        string? State,
        string? Reason,
        IReadOnlyList<string> Notes,
        string? LastChecked,
        long? LastScanId);

    public static void Map(RouteGroupBuilder v1)
    {
        var sources = v1.MapGroup("/sources").WithTags("来源");
        sources.MapGet("", List)
            .WithSummary("来源列表")
            .WithDescription("部署监测的来源（栏目、首页、微信公众号镜像）：名称、地址、类型、栏目类型、责任单位、应有事项；实时评估中的评估状态（assessed / not-assessed）与原因；状态库中最近检查时间。按编号排序。任何有效密钥可读。")
            .Produces<ApiPage<SourceView>>(StatusCodes.Status200OK, ApiBody.JsonType)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        sources.MapGet("/{id}", Get)
            .WithSummary("单个来源")
            .WithDescription("一个来源的配置与评估状态。任何有效密钥可读。")
            .Produces<SourceView>(StatusCodes.Status200OK, ApiBody.JsonType)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static IResult List(
        HttpContext http,
        [FromServices] ApiContext api,
        [Description("页码，从 1 开始")] string? page = null,
        [Description("每页条数，默认 100，最大 1000")] string? pageSize = null)
    {
        var q = ApiQuery.Of(http, "page", "pageSize");
        var (p, size) = q.Paging(api.Options);
        if (q.Error is { } error)
        {
            return error;
        }

        var views = Views(api).OrderBy(v => v.Id, StringComparer.Ordinal).ToList();
        var result = ApiPage<SourceView>.Of(views, p, size, Sort);
        ApiPaging.AddLinks(http, p, size, result.Total);
        return new ApiBodyResult(ApiBody.OfJson(result));
    }

    private static IResult Get(HttpContext http, [FromServices] ApiContext api, [Description("来源编号")] string id)
    {
        if (ApiQuery.Of(http).Error is { } error)
        {
            return error;
        }

        return Views(api, id).FirstOrDefault() is { } view
            ? new ApiBodyResult(ApiBody.OfJson(view))
            : ApiProblem.NotFound($"部署中没有来源 {id}");
    }

    private static IEnumerable<SourceView> Views(ApiContext api, string? only = null)
    {
        var configs = api.Deployment.Sources.Where(s => only is null || s.Id == only).ToList();
        if (configs.Count == 0)
        {
            return [];
        }

        using var lease = api.Pool.Rent();
        var live = api.Assessments.Get(lease.Store, Assessment.LiveId)?.Assessment;
        var states = lease.Store.ApiSourceStates();
        return configs.Select(s =>
        {
            var assessed = live?.Sources.FirstOrDefault(x => x.Id == s.Id);
            var stored = states.GetValueOrDefault(s.Id);
            return new SourceView(
                s.Id, s.Name, s.Url.ToString(), TypeOf(s), s.ColumnType, s.DepartmentId, api.Deployment.Department(s.DepartmentId)?.Name ?? s.DepartmentId,
                s.ItemIds, s.Areas, assessed?.State, assessed?.Reason, assessed?.Notes ?? [], stored?.CheckedAt, stored?.ScanId);
        }).ToList();
    }

    private static string TypeOf(SourceConfig s) => s.Channel switch
    {
        SourceChannel.WeChatFeed => "wechat-feed",
        SourceChannel.WeChatList => "wechat-list",
        _ => s.Kind == SourceKind.Homepage ? "homepage" : "column",
    };
}

using System.ComponentModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Monitor.Host.Assessments;

namespace Monitor.Host.Api;

/// <summary>
/// <c>/scores</c>: the scores of one assessment (live or a frozen period) by scope, each with the unit's, area's or
/// item's name beside its key. Answers are rendered once per stored assessment version and then served from memory.
/// </summary>
internal static class ApiScoresEndpoints
{
    /// <summary>The scopes, in the order <c>sort=scope</c> lists them.</summary>
    public static readonly IReadOnlyList<string> Scopes = ["site", "department", "town", "area", "item"];

    /// <summary>
    /// <c>scope</c> (default): site, department, town, area, item, then key, then period; <c>score</c>: lowest share of the
    /// maximum first, then as <c>scope</c>.
    /// </summary>
    public static readonly IReadOnlyList<string> Sorts = ["scope", "score"];

    /// <summary>The scores answer: which assessment, then the page.</summary>
    public sealed record ScoresPage(
        string Period,
        string Kind,
        string AsOf,
        string RuleVersion,
        string CatalogVersion,
        string? From,
        string? To,
        string Sort,
        int Page,
        int PageSize,
        int Total,
        IReadOnlyList<ScoreView> Items);

    /// <summary>
    /// One score. <paramref name="Name"/> is the site's, unit's, area's or item's name; item scores also name their area and
    /// catalog levels (一级/二级/三级事项).
    /// </summary>
    public sealed record ScoreView(
        string Scope,
        string Key,
        string Name,
        double Score,
        double Max,
        string Period,
        int ItemsAssessed,
        int ItemsCompliant,
        string? Area,
        string? AreaName,
        string? Level1,
        string? Level2,
        string? Level3);

    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/scores", List)
            .RequireScope(ApiScope.Scores)
            .WithTags("评分")
            .WithSummary("评分")
            .WithDescription("一个评估（live 或已冻结评估期）的评分，按范围（站点、部门、镇街、领域、事项）与键筛选，每条带名称。响应注明评估期、评估时点、规则版本与目录版本。排序：scope（默认：站点、部门、镇街、领域、事项，再按键、期间）或 score（得分率从低到高，再按 scope 顺序）。")
            .Produces<ScoresPage>(StatusCodes.Status200OK, ApiBody.JsonType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static IResult List(
        HttpContext http,
        [FromServices] ApiContext api,
        [Description("评估期：live（默认）或已冻结评估期编号")] string? period = null,
        [Description("范围：site、department、town、area、item")] string? scope = null,
        [Description("键：部门/镇街编号、领域编号、事项编号或站点编号（精确匹配）")] string? key = null,
        [Description("排序：scope（默认）或 score")] string? sort = null,
        [Description("页码，从 1 开始")] string? page = null,
        [Description("每页条数，默认 100，最大 1000")] string? pageSize = null)
    {
        var q = ApiQuery.Of(http, "period", "scope", "key", "sort", "page", "pageSize");
        var id = q.Text("period") ?? Assessment.LiveId;
        var scopeFilter = q.OneOf("scope", Scopes);
        var keyFilter = q.Text("key");
        var order = q.OneOf("sort", Sorts, "scope")!;
        var (p, size) = q.Paging(api.Options);
        if (q.Error is { } error)
        {
            return error;
        }

        using var lease = api.Pool.Rent();
        var (entry, missing) = api.Period(lease.Store, id);
        if (entry is null)
        {
            return missing!;
        }

        var body = entry.Body($"scores|{scopeFilter}|{keyFilter}|{order}|{p}|{size}", a =>
        {
            var result = Render(a, scopeFilter, keyFilter, order, p, size);
            return ApiBody.OfJson(result) with { Total = result.Total };
        });
        ApiPaging.AddLinks(http, p, size, body.Total);
        return new ApiBodyResult(body);
    }

    private static ScoresPage Render(Assessment a, string? scope, string? key, string order, int page, int pageSize)
    {
        var views = Filter(a, scope, key).Select(s => View(a, s));
        var sorted = (order == "score"
                ? views.OrderBy(v => v.Max > 0 ? v.Score / v.Max : 0).ThenBy(ScopeRank).ThenBy(v => v.Key, StringComparer.Ordinal).ThenBy(v => v.Period, StringComparer.Ordinal)
                : views.OrderBy(ScopeRank).ThenBy(v => v.Key, StringComparer.Ordinal).ThenBy(v => v.Period, StringComparer.Ordinal))
            .ToList();
        var result = ApiPage<ScoreView>.Of(sorted, page, pageSize, order);
        return new ScoresPage(a.Id, a.Kind, a.AsOf, a.RuleVersion, a.CatalogVersion, a.From, a.To, result.Sort, result.Page, result.PageSize, result.Total, result.Items);
    }

    private static IEnumerable<Output.FindingsJson.ScoreDto> Filter(Assessment a, string? scope, string? key) =>
        a.Scores.Where(s => (scope is null || s.Scope == scope) && (key is null || s.Key == key));

    private static int ScopeRank(ScoreView v)
    {
        var rank = Scopes.ToList().IndexOf(v.Scope);
        return rank < 0 ? Scopes.Count : rank;
    }

    /// <summary>The score with names taken from the assessment itself (a frozen period never borrows today's names).</summary>
    private static ScoreView View(Assessment a, Output.FindingsJson.ScoreDto s)
    {
        switch (s.Scope)
        {
            case "site":
                return new ScoreView(s.Scope, s.Key, a.Site.Name, s.Score, s.Max, s.Period, s.ItemsAssessed, s.ItemsCompliant, null, null, null, null, null);
            case "department" or "town":
                return new ScoreView(s.Scope, s.Key, a.DepartmentName(s.Key), s.Score, s.Max, s.Period, s.ItemsAssessed, s.ItemsCompliant, null, null, null, null, null);
            case "area":
                var areaName = a.Items.FirstOrDefault(i => i.Area == s.Key)?.AreaName ?? s.Key;
                return new ScoreView(s.Scope, s.Key, areaName, s.Score, s.Max, s.Period, s.ItemsAssessed, s.ItemsCompliant, s.Key, areaName, null, null, null);
            case "item":
                if (a.Items.FirstOrDefault(i => i.ItemId == s.Key) is { } item)
                {
                    var name = string.Join("/", new[] { item.Level1, item.Level2, item.Level3 }.Where(n => !string.IsNullOrEmpty(n)));
                    return new ScoreView(s.Scope, s.Key, name, s.Score, s.Max, s.Period, s.ItemsAssessed, s.ItemsCompliant, item.Area, item.AreaName, item.Level1, item.Level2, item.Level3);
                }

                return new ScoreView(s.Scope, s.Key, s.Key, s.Score, s.Max, s.Period, s.ItemsAssessed, s.ItemsCompliant, null, null, null, null, null);
            default:
                return new ScoreView(s.Scope, s.Key, s.Key, s.Score, s.Max, s.Period, s.ItemsAssessed, s.ItemsCompliant, null, null, null, null, null);
        }
    }
}

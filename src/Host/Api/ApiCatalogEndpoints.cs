using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Monitor.Alerting;
using Monitor.Host.Catalog;
using Monitor.RuleEngine.Rules;

namespace Monitor.Host.Api;

/// <summary>
/// <c>/catalog</c> and <c>/rules/versions</c>: the disclosure catalog the service runs with (areas, items with elements,
/// basis, deadline in the words of the 标准目录, subject, channels, mode and level) and the rule set's version history.
/// Open to every valid key.
/// </summary>
internal static class ApiCatalogEndpoints
{
    /// <summary>Items are listed in catalog order (area files by name, items as written), which is unique.</summary>
    public const string ItemSort = "catalog";

    public sealed record AreaView(string Id, string Name, string Guideline, int Items);

    public sealed record AreasAnswer(string CatalogVersion, IReadOnlyList<AreaView> Areas);

    /// <summary>An item as listed.</summary>
    public sealed record ItemSummary(
        string Id, string Area, string AreaName, int Order, string Level1, string Level2, string? Level3, string Deadline, string Subject, string Mode,
        IReadOnlyList<string> Levels, bool MachineCheckable);

    public sealed record ItemsPage(string CatalogVersion, string? Area, string Sort, int Page, int PageSize, int Total, IReadOnlyList<ItemSummary> Items);

    /// <summary>One content element (公开内容要素): required ● or optional 〇.</summary>
    public sealed record ElementView(string Name, bool Required, string Mark);

    /// <summary>One publication channel (公开渠道和载体): required ■ or optional □.</summary>
    public sealed record ChannelView(string Name, bool Required, string Mark);

    /// <summary>The deadline: its kind (<c>working-days-after</c> …) and its words (信息形成或者变更之日起20个工作日内).</summary>
    public sealed record DeadlineView(string Kind, string Text);

    /// <summary>One item in full.</summary>
    public sealed record ItemDetail(
        string CatalogVersion,
        string Id,
        string Area,
        string AreaName,
        int Order,
        string Level1,
        string Level2,
        string? Level3,
        IReadOnlyList<ElementView> Elements,
        IReadOnlyList<string> Basis,
        DeadlineView Deadline,
        string Presence,
        string Subject,
        IReadOnlyList<ChannelView> Channels,
        string Audience,
        string Mode,
        IReadOnlyList<string> Levels,
        bool MachineCheckable,
        string Provenance,
        string? Note,
        string? EffectiveFrom,
        string? EffectiveTo);

    public sealed record VersionView(string Version, string Effective, string Notes);

    /// <summary>The version history; <paramref name="InForce"/> is the version in force today (Asia/Shanghai).</summary>
    public sealed record VersionsAnswer(string Current, string CatalogVersion, string InForce, string Name, IReadOnlyList<VersionView> Versions);

    public static void Map(RouteGroupBuilder v1)
    {
        var catalog = v1.MapGroup("/catalog").WithTags("目录与规则");
        catalog.MapGet("/areas", Areas)
            .WithSummary("领域列表")
            .WithDescription("规则目录中的试点领域（按目录文件顺序），各带事项数。任何有效密钥可读。")
            .Produces<AreasAnswer>(StatusCodes.Status200OK, ApiBody.JsonType);
        catalog.MapGet("/items", Items)
            .WithSummary("事项列表")
            .WithDescription("目录事项（一级、二级、三级事项，公开时限的中文表述，公开主体，公开方式，公开层级），按目录顺序，可按领域筛选。任何有效密钥可读。")
            .Produces<ItemsPage>(StatusCodes.Status200OK, ApiBody.JsonType)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        catalog.MapGet("/items/{id}", Item)
            .WithSummary("单个事项")
            .WithDescription("一个事项的全部内容：公开内容要素（●必须 〇可选）、公开依据、公开时限（类型与中文表述）、公开主体、公开渠道（■必须 □可选）、公开对象、公开方式、公开层级。任何有效密钥可读。")
            .Produces<ItemDetail>(StatusCodes.Status200OK, ApiBody.JsonType)
            .ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapGet("/rules/versions", Versions)
            .WithTags("目录与规则")
            .WithSummary("规则版本")
            .WithDescription("规则集的版本历史（版本、生效日期、说明，最早在前）、当前版本、今日（北京时间）生效的版本与目录版本。评估按其评估时点生效的版本计分。任何有效密钥可读。")
            .Produces<VersionsAnswer>(StatusCodes.Status200OK, ApiBody.JsonType);
    }

    private static IResult Areas(HttpContext http, [FromServices] ApiContext api)
    {
        if (ApiQuery.Of(http).Error is { } error)
        {
            return error;
        }

        var rules = api.Rules;
        return new ApiBodyResult(ApiBody.OfJson(new AreasAnswer(rules.Version, [.. rules.Areas.Select(a => new AreaView(a.Id, a.Name, a.Guideline, a.Items.Count))])));
    }

    private static IResult Items(
        HttpContext http,
        [FromServices] ApiContext api,
        [Description("领域编号（见 /catalog/areas）")] string? area = null,
        [Description("页码，从 1 开始")] string? page = null,
        [Description("每页条数，默认 100，最大 1000")] string? pageSize = null)
    {
        var rules = api.Rules;
        var q = ApiQuery.Of(http, "area", "page", "pageSize");
        var areaFilter = q.OneOf("area", [.. rules.Areas.Select(a => a.Id)]);
        var (p, size) = q.Paging(api.Options);
        if (q.Error is { } error)
        {
            return error;
        }

        var names = rules.Areas.ToDictionary(a => a.Id, a => a.Name, StringComparer.Ordinal);
        var items = rules.Items.Where(i => areaFilter is null || i.Area == areaFilter).OrderBy(i => i.Order).ThenBy(i => i.Id, StringComparer.Ordinal)
            .Select(i => new ItemSummary(i.Id, i.Area, names.GetValueOrDefault(i.Area, i.Area), i.Order, i.Level1, i.Level2, i.Level3, DeadlineText.Of(i.Deadline),
                i.Subject, i.Mode, i.Levels, i.MachineCheckable))
            .ToList();
        var result = ApiPage<ItemSummary>.Of(items, p, size, ItemSort);
        ApiPaging.AddLinks(http, p, size, result.Total);
        return new ApiBodyResult(ApiBody.OfJson(new ItemsPage(rules.Version, areaFilter, ItemSort, result.Page, result.PageSize, result.Total, result.Items)));
    }

    private static IResult Item(HttpContext http, [FromServices] ApiContext api, [Description("事项编号")] string id)
    {
        if (ApiQuery.Of(http).Error is { } error)
        {
            return error;
        }

        var rules = api.Rules;
        if (rules.FindItem(id) is not { } i)
        {
            return ApiProblem.NotFound($"规则目录 {rules.Version} 中没有事项 {id}");
        }

        var areaName = rules.Areas.FirstOrDefault(a => a.Id == i.Area)?.Name ?? i.Area;
        return new ApiBodyResult(ApiBody.OfJson(new ItemDetail(
            rules.Version, i.Id, i.Area, areaName, i.Order, i.Level1, i.Level2, i.Level3,
            [.. i.Elements.Select(e => new ElementView(e.Name, e.Required, e.Required ? "●" : "〇"))],
            i.Basis,
            new DeadlineView(i.Deadline.Kind, DeadlineText.Of(i.Deadline)),
            i.Presence switch { Presence.Standing => "standing", Presence.PerPeriod => "per-period", _ => "per-document" },
            i.Subject,
            [.. i.Channels.Select(c => new ChannelView(c.Name, c.Required, c.Required ? "■" : "□"))],
            i.Audience,
            i.Mode,
            i.Levels,
            i.MachineCheckable,
            i.Provenance == Provenance.Verified ? "verified" : "derived",
            i.Note,
            Date(i.Effective.From),
            Date(i.Effective.To))));
    }

    private static IResult Versions(HttpContext http, [FromServices] ApiContext api)
    {
        if (ApiQuery.Of(http).Error is { } error)
        {
            return error;
        }

        var rules = api.Rules;
        var today = ChinaTime.DateOf(api.Time.GetUtcNow());
        var history = rules.Versions.Count > 0 ? rules.Versions : [new RuleSetVersion(rules.Version, rules.Effective, rules.Name)];
        return new ApiBodyResult(ApiBody.OfJson(new VersionsAnswer(
            rules.Version, rules.Version, rules.VersionAt(today).Version, rules.Name,
            [.. history.Select(v => new VersionView(v.Version, Date(v.Effective)!, v.Notes))])));
    }

    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

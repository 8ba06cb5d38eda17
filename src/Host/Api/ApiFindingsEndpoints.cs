using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Monitor.Host.Assessments;
using Monitor.Host.Output;
using Monitor.Host.Store;
using Monitor.RuleEngine.Evaluation;

namespace Monitor.Host.Api;

/// <summary>
/// <c>/findings</c>: for <c>live</c> the store's findings with their lifecycle (open, resolved, first and last detected);
/// for a frozen period the findings of its assessment, all open at the period's as-of time. Every finding lists its
/// evidence with download links.
/// </summary>
internal static class ApiFindingsEndpoints
{
    /// <summary>Kinds (design §4), as filters accept them.</summary>
    public static readonly IReadOnlyList<string> Kinds = [.. Enum.GetValues<FindingKind>().Select(k => k.ToWire())];

    /// <summary>Severities, as filters accept them.</summary>
    public static readonly IReadOnlyList<string> Severities = [.. Enum.GetValues<Severity>().Select(s => s.ToWire())];

    public static readonly IReadOnlyList<string> States = ["open", "resolved", "all"];

    /// <summary>
    /// <c>severity</c> (default: veto, alert, warning, notice), <c>detected</c> (newest first), <c>department</c> (unit id),
    /// <c>due</c> (earliest due date first, none last); every order ends with the finding id, so it is total.
    /// </summary>
    public static readonly IReadOnlyList<string> Sorts = ["severity", "detected", "department", "due"];

    /// <summary>The findings answer.</summary>
    public sealed record FindingsPage(
        string Period,
        string Kind,
        string AsOf,
        string RuleVersion,
        string CatalogVersion,
        string State,
        string Sort,
        int Page,
        int PageSize,
        int Total,
        IReadOnlyList<FindingView> Items);

    /// <summary>
    /// One finding. <paramref name="State"/>: open or resolved; <paramref name="FirstDetected"/>/<paramref name="LastDetected"/>/
    /// <paramref name="ResolvedAt"/> come from the live lifecycle (null in a frozen period, whose findings are as of its end).
    /// </summary>
    public sealed record FindingView(
        string Id,
        string Kind,
        string Severity,
        string SeverityName,
        string? ItemId,
        string? Area,
        string? SourceId,
        string Department,
        string DepartmentName,
        string? DocumentUrl,
        string? TargetUrl,
        string? Period,
        string? DueDate,
        bool? Provisional,
        string DetectedAt,
        string Message,
        string? Basis,
        string RuleVersion,
        string State,
        string? FirstDetected,
        string? LastDetected,
        string? ResolvedAt,
        IReadOnlyList<EvidenceLink> Evidence);

    /// <summary>One piece of evidence: its digest, its raw bytes and its WARC record.</summary>
    public sealed record EvidenceLink(string Sha256, string Url, string Warc, bool Related);

    /// <summary>One finding with the period it was read from.</summary>
    public sealed record FindingDetail(string Period, string AsOf, FindingView Finding);

    public static void Map(RouteGroupBuilder v1)
    {
        var findings = v1.MapGroup("/findings").WithTags("问题").RequireScope(ApiScope.Findings);
        findings.MapGet("", List)
            .WithSummary("问题列表")
            .WithDescription("period=live（默认）：状态库中的问题及其生命周期（state 默认 open，可选 resolved、all）；冻结评估期：该期评估中的问题（截至该期末均为 open）。可按类型、严重程度、部门、领域、来源、事项筛选。排序：severity（默认，单项否决、告警、预警、提示）、detected（最新在前）、department、due（截止日期最早在前，无截止日期在后），最后均按编号。每个问题附证据链接。")
            .Produces<FindingsPage>(StatusCodes.Status200OK, ApiBody.JsonType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        findings.MapGet("/{id}", Get)
            .WithSummary("单个问题")
            .WithDescription("一个问题及其证据：本身记录的证据，以及（实时评估时）其文档各版本页面与断链所在页面的相关证据（related=true）。")
            .Produces<FindingDetail>(StatusCodes.Status200OK, ApiBody.JsonType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static IResult List(
        HttpContext http,
        [FromServices] ApiContext api,
        [Description("评估期：live（默认）或已冻结评估期编号")] string? period = null,
        [Description("问题类型，如 missing-item、late-publication")] string? kind = null,
        [Description("严重程度：notice、warning、alert、veto")] string? severity = null,
        [Description("状态：open（默认）、resolved、all；冻结评估期只有 open")] string? state = null,
        [Description("责任单位编号")] string? department = null,
        [Description("领域编号")] string? area = null,
        [Description("来源（栏目）编号")] string? source = null,
        [Description("事项编号")] string? item = null,
        [Description("排序：severity（默认）、detected、department、due")] string? sort = null,
        [Description("页码，从 1 开始")] string? page = null,
        [Description("每页条数，默认 100，最大 1000")] string? pageSize = null)
    {
        var q = ApiQuery.Of(http, "period", "kind", "severity", "state", "department", "area", "source", "item", "sort", "page", "pageSize");
        var id = q.Text("period") ?? Assessment.LiveId;
        var filter = new Filter(
            q.OneOf("kind", Kinds), q.OneOf("severity", Severities), q.OneOf("state", States, "open")!,
            q.Text("department"), q.Text("area"), q.Text("source"), q.Text("item"));
        var order = q.OneOf("sort", Sorts, "severity")!;
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

        ApiBody body;
        if (entry.Assessment.IsFrozen)
        {
            body = entry.Body($"findings|{filter}|{order}|{p}|{size}", a => Render(a, FromAssessment(api, a).Where(filter.Keeps), filter, order, p, size));
        }
        else
        {
            // The lifecycle changes with every pass: read the store each time (names and bases from the live assessment).
            var views = Live(api, lease.Store.ApiFindings(), entry.Assessment).Where(filter.Keeps);
            body = Render(entry.Assessment, views, filter, order, p, size);
        }

        ApiPaging.AddLinks(http, p, size, body.Total);
        return new ApiBodyResult(body);
    }

    private static IResult Get(
        HttpContext http,
        [FromServices] ApiContext api,
        [Description("问题编号")] string id,
        [Description("评估期：live（默认）或已冻结评估期编号")] string? period = null)
    {
        var q = ApiQuery.Of(http, "period");
        var periodId = q.Text("period") ?? Assessment.LiveId;
        if (q.Error is { } error)
        {
            return error;
        }

        using var lease = api.Pool.Rent();
        var (entry, missing) = api.Period(lease.Store, periodId);
        if (entry is null)
        {
            return missing!;
        }

        var a = entry.Assessment;
        FindingView? view;
        if (a.IsFrozen)
        {
            view = FromAssessment(api, a).FirstOrDefault(f => f.Id == id);
        }
        else if (lease.Store.ApiFinding(id) is { } row)
        {
            view = Live(api, [row], a).Single();
            if (lease.Store.EvidenceOfFinding(id) is { } evidence)
            {
                view = view with { Evidence = [.. view.Evidence, .. evidence.Related.Select(s => Link(api, s, related: true))] };
            }
        }
        else
        {
            view = null;
        }

        return view is null
            ? ApiProblem.NotFound($"评估期 {periodId} 中没有问题 {id}")
            : new ApiBodyResult(ApiBody.OfJson(new FindingDetail(a.Id, a.AsOf, view)));
    }

    private static ApiBody Render(Assessment a, IEnumerable<FindingView> views, Filter filter, string order, int page, int pageSize)
    {
        var sorted = Sorted(views, order).ToList();
        var result = ApiPage<FindingView>.Of(sorted, page, pageSize, order);
        return ApiBody.OfJson(new FindingsPage(a.Id, a.Kind, a.AsOf, a.RuleVersion, a.CatalogVersion, filter.State, order, result.Page, result.PageSize, result.Total, result.Items))
            with { Total = result.Total };
    }

    private static IOrderedEnumerable<FindingView> Sorted(IEnumerable<FindingView> views, string order) => order switch
    {
        "detected" => views.OrderByDescending(v => DateTimeOffset.Parse(v.DetectedAt, CultureInfo.InvariantCulture)).ThenBy(v => v.Id, StringComparer.Ordinal),
        "department" => views.OrderBy(v => v.Department, StringComparer.Ordinal).ThenBy(v => v.Id, StringComparer.Ordinal),
        "due" => views.OrderBy(v => v.DueDate is null ? 1 : 0).ThenBy(v => v.DueDate, StringComparer.Ordinal).ThenBy(v => v.Id, StringComparer.Ordinal),
        _ => views.OrderByDescending(v => SeverityRank(v.Severity)).ThenBy(v => v.Id, StringComparer.Ordinal),
    };

    private static int SeverityRank(string severity)
    {
        var index = Severities.ToList().IndexOf(severity);
        return index < 0 ? -1 : index;
    }

    private static IEnumerable<FindingView> FromAssessment(ApiContext api, Assessment a) => a.Findings.Select(f => new FindingView(
        f.Id, f.Kind, f.Severity, SeverityName(f.Severity), f.ItemId, f.Area, f.SourceId, f.Department, f.DepartmentName, f.DocumentUrl, f.TargetUrl,
        f.Period, f.DueDate, f.Provisional, f.DetectedAt, f.Message, f.Basis, f.RuleVersion, "open", null, null, null,
        [.. f.Evidence.Select(e => Link(api, e, related: false))]));

    private static IEnumerable<FindingView> Live(ApiContext api, IEnumerable<MonitorStore.ApiFindingRow> rows, Assessment live)
    {
        var current = live.Findings.GroupBy(f => f.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var r in rows)
        {
            current.TryGetValue(r.Id, out var dto);
            yield return new FindingView(
                r.Id, r.Kind, r.Severity, SeverityName(r.Severity), r.ItemId, r.Area, r.SourceId, r.DepartmentId, DepartmentName(api, live, r.DepartmentId),
                r.DocumentUrl, r.TargetUrl, r.Period, r.DueDate, dto?.Provisional, r.FirstDetected, r.Message, dto?.Basis, r.RuleVersion, r.State,
                r.FirstDetected, r.LastDetected, r.ResolvedAt, [.. r.Evidence.Select(e => Link(api, e, related: false))]);
        }
    }

    private static string DepartmentName(ApiContext api, Assessment live, string id) =>
        live.Departments.FirstOrDefault(d => d.Id == id)?.Name ?? api.Deployment.Department(id)?.Name ?? id;

    public static EvidenceLink Link(ApiContext api, string sha256, bool related)
    {
        var bare = ApiLinks.Bare(sha256);
        return new EvidenceLink("sha256:" + bare, ApiLinks.Evidence(api.LinkBase, bare).ToString(), ApiLinks.EvidenceWarc(api.LinkBase, bare).ToString(), related);
    }

    private static string SeverityName(string severity) => severity switch
    {
        "notice" => Severity.Notice.ToChinese(),
        "warning" => Severity.Warning.ToChinese(),
        "alert" => Severity.Alert.ToChinese(),
        "veto" => Severity.Veto.ToChinese(),
        _ => severity,
    };

    /// <summary>The filters of a findings request (null: not filtered).</summary>
    private sealed record Filter(string? Kind, string? Severity, string State, string? Department, string? Area, string? Source, string? Item)
    {
        public bool Keeps(FindingView f) =>
            (Kind is null || f.Kind == Kind) && (Severity is null || f.Severity == Severity) && (State == "all" || f.State == State)
            && (Department is null || f.Department == Department) && (Area is null || f.Area == Area) && (Source is null || f.SourceId == Source)
            && (Item is null || f.ItemId == Item);
    }
}

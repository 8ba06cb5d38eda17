using System.ComponentModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Monitor.Alerting;
using Monitor.Host.Store;

namespace Monitor.Host.Api;

/// <summary>
/// <c>/deliveries</c>: the alert audit log — one entry per delivery attempt (alert_attempts) with its message (alert_outbox):
/// who was told what, on which channel and address, and what the channel answered. Addresses are shown (assessors are
/// authorised to see them); message bodies and channel secrets are not.
/// </summary>
internal static class ApiDeliveriesEndpoints
{
    /// <summary>Attempts in the order they were made (time, then sequence number): new attempts only ever append.</summary>
    public const string Sort = "at";

    /// <summary>Channels as filters accept and answers name them (the keys of deployment.yaml <c>alerting:</c>).</summary>
    public static readonly IReadOnlyList<string> Channels = [.. Enum.GetValues<ChannelKind>().Select(Wire)];

    /// <summary>sent, retry (failed, tried again later), failed (for good), unknown (the dispatcher stopped mid-attempt).</summary>
    public static readonly IReadOnlyList<string> Results = ["sent", "retry", "failed", "unknown"];

    /// <summary>One delivery attempt. <paramref name="Level"/>: the alert level (EarlyWarning, Overdue, Escalation …).</summary>
    public sealed record DeliveryView(
        long Seq,
        string MessageId,
        string DedupKey,
        string Level,
        string Unit,
        string UnitName,
        string Recipient,
        string Channel,
        string Address,
        string Subject,
        int Attempt,
        string Result,
        string? ProviderMessageId,
        string? Error,
        string At);

    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/deliveries", List)
            .RequireScope(ApiScope.Deliveries)
            .WithTags("告警投递")
            .WithSummary("告警投递记录")
            .WithDescription("告警审计日志：每次投递尝试一条（消息编号、去重键、级别、单位、收件人、渠道、地址、主题、第几次尝试、结果、服务商消息编号、错误、时间），按时间与序号排序（新记录只追加在后）。since 含、until 不含；日期按北京时间零点。")
            .Produces<ApiPage<DeliveryView>>(StatusCodes.Status200OK, ApiBody.JsonType)
            .ProducesProblem(StatusCodes.Status400BadRequest);
    }

    private static IResult List(
        HttpContext http,
        [FromServices] ApiContext api,
        [Description("起始时间（含）：yyyy-MM-dd（北京时间）或带时区的 ISO 8601 时间")] string? since = null,
        [Description("截止时间（不含）：yyyy-MM-dd（北京时间）或带时区的 ISO 8601 时间")] string? until = null,
        [Description("单位编号")] string? unit = null,
        [Description("渠道：email、sms、dingTalk、weCom")] string? channel = null,
        [Description("结果：sent、retry、failed、unknown")] string? result = null,
        [Description("页码，从 1 开始")] string? page = null,
        [Description("每页条数，默认 100，最大 1000")] string? pageSize = null)
    {
        var q = ApiQuery.Of(http, "since", "until", "unit", "channel", "result", "page", "pageSize");
        var from = q.Time("since");
        var to = q.Time("until");
        var channelFilter = q.OneOf("channel", Channels);
        var filter = new MonitorStore.ApiDeliveryFilter(
            from, to, q.Text("unit"),
            channelFilter is null ? null : Enum.GetValues<ChannelKind>().First(c => Wire(c) == channelFilter).ToString(),
            q.OneOf("result", Results));
        var (p, size) = q.Paging(api.Options);
        if (q.Error is { } error)
        {
            return error;
        }

        using var lease = api.Pool.Rent();
        var total = lease.Store.ApiDeliveryCount(filter);
        var offset = (long)(p - 1) * size;
        var rows = offset >= total ? [] : lease.Store.ApiDeliveries(filter, (int)offset, size);
        var items = rows.Select(r => new DeliveryView(
            r.Seq, r.MessageId, r.DedupKey, r.Level, r.UnitId, api.Deployment.Department(r.UnitId)?.Name ?? r.UnitId, r.RecipientName,
            Enum.TryParse<ChannelKind>(r.Channel, out var c) ? Wire(c) : r.Channel, r.Address, r.Subject, r.Attempt, r.Result, r.ProviderMessageId,
            r.Error, r.At)).ToList();
        ApiPaging.AddLinks(http, p, size, total);
        return new ApiBodyResult(ApiBody.OfJson(new ApiPage<DeliveryView>(items, p, size, total, Sort)));
    }

    private static string Wire(ChannelKind kind) => kind switch
    {
        ChannelKind.Email => "email",
        ChannelKind.Sms => "sms",
        ChannelKind.DingTalk => "dingTalk",
        ChannelKind.WeCom => "weCom",
        _ => kind.ToString(),
    };
}

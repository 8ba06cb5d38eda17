using System.Net;
using System.Text.Json;
using Monitor.Host.Api;

namespace Monitor.Host.Tests.Api;

/// <summary><c>/deliveries</c>: the alert audit log in the order attempts were made, with every filter.</summary>
[Collection(ApiCollection.Name)]
public sealed class ApiDeliveriesEndpointsTests(ApiTestHost api)
{
    private async Task<List<JsonElement>> ItemsAsync(string query = "") =>
        (await api.JsonAsync("/api/v1/deliveries?pageSize=1000" + query)).GetProperty("items").EnumerateArray().ToList();

    [Fact]
    public async Task Every_attempt_is_listed_in_order_with_its_message()
    {
        var items = await ItemsAsync();

        Assert.Equal(3, items.Count);
        Assert.Equal(["m-1", "m-2", "m-2"], items.Select(i => i.GetProperty("messageId").GetString()));
        Assert.Equal(["sent", "retry", "sent"], items.Select(i => i.GetProperty("result").GetString()));
        var mail = items[0];
        Assert.Equal("email", mail.GetProperty("channel").GetString());
        Assert.Equal("fgj@example.com", mail.GetProperty("address").GetString());
        Assert.Equal("【告警】测试主题", mail.GetProperty("subject").GetString());
        Assert.Equal("dedup-1", mail.GetProperty("dedupKey").GetString());
        Assert.Equal("Alert", mail.GetProperty("level").GetString());
        Assert.Equal("provider-1", mail.GetProperty("providerMessageId").GetString());
        Assert.Equal(api.Deployment.Department("fgj")?.Name ?? "fgj", mail.GetProperty("unitName").GetString());
        Assert.Equal("网关超时", items[1].GetProperty("error").GetString());
        Assert.Equal(2, items[2].GetProperty("attempt").GetInt32());
        Assert.DoesNotContain(items, i => i.TryGetProperty("textBody", out _));
    }

    [Theory]
    [InlineData("&channel=sms", 2)]
    [InlineData("&channel=email", 1)]
    [InlineData("&result=sent", 2)]
    [InlineData("&result=failed", 0)]
    [InlineData("&unit=fgj", 1)]
    [InlineData("&since=2026-12-02", 1)]
    [InlineData("&until=2026-12-02", 2)]
    [InlineData("&since=2026-12-01T09:01:30%2B08:00&until=2026-12-01T10:00:00%2B08:00", 1)]
    public async Task Filters_keep_the_matching_attempts(string query, int expected)
    {
        Assert.Equal(expected, (await ItemsAsync(query)).Count);
    }

    [Fact]
    public async Task Pages_follow_each_other_in_the_same_order()
    {
        var whole = (await ItemsAsync()).Select(i => i.GetProperty("seq").GetInt64()).ToList();
        var paged = (await api.AllPagesAsync("/api/v1/deliveries?pageSize=1")).Select(i => i.GetProperty("seq").GetInt64()).ToList();

        Assert.Equal(whole, paged);
    }

    [Theory]
    [InlineData("channel=fax", "channel")]
    [InlineData("result=ok", "result")]
    [InlineData("since=yesterday", "since")]
    [InlineData("until=2026-12-01T10:00:00", "until")]
    public async Task A_bad_filter_value_is_400_naming_it(string query, string parameter)
    {
        using var response = await api.Client.GetAsync("/api/v1/deliveries?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(parameter, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task Deliveries_need_the_deliveries_scope()
    {
        using var response = await api.ClientWith([ApiScope.Scores, ApiScope.Findings, ApiScope.Evidence]).GetAsync("/api/v1/deliveries");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}

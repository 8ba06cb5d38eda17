using System.Net;
using System.Text.Json;
using Monitor.Host.Api;
using Monitor.Host.Assessments;
using Monitor.Host.Store;

namespace Monitor.Host.Tests.Api;

/// <summary>
/// <c>/findings</c>: live findings with their lifecycle from the store, a frozen period's findings from its assessment,
/// every filter, the four sort orders (each ending in the id), paging and evidence links.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ApiFindingsEndpointsTests(ApiTestHost api)
{
    private static readonly string[] SeverityOrder = ["veto", "alert", "warning", "notice"];

    private async Task<List<JsonElement>> AllAsync(string query = "") =>
        (await api.JsonAsync("/api/v1/findings?pageSize=1000" + query)).GetProperty("items").EnumerateArray().ToList();

    private static string Id(JsonElement e) => e.GetProperty("id").GetString()!;

    private static string? Text(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetString();

    [Fact]
    public async Task Live_findings_are_the_stores_open_findings_with_their_lifecycle()
    {
        IReadOnlyList<string> open;
        using (var store = MonitorStore.Open(api.StorePath))
        {
            open = store.FindingIds("open");
        }

        var items = await AllAsync();

        Assert.NotEmpty(open);
        Assert.Equal(open.Order(StringComparer.Ordinal), items.Select(Id).Order(StringComparer.Ordinal));
        Assert.All(items, f =>
        {
            Assert.Equal("open", f.GetProperty("state").GetString());
            Assert.NotNull(Text(f, "firstDetected"));
            Assert.NotNull(Text(f, "lastDetected"));
            Assert.Null(Text(f, "resolvedAt"));
            Assert.False(string.IsNullOrEmpty(Text(f, "departmentName")));
            Assert.False(string.IsNullOrEmpty(Text(f, "message")));
        });
        Assert.Equal(items.Count, (await AllAsync("&state=all")).Count(f => f.GetProperty("state").GetString() == "open"));
        Assert.All(await AllAsync("&state=resolved"), f => Assert.Equal("resolved", f.GetProperty("state").GetString()));
    }

    [Theory]
    [InlineData("kind", "kind")]
    [InlineData("severity", "severity")]
    [InlineData("department", "department")]
    [InlineData("area", "area")]
    [InlineData("source", "sourceId")]
    [InlineData("item", "itemId")]
    public async Task Each_filter_keeps_exactly_the_matching_findings(string parameter, string field)
    {
        var all = await AllAsync();
        var value = all.Select(f => Text(f, field)).First(v => v is not null)!;

        var filtered = await AllAsync($"&{parameter}={Uri.EscapeDataString(value)}");

        Assert.NotEmpty(filtered);
        Assert.All(filtered, f => Assert.Equal(value, Text(f, field)));
        Assert.Equal(all.Count(f => Text(f, field) == value), filtered.Count);
    }

    [Fact]
    public async Task Sort_by_severity_lists_vetoes_first_then_by_id()
    {
        var items = await AllAsync("&sort=severity");

        var keys = items.Select(f => (Array.IndexOf(SeverityOrder, f.GetProperty("severity").GetString()), Id(f))).ToList();
        Assert.Equal(keys.OrderBy(k => k.Item1).ThenBy(k => k.Item2, StringComparer.Ordinal), keys);
        Assert.True(keys.Select(k => k.Item1).Distinct().Count() > 1);
    }

    [Fact]
    public async Task Sort_by_department_and_by_due_date_end_in_the_id()
    {
        var byDepartment = (await AllAsync("&sort=department")).Select(f => (Text(f, "department")!, Id(f))).ToList();
        Assert.Equal(byDepartment.OrderBy(k => k.Item1, StringComparer.Ordinal).ThenBy(k => k.Item2, StringComparer.Ordinal), byDepartment);

        var byDue = (await AllAsync("&sort=due")).Select(f => (Text(f, "dueDate"), Id(f))).ToList();
        var expected = byDue.OrderBy(k => k.Item1 is null ? 1 : 0).ThenBy(k => k.Item1, StringComparer.Ordinal).ThenBy(k => k.Item2, StringComparer.Ordinal);
        Assert.Equal(expected, byDue);
        Assert.Contains(byDue, k => k.Item1 is not null);

        var byDetected = (await AllAsync("&sort=detected")).Select(f => (DateTimeOffset.Parse(Text(f, "detectedAt")!, System.Globalization.CultureInfo.InvariantCulture), Id(f))).ToList();
        Assert.Equal(byDetected.OrderByDescending(k => k.Item1).ThenBy(k => k.Item2, StringComparer.Ordinal), byDetected);
    }

    [Fact]
    public async Task Pages_concatenate_to_the_whole_list_in_the_same_order()
    {
        var whole = (await AllAsync("&sort=due")).Select(Id).ToList();
        var paged = (await api.AllPagesAsync("/api/v1/findings?sort=due&pageSize=3")).Select(Id).ToList();

        Assert.True(whole.Count > 3);
        Assert.Equal(whole, paged);
        Assert.Equal(paged.Count, paged.Distinct().Count());
    }

    [Fact]
    public async Task Each_finding_links_its_evidence_through_the_api()
    {
        var withEvidence = (await AllAsync()).First(f => f.GetProperty("evidence").GetArrayLength() > 0);
        var link = withEvidence.GetProperty("evidence")[0];
        var sha = link.GetProperty("sha256").GetString()!;

        Assert.StartsWith("sha256:", sha, StringComparison.Ordinal);
        Assert.Equal(ApiLinks.Evidence(api.Context.LinkBase, sha).ToString(), link.GetProperty("url").GetString());
        Assert.Equal(ApiLinks.EvidenceWarc(api.Context.LinkBase, sha).ToString(), link.GetProperty("warc").GetString());
        Assert.StartsWith(api.BaseUrl.ToString(), link.GetProperty("url").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_finding_answers_with_its_evidence_and_an_unknown_one_is_404()
    {
        var first = (await AllAsync()).First(f => Text(f, "documentUrl") is not null);
        var body = await api.JsonAsync("/api/v1/findings/" + Uri.EscapeDataString(Id(first)));

        Assert.Equal("live", body.GetProperty("period").GetString());
        var finding = body.GetProperty("finding");
        Assert.Equal(Id(first), Id(finding));
        Assert.True(finding.GetProperty("evidence").GetArrayLength() >= first.GetProperty("evidence").GetArrayLength());

        using var missing = await api.Client.GetAsync("/api/v1/findings/no-such-finding");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_frozen_periods_findings_are_its_assessments_all_open_at_its_end()
    {
        Assessment frozen;
        using (var store = MonitorStore.Open(api.StorePath))
        {
            frozen = store.LoadAssessment(ApiTestHost.Period)!;
        }

        var body = await api.JsonAsync($"/api/v1/findings?period={ApiTestHost.Period}&pageSize=1000");
        var items = body.GetProperty("items").EnumerateArray().ToList();

        Assert.Equal(ApiTestHost.Period, body.GetProperty("period").GetString());
        Assert.Equal(frozen.Findings.Select(f => f.Id).Order(StringComparer.Ordinal), items.Select(Id).Order(StringComparer.Ordinal));
        Assert.All(items, f =>
        {
            Assert.Equal("open", f.GetProperty("state").GetString());
            Assert.Null(Text(f, "firstDetected"));
        });
        var one = await api.JsonAsync($"/api/v1/findings/{Uri.EscapeDataString(Id(items[0]))}?period={ApiTestHost.Period}");
        Assert.Equal(Id(items[0]), Id(one.GetProperty("finding")));
    }

    [Theory]
    [InlineData("kind=missing", "kind")]
    [InlineData("severity=fatal", "severity")]
    [InlineData("state=closed", "state")]
    [InlineData("sort=title", "sort")]
    [InlineData("colour=red", "colour")]
    public async Task A_value_outside_the_known_ones_is_a_400_listing_the_allowed_values(string query, string parameter)
    {
        using var response = await api.Client.GetAsync("/api/v1/findings?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
        Assert.True(problem.GetProperty("allowed").GetArrayLength() > 0);
    }

    [Fact]
    public async Task Findings_need_the_findings_scope()
    {
        using var response = await api.ClientWith([ApiScope.Scores]).GetAsync("/api/v1/findings");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}

using System.Net;
using System.Text.Json;
using Monitor.Host.Api;
using Monitor.Host.Assessments;
using Monitor.Host.Store;

namespace Monitor.Host.Tests.Api;

/// <summary>
/// <c>/scores</c>: filters, names beside keys, paging that concatenates to the whole list in a stable order, ETags and
/// 304, and 400/404 problems that name what was wrong.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ApiScoresEndpointsTests(ApiTestHost api)
{
    private Assessment Live()
    {
        using var store = MonitorStore.Open(api.StorePath);
        return store.LoadAssessment(Assessment.LiveId)!;
    }

    [Fact]
    public async Task Live_scores_name_the_period_versions_and_every_unit_beside_its_key()
    {
        var live = Live();
        var body = await api.JsonAsync("/api/v1/scores?pageSize=1000");

        Assert.Equal("live", body.GetProperty("period").GetString());
        Assert.Equal(live.AsOf, body.GetProperty("asOf").GetString());
        Assert.Equal(live.RuleVersion, body.GetProperty("ruleVersion").GetString());
        Assert.Equal(live.CatalogVersion, body.GetProperty("catalogVersion").GetString());
        Assert.Equal(live.Scores.Count, body.GetProperty("total").GetInt32());
        var items = body.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(live.Scores.Count, items.Count);
        var site = items[0];
        Assert.Equal("site", site.GetProperty("scope").GetString());
        Assert.Equal(live.Site.Name, site.GetProperty("name").GetString());
        foreach (var department in items.Where(i => i.GetProperty("scope").GetString() is "department" or "town"))
        {
            Assert.Equal(live.DepartmentName(department.GetProperty("key").GetString()!), department.GetProperty("name").GetString());
            Assert.NotEqual(department.GetProperty("key").GetString(), department.GetProperty("name").GetString());
        }

        var item = items.First(i => i.GetProperty("scope").GetString() == "item");
        var catalog = live.Items.First(i => i.ItemId == item.GetProperty("key").GetString());
        Assert.Equal(catalog.Level1, item.GetProperty("level1").GetString());
        Assert.Equal(catalog.Level2, item.GetProperty("level2").GetString());
        Assert.Equal(catalog.AreaName, item.GetProperty("areaName").GetString());
    }

    [Theory]
    [InlineData("site")]
    [InlineData("department")]
    [InlineData("area")]
    [InlineData("item")]
    public async Task The_scope_filter_keeps_only_that_scope(string scope)
    {
        var body = await api.JsonAsync($"/api/v1/scores?scope={scope}&pageSize=1000");

        var items = body.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.Equal(scope, i.GetProperty("scope").GetString()));
        Assert.Equal(Live().Scores.Count(s => s.Scope == scope), items.Count);
    }

    [Fact]
    public async Task The_key_filter_finds_one_department()
    {
        var department = Live().Scores.First(s => s.Scope == "department");
        var body = await api.JsonAsync($"/api/v1/scores?scope=department&key={department.Key}");

        var only = Assert.Single(body.GetProperty("items").EnumerateArray());
        Assert.Equal(department.Key, only.GetProperty("key").GetString());
        Assert.Equal(department.Score, only.GetProperty("score").GetDouble());
        Assert.Equal(department.ItemsAssessed, only.GetProperty("itemsAssessed").GetInt32());
    }

    [Fact]
    public async Task Pages_concatenate_to_the_whole_list_without_duplicates_in_the_same_order_every_time()
    {
        var whole = (await api.JsonAsync("/api/v1/scores?pageSize=1000")).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("scope").GetString() + "/" + i.GetProperty("key").GetString()).ToList();
        var paged = (await api.AllPagesAsync("/api/v1/scores?pageSize=7"))
            .Select(i => i.GetProperty("scope").GetString() + "/" + i.GetProperty("key").GetString()).ToList();
        var again = (await api.AllPagesAsync("/api/v1/scores?pageSize=7"))
            .Select(i => i.GetProperty("scope").GetString() + "/" + i.GetProperty("key").GetString()).ToList();

        Assert.True(whole.Count > 7);
        Assert.Equal(whole, paged);
        Assert.Equal(paged, again);
        Assert.Equal(paged.Count, paged.Distinct().Count());
    }

    [Fact]
    public async Task The_last_page_has_no_next_link_and_a_page_past_the_end_is_empty()
    {
        var total = (await api.JsonAsync("/api/v1/scores")).GetProperty("total").GetInt32();
        using var last = await api.Client.GetAsync($"/api/v1/scores?pageSize=10&page={(total + 9) / 10}");
        using var past = await api.Client.GetAsync($"/api/v1/scores?pageSize=10&page={((total + 9) / 10) + 1}");

        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
        Assert.False(last.Headers.Contains("Link") && last.Headers.GetValues("Link").Any(l => l.Contains("rel=\"next\"", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.OK, past.StatusCode);
        Assert.Empty(JsonDocument.Parse(await past.Content.ReadAsStringAsync()).RootElement.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Sort_by_score_puts_the_lowest_share_first()
    {
        var body = await api.JsonAsync("/api/v1/scores?sort=score&pageSize=1000");

        Assert.Equal("score", body.GetProperty("sort").GetString());
        var shares = body.GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("max").GetDouble() > 0 ? i.GetProperty("score").GetDouble() / i.GetProperty("max").GetDouble() : 0).ToList();
        Assert.Equal(shares.Order(), shares);
        Assert.True(shares[0] < shares[^1]);
    }

    [Fact]
    public async Task A_frozen_period_answers_with_its_own_id_and_dates()
    {
        var body = await api.JsonAsync($"/api/v1/scores?period={ApiTestHost.Period}&scope=site");

        Assert.Equal(ApiTestHost.Period, body.GetProperty("period").GetString());
        Assert.Equal("frozen", body.GetProperty("kind").GetString());
        Assert.Equal("2026-11-01", body.GetProperty("from").GetString());
        Assert.Equal("2026-11-30", body.GetProperty("to").GetString());
        Assert.Single(body.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Every_answer_has_a_strong_etag_and_if_none_match_gives_304_without_a_body()
    {
        using var first = await api.Client.GetAsync("/api/v1/scores?scope=area");
        var bytes = await first.Content.ReadAsByteArrayAsync();
        var etag = first.Headers.ETag!;
        Assert.False(etag.IsWeak);
        Assert.Equal("\"" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)) + "\"", etag.Tag);
        Assert.Equal("private, no-cache", string.Join(",", first.Headers.NonValidated["Cache-Control"]));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/scores?scope=area");
        request.Headers.IfNoneMatch.Add(etag);
        using var second = await api.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, second.Headers.ETag);
    }

    [Theory]
    [InlineData("/api/v1/scores?scope=country", "scope")]
    [InlineData("/api/v1/scores?sort=name", "sort")]
    [InlineData("/api/v1/scores?pageSize=0", "pageSize")]
    [InlineData("/api/v1/scores?pageSize=1001", "pageSize")]
    [InlineData("/api/v1/scores?page=0", "page")]
    [InlineData("/api/v1/scores?page=x", "page")]
    [InlineData("/api/v1/scores?scop=site", "scop")]
    [InlineData("/api/v1/scores?scope=site&scope=item", "scope")]
    public async Task A_bad_parameter_is_a_400_problem_naming_it_in_chinese(string path, string parameter)
    {
        using var response = await api.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equal("请求参数无效", problem.GetProperty("title").GetString());
        Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
        Assert.Contains(parameter, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_period_is_a_404_problem()
    {
        using var response = await api.Client.GetAsync("/api/v1/scores?period=1999-Q1");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("1999-Q1", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_without_the_scores_scope_is_refused()
    {
        using var response = await api.ClientWith([ApiScope.Findings]).GetAsync("/api/v1/scores");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}

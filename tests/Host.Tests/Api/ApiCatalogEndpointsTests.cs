using System.Net;
using System.Text.Json;
using Monitor.Host.Api;
using Monitor.Host.Catalog;
using Monitor.RuleEngine.Loading;
using Monitor.RuleEngine.Rules;
using Monitor.Host.Tests.Support;

namespace Monitor.Host.Tests.Api;

/// <summary><c>/catalog</c> and <c>/rules/versions</c> answer what the loaded rule files say, in catalog order.</summary>
[Collection(ApiCollection.Name)]
public sealed class ApiCatalogEndpointsTests(ApiTestHost api)
{
    private static readonly RuleSet Rules = RuleSetLoader.Load(RepoPaths.Rules).RuleSet!;

    [Fact]
    public async Task Areas_are_the_rule_files_areas_with_their_item_counts()
    {
        var body = await api.JsonAsync("/api/v1/catalog/areas");

        Assert.Equal(Rules.Version, body.GetProperty("catalogVersion").GetString());
        var areas = body.GetProperty("areas").EnumerateArray().ToList();
        Assert.Equal(Rules.Areas.Select(a => a.Id), areas.Select(a => a.GetProperty("id").GetString()));
        Assert.Equal(Rules.Areas.Select(a => a.Items.Count), areas.Select(a => a.GetProperty("items").GetInt32()));
        Assert.Equal(Rules.Areas[0].Name, areas[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Items_page_through_the_catalog_in_order_and_filter_by_area()
    {
        var all = (await api.AllPagesAsync("/api/v1/catalog/items?pageSize=25")).Select(i => i.GetProperty("id").GetString()).ToList();
        Assert.Equal(Rules.Items.OrderBy(i => i.Order).Select(i => i.Id), all);

        var area = Rules.Areas[1];
        var body = await api.JsonAsync($"/api/v1/catalog/items?area={area.Id}&pageSize=1000");
        var items = body.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(area.Items.Count, items.Count);
        Assert.All(items, i => Assert.Equal(area.Id, i.GetProperty("area").GetString()));
        Assert.All(items, i => Assert.Equal(area.Name, i.GetProperty("areaName").GetString()));
    }

    [Fact]
    public async Task One_item_carries_elements_basis_deadline_in_chinese_subject_channels_mode_and_level()
    {
        var item = Rules.Items.First(i => i.Elements.Count > 0 && i.Channels.Count > 0 && i.Basis.Count > 0);

        var body = await api.JsonAsync("/api/v1/catalog/items/" + item.Id);

        Assert.Equal(item.Level1, body.GetProperty("level1").GetString());
        Assert.Equal(item.Elements.Select(e => e.Name), body.GetProperty("elements").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.Equal(item.Elements.Select(e => e.Required ? "●" : "〇"), body.GetProperty("elements").EnumerateArray().Select(e => e.GetProperty("mark").GetString()));
        Assert.Equal(item.Basis, body.GetProperty("basis").EnumerateArray().Select(b => b.GetString()));
        Assert.Equal(item.Deadline.Kind, body.GetProperty("deadline").GetProperty("kind").GetString());
        Assert.Equal(DeadlineText.Of(item.Deadline), body.GetProperty("deadline").GetProperty("text").GetString());
        Assert.Equal(item.Subject, body.GetProperty("subject").GetString());
        Assert.Equal(item.Channels.Select(c => c.Name), body.GetProperty("channels").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(item.Mode, body.GetProperty("mode").GetString());
        Assert.Equal(item.Levels, body.GetProperty("levels").EnumerateArray().Select(l => l.GetString()));
    }

    [Fact]
    public async Task An_unknown_item_is_404_and_an_unknown_area_is_400()
    {
        using var item = await api.Client.GetAsync("/api/v1/catalog/items/no-such-item");
        using var area = await api.Client.GetAsync("/api/v1/catalog/items?area=no-such-area");

        Assert.Equal(HttpStatusCode.NotFound, item.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, area.StatusCode);
        Assert.Equal("area", JsonDocument.Parse(await area.Content.ReadAsStringAsync()).RootElement.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task Rule_versions_list_the_history_with_effective_dates_and_the_current_catalog()
    {
        var body = await api.JsonAsync("/api/v1/rules/versions");

        Assert.Equal(Rules.Version, body.GetProperty("current").GetString());
        Assert.Equal(Rules.Version, body.GetProperty("catalogVersion").GetString());
        var versions = body.GetProperty("versions").EnumerateArray().ToList();
        Assert.NotEmpty(versions);
        Assert.Equal(Rules.Version, versions[^1].GetProperty("version").GetString());
        Assert.All(versions, v => Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", v.GetProperty("effective").GetString()));
    }

    [Fact]
    public async Task The_catalog_is_open_to_any_valid_key_but_not_without_one()
    {
        using var withKey = await api.ClientWith([ApiScope.Deliveries]).GetAsync("/api/v1/catalog/areas");
        using var without = await api.Anonymous.GetAsync("/api/v1/catalog/areas");

        Assert.Equal(HttpStatusCode.OK, withKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
    }
}

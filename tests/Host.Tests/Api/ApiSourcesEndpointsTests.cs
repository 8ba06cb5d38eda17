using System.Net;
using System.Text.Json;
using Monitor.Host.Assessments;
using Monitor.Host.Store;

namespace Monitor.Host.Tests.Api;

/// <summary><c>/sources</c>: the deployment's sources with their assessed state from the live assessment and the last check time from the store.</summary>
[Collection(ApiCollection.Name)]
public sealed class ApiSourcesEndpointsTests(ApiTestHost api)
{
    [Fact]
    public async Task Sources_are_the_deployments_by_id_with_their_assessed_state_and_last_check()
    {
        Assessment live;
        IReadOnlyDictionary<string, MonitorStore.ApiSourceStateRow> states;
        using (var store = MonitorStore.Open(api.StorePath))
        {
            live = store.LoadAssessment(Assessment.LiveId)!;
            states = store.ApiSourceStates();
        }

        var items = await api.AllPagesAsync("/api/v1/sources?pageSize=5");

        Assert.Equal(api.Deployment.Sources.Select(s => s.Id).Order(StringComparer.Ordinal), items.Select(i => i.GetProperty("id").GetString()));
        var tzgg = items.Single(i => i.GetProperty("id").GetString() == "tzgg");
        var config = api.Deployment.Sources.Single(s => s.Id == "tzgg");
        Assert.Equal(config.Name, tzgg.GetProperty("name").GetString());
        Assert.Equal(config.ColumnType, tzgg.GetProperty("columnType").GetString());
        Assert.Equal(config.ItemIds, tzgg.GetProperty("expectedItems").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(api.Deployment.Department(config.DepartmentId)!.Name, tzgg.GetProperty("departmentName").GetString());
        Assert.Equal("column", tzgg.GetProperty("type").GetString());
        foreach (var source in live.Sources)
        {
            var item = items.Single(i => i.GetProperty("id").GetString() == source.Id);
            Assert.Equal(source.State, item.GetProperty("state").GetString());
            Assert.Equal(source.Reason, item.GetProperty("reason").ValueKind == JsonValueKind.Null ? null : item.GetProperty("reason").GetString());
            if (states.TryGetValue(source.Id, out var stored))
            {
                Assert.Equal(stored.CheckedAt, item.GetProperty("lastChecked").GetString());
            }
        }

        Assert.Contains(items, i => i.GetProperty("lastChecked").ValueKind == JsonValueKind.String);
    }

    [Fact]
    public async Task One_source_answers_alone_and_an_unknown_one_is_404()
    {
        var body = await api.JsonAsync("/api/v1/sources/home");
        using var missing = await api.Client.GetAsync("/api/v1/sources/no-such-source");

        Assert.Equal("home", body.GetProperty("id").GetString());
        Assert.Equal("homepage", body.GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}

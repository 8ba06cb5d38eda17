using System.Net;
using System.Text.Json;
using Monitor.Host.Api;
using Monitor.Host.Store;

namespace Monitor.Host.Tests.Api;

/// <summary><c>/documents</c>: every stored document with its versions, URL-safe ids, bodies only on the single document.</summary>
[Collection(ApiCollection.Name)]
public sealed class ApiDocumentsEndpointsTests(ApiTestHost api)
{
    [Fact]
    public async Task Documents_page_through_the_store_by_source_and_path_with_their_versions_but_no_bodies()
    {
        long count;
        using (var store = MonitorStore.Open(api.StorePath))
        {
            count = store.Count("documents");
        }

        var items = await api.AllPagesAsync("/api/v1/documents?pageSize=40");

        Assert.True(count > 40);
        Assert.Equal(count, items.Count);
        var keys = items.Select(i => ApiDocumentsEndpoints.KeyOf(i.GetProperty("id").GetString()!)!).ToList();
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.All(items, i =>
        {
            var versions = i.GetProperty("versions").EnumerateArray().ToList();
            Assert.NotEmpty(versions);
            Assert.All(versions, v => Assert.Equal(JsonValueKind.Null, v.GetProperty("body").ValueKind));
            Assert.All(versions, v => Assert.Equal(64, v.GetProperty("textSha256").GetString()!.Length));
        });
        Assert.Contains(items, i => i.GetProperty("versions")[0].GetProperty("evidence").ValueKind == JsonValueKind.Object);
    }

    [Fact]
    public async Task The_source_filter_keeps_one_sources_documents()
    {
        var items = await api.AllPagesAsync("/api/v1/documents?source=tzgg&pageSize=1000");

        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.Equal("tzgg", i.GetProperty("sourceId").GetString()));
    }

    [Fact]
    public async Task One_document_has_every_version_with_its_text_and_ids_are_url_safe()
    {
        var first = (await api.JsonAsync("/api/v1/documents?source=tzgg&pageSize=1")).GetProperty("items")[0];
        var id = first.GetProperty("id").GetString()!;
        Assert.Matches("^[A-Za-z0-9_-]+$", id);

        var body = await api.JsonAsync("/api/v1/documents/" + id);

        Assert.Equal(id, body.GetProperty("id").GetString());
        Assert.Equal(first.GetProperty("url").GetString(), body.GetProperty("url").GetString());
        var version = body.GetProperty("versions")[0];
        Assert.False(string.IsNullOrEmpty(version.GetProperty("body").GetString()));
        Assert.False(string.IsNullOrEmpty(version.GetProperty("title").GetString()));
        Assert.StartsWith("tzgg|/", ApiDocumentsEndpoints.KeyOf(id), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dGhlcmUgaXMgbm8gc3VjaA")]
    [InlineData("not*base64")]
    public async Task An_unknown_or_malformed_document_id_is_404(string id)
    {
        using var response = await api.Client.GetAsync("/api/v1/documents/" + Uri.EscapeDataString(id));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Documents_need_the_findings_scope()
    {
        using var response = await api.ClientWith([ApiScope.Scores, ApiScope.Evidence]).GetAsync("/api/v1/documents");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}

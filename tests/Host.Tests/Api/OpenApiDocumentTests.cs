using System.Net;
using System.Text.Json;
using Monitor.Host.Tests.Support;

namespace Monitor.Host.Tests.Api;

/// <summary>
/// Guards that docs/openapi.json is the document the API serves: a changed endpoint without a regenerated file fails here.
/// Regenerate with <c>UPDATE_OPENAPI=1 dotnet test tests/Host.Tests --filter FullyQualifiedName~OpenApiDocumentTests</c>
/// (docs/api.md), which rewrites the file from the running API and then passes.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiDocumentTests(ApiTestHost api)
{
    private static string Committed => Path.Combine(RepoPaths.Root, "docs", "openapi.json");

    [Fact]
    public async Task The_served_document_equals_the_committed_docs_openapi_json()
    {
        using var response = await api.Anonymous.GetAsync("/api/v1/openapi.json");
        var served = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(Committed, served);
        }

        Assert.True(File.Exists(Committed), $"{Committed} is missing: run the test with UPDATE_OPENAPI=1");
        Assert.Equal(await File.ReadAllTextAsync(Committed), served);
    }

    [Fact]
    public async Task The_document_is_public_and_describes_every_endpoint_its_keys_and_scopes_in_chinese()
    {
        using var response = await api.Anonymous.GetAsync("/api/v1/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Contains("评估接口", document.GetProperty("info").GetProperty("title").GetString(), StringComparison.Ordinal);
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("bearer", schemes.GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.Equal("X-Api-Key", schemes.GetProperty("apiKey").GetProperty("name").GetString());
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var path in new[]
        {
            "/api/v1/periods", "/api/v1/periods/{id}", "/api/v1/periods/{id}/export.json", "/api/v1/periods/{id}/export.csv", "/api/v1/periods/{id}/export.xlsx",
            "/api/v1/periods/{id}/report.html", "/api/v1/scores", "/api/v1/findings", "/api/v1/findings/{id}", "/api/v1/catalog/areas", "/api/v1/catalog/items",
            "/api/v1/catalog/items/{id}", "/api/v1/rules/versions", "/api/v1/sources", "/api/v1/sources/{id}", "/api/v1/documents", "/api/v1/documents/{id}",
            "/api/v1/evidence/{sha256}", "/api/v1/evidence/{sha256}/warc", "/api/v1/deliveries",
        })
        {
            Assert.Contains(path, paths);
        }

        var scores = document.GetProperty("paths").GetProperty("/api/v1/scores").GetProperty("get");
        Assert.False(string.IsNullOrEmpty(scores.GetProperty("summary").GetString()));
        Assert.Contains("scores", scores.GetProperty("security")[0].GetProperty("bearer").EnumerateArray().Select(s => s.GetString()));
        Assert.Contains(scores.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "scope" && p.GetProperty("description").GetString()!.Length > 0);
        Assert.DoesNotContain("servers", document.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Array && p.Value.GetArrayLength() > 0).Select(p => p.Name));
    }
}

using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Monitor.Host.Tests.Api;

/// <summary>
/// The assessor API end to end over HTTP against a real <c>monitor serve</c> process on the demo data (issue 7): each
/// endpoint with its filters and paging, keys checked for scope, revocation and expiry, the request log filled, evidence
/// that hashes to its SHA-256, downloads that open.
/// </summary>
public sealed class ServeApiEndToEndTests(ServeApiFixture api) : IClassFixture<ServeApiFixture>
{
    private static readonly string[] Endpoints =
    [
        "api/v1/periods", "api/v1/scores", "api/v1/findings", "api/v1/catalog/areas", "api/v1/catalog/items",
        "api/v1/rules/versions", "api/v1/sources", "api/v1/documents", "api/v1/deliveries",
    ];

    private static JsonNode Json(byte[] body) => JsonNode.Parse(body) ?? throw new JsonException("empty body");

    private async Task<JsonArray> Items(string pathAndQuery, string key = "all") =>
        Json(await api.Bytes(pathAndQuery, key))["items"]!.AsArray();

    [Fact]
    public async Task Without_a_key_every_endpoint_answers_401_while_the_openapi_document_is_public()
    {
        foreach (var endpoint in Endpoints)
        {
            using var response = await api.Get(endpoint, keyName: null);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{endpoint}: {(int)response.StatusCode}");
            Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        }

        var openApi = Json(await api.Bytes("api/v1/openapi.json", "all"));
        Assert.StartsWith("3.", openApi["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(openApi["paths"]!["/api/v1/scores"]);
        using var anonymous = await api.Get("api/v1/openapi.json", keyName: null);
        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_key_reads_only_what_its_scopes_allow()
    {
        Assert.Equal(HttpStatusCode.OK, (await api.Get("api/v1/scores", "scores")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.Get("api/v1/findings", "scores")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.Get("api/v1/deliveries", "scores")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.Get("api/v1/scores", "findings")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.Get("api/v1/findings", "findings")).StatusCode);
        var evidence = (await Items("api/v1/findings?pageSize=1"))[0]!["evidence"]!.AsArray()[0]!;
        var sha = Sha(evidence);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.Get($"api/v1/evidence/{sha}", "findings")).StatusCode);
        // Any valid key reads the catalog and the sources.
        Assert.Equal(HttpStatusCode.OK, (await api.Get("api/v1/catalog/items", "scores")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.Get("api/v1/sources", "findings")).StatusCode);
    }

    [Fact]
    public async Task A_revoked_key_and_an_expired_key_are_refused_and_the_request_log_records_every_answer()
    {
        var revoked = api.Keys["to-revoke"];
        Assert.Equal(HttpStatusCode.OK, (await api.Get("api/v1/scores?scope=site", "to-revoke")).StatusCode);
        await api.Run("keys", "revoke", revoked.Id, "--state", api.State);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Get("api/v1/scores?scope=site", "to-revoke")).StatusCode);

        var expired = api.Keys["expired"];
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Get("api/v1/scores?scope=department", "expired")).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await api.Get("api/v1/deliveries?channel=email", "scores")).StatusCode);
        var limited = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await api.Get("api/v1/scores?scope=town", "limited");
            limited.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.NotNull(response.Headers.RetryAfter);
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], limited.Take(3));
        Assert.Contains(HttpStatusCode.TooManyRequests, limited);

        // The log is written in batches (api.requestLogFlush 200 ms): ask until the last request is in it.
        string log = "";
        for (var attempt = 0; attempt < 50 && !log.Contains("429", StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200));
            log = (await api.Run("keys", "log", "--state", api.State, "--limit", "500")).Output;
        }

        var lines = log.Split('\n');
        Assert.Contains(lines, l => l.Contains(revoked.Id, StringComparison.Ordinal) && l.Contains("200", StringComparison.Ordinal) && l.Contains("/api/v1/scores", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("401", StringComparison.Ordinal) && l.Contains("/api/v1/scores", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(api.Keys["scores"].Id, StringComparison.Ordinal) && l.Contains("403", StringComparison.Ordinal) && l.Contains("/api/v1/deliveries", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(api.Keys["limited"].Id, StringComparison.Ordinal) && l.Contains("429", StringComparison.Ordinal));
        // Never the secret of any key.
        Assert.DoesNotContain(api.Keys.Values, k => log.Contains(k.Key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Scores_are_served_by_scope_with_names_and_the_rule_version_that_produced_them()
    {
        var body = Json(await api.Bytes("api/v1/scores?period=live"));
        Assert.False(string.IsNullOrEmpty(body["ruleVersion"]!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(body["catalogVersion"]!.GetValue<string>()));
        var all = body["items"]!.AsArray();
        Assert.Single(all, s => s!["scope"]!.GetValue<string>() == "site");
        foreach (var scope in new[] { "site", "department", "town", "area", "item" })
        {
            var items = await Items($"api/v1/scores?period=live&scope={scope}&pageSize=1000");
            Assert.NotEmpty(items);
            Assert.All(items, s => Assert.Equal(scope, s!["scope"]!.GetValue<string>()));
            Assert.Equal(all.Count(s => s!["scope"]!.GetValue<string>() == scope), items.Count);
        }

        var department = (await Items("api/v1/scores?scope=department&key=cgw"))[0]!;
        Assert.Equal("cgw", department["key"]!.GetValue<string>());
        Assert.Equal("市城市管理委员会", department["name"]!.GetValue<string>());

        using var bad = await api.Get("api/v1/scores?scope=province", "all");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var unknown = await api.Get("api/v1/scores?period=2019-Q1", "all");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Findings_filter_by_kind_severity_department_and_area_and_page_stably()
    {
        var all = await Items("api/v1/findings?pageSize=1000");
        Assert.True(all.Count >= 10, $"only {all.Count} findings");

        foreach (var (parameter, field) in new[] { ("kind", "kind"), ("severity", "severity"), ("department", "department"), ("area", "area") })
        {
            var value = all.Select(f => f![field]?.GetValue<string>()).First(v => v is not null)!;
            var filtered = await Items($"api/v1/findings?{parameter}={Uri.EscapeDataString(value)}&pageSize=1000");
            Assert.NotEmpty(filtered);
            Assert.All(filtered, f => Assert.Equal(value, f![field]!.GetValue<string>()));
            Assert.Equal(all.Count(f => f![field]?.GetValue<string>() == value), filtered.Count);
        }

        // Pages of 3 concatenate to the whole list in the same order, twice over.
        var ids = all.Select(f => f!["id"]!.GetValue<string>()).ToList();
        for (var round = 0; round < 2; round++)
        {
            var paged = new List<string>();
            for (var page = 1; ; page++)
            {
                using var response = await api.Get($"api/v1/findings?pageSize=3&page={page}", "all");
                var body = Json(await response.Content.ReadAsByteArrayAsync());
                Assert.Equal(ids.Count, body["total"]!.GetValue<int>());
                var items = body["items"]!.AsArray();
                paged.AddRange(items.Select(f => f!["id"]!.GetValue<string>()));
                if (page * 3 >= ids.Count)
                {
                    Assert.DoesNotContain("rel=\"next\"", string.Join(",", response.Headers.TryGetValues("Link", out var last) ? last : []), StringComparison.Ordinal);
                    break;
                }

                Assert.Contains("rel=\"next\"", string.Join(",", response.Headers.GetValues("Link")), StringComparison.Ordinal);
            }

            Assert.Equal(ids, paged);
        }

        var one = Json(await api.Bytes($"api/v1/findings/{Uri.EscapeDataString(ids[0])}"));
        Assert.Equal(ids[0], one["finding"]!["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, (await api.Get("api/v1/findings?kind=not-a-kind", "all")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.Get("api/v1/findings?pageSize=100000", "all")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Get("api/v1/findings/Fdoesnotexist", "all")).StatusCode);
    }

    [Fact]
    public async Task Catalog_rules_sources_documents_periods_and_deliveries_answer_on_the_demo_data()
    {
        var areas = Json(await api.Bytes("api/v1/catalog/areas"))["areas"]!.AsArray();
        Assert.True(areas.Count >= 10, $"{areas.Count} areas");
        var items = await Items("api/v1/catalog/items?area=bzxzf&pageSize=1000");
        Assert.NotEmpty(items);
        var item = Json(await api.Bytes($"api/v1/catalog/items/{items[0]!["id"]!.GetValue<string>()}"));
        Assert.NotNull(item["basis"]);
        Assert.NotEmpty(Json(await api.Bytes("api/v1/rules/versions"))["versions"]!.AsArray());

        var sources = await Items("api/v1/sources?pageSize=1000");
        Assert.Equal(19, sources.Count);
        Assert.NotNull(Json(await api.Bytes("api/v1/sources/bzxzf"))["state"]);

        var documents = await Items("api/v1/documents?source=bzxzf&pageSize=5");
        Assert.NotEmpty(documents);
        var document = Json(await api.Bytes($"api/v1/documents/{documents[0]!["id"]!.GetValue<string>()}"));
        Assert.NotEmpty(document["versions"]!.AsArray());

        var periods = await Items("api/v1/periods");
        Assert.Contains(periods, p => p!["id"]!.GetValue<string>() == ServeApiFixture.Period);
        Assert.Contains(periods, p => p!["id"]!.GetValue<string>() == "live");
        var period = Json(await api.Bytes($"api/v1/periods/{ServeApiFixture.Period}"))["period"]!;
        Assert.Equal("2026-11-01", period["from"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(period["rulesSha256"]!.GetValue<string>()));

        // The demo scan sent no alert (no alerting section), so the audit log is empty but answers.
        var deliveries = Json(await api.Bytes("api/v1/deliveries"));
        Assert.Equal(0, deliveries["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Evidence_downloaded_through_the_api_hashes_to_its_sha256_and_never_renders_as_html()
    {
        var findings = await Items("api/v1/findings?pageSize=1000");
        var shas = findings.SelectMany(f => f!["evidence"]!.AsArray()).Select(Sha).Distinct().Take(5).ToList();
        Assert.NotEmpty(shas);
        foreach (var sha in shas)
        {
            using var response = await api.Get($"api/v1/evidence/{sha}", "all");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(sha, Convert.ToHexStringLower(SHA256.HashData(bytes)));
            Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));

            // A gzip-compressed WARC file (one member per record): its first record opens with the WARC version line.
            var warc = await api.Bytes($"api/v1/evidence/{sha}/warc");
            using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(warc), System.IO.Compression.CompressionMode.Decompress);
            using var reader = new StreamReader(gzip, Encoding.UTF8);
            var records = await reader.ReadToEndAsync();
            Assert.StartsWith("WARC/1.", records, StringComparison.Ordinal);
            Assert.Contains("WARC-Payload-Digest", records, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await api.Get($"api/v1/evidence/{new string('0', 64)}", "all")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.Get("api/v1/evidence/not-a-sha", "all")).StatusCode);
    }

    [Fact]
    public async Task Responses_carry_etags_and_an_unchanged_resource_answers_304()
    {
        using var first = await api.Get("api/v1/scores?period=live", "all");
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        using var again = await api.Get("api/v1/scores?period=live", "all", etag.Tag);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());
        using var other = await api.Get("api/v1/scores?period=live&scope=site", "all", etag.Tag);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Downloads_come_as_csv_with_bom_xlsx_json_and_a_printable_report()
    {
        using var csv = await api.Get($"api/v1/periods/{ServeApiFixture.Period}/export.csv?table=findings", "all");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var csvBytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, csvBytes[..3]);
        Assert.Contains("编号", Encoding.UTF8.GetString(csvBytes), StringComparison.Ordinal);

        var xlsx = await api.Bytes($"api/v1/periods/{ServeApiFixture.Period}/export.xlsx");
        Assert.Equal("PK", Encoding.ASCII.GetString(xlsx, 0, 2));

        var json = await api.Bytes($"api/v1/periods/{ServeApiFixture.Period}/export.json");
        Assert.Equal(ServeApiFixture.Period, Json(json)["id"]!.GetValue<string>());

        using var html = await api.Get($"api/v1/periods/{ServeApiFixture.Period}/report.html", "all");
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'none'", string.Join(";", html.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        var page = await html.Content.ReadAsStringAsync();
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
    }

    private static string Sha(JsonNode? evidence)
    {
        // An evidence entry is "sha256:…" text or an object naming it.
        var text = evidence is JsonValue ? evidence.GetValue<string>() : evidence!["sha256"]!.GetValue<string>();
        return text.StartsWith("sha256:", StringComparison.Ordinal) ? text["sha256:".Length..] : text;
    }
}

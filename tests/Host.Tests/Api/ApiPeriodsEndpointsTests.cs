using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Monitor.Host.Api;
using Monitor.Host.Assessments;
using Monitor.Host.Store;

namespace Monitor.Host.Tests.Api;

/// <summary>
/// <c>/periods</c> and the downloads: the stored rows with their versions and digests, the assessment JSON byte for byte,
/// CSV/XLSX/HTML with their content types and Chinese-safe file names, byte-identical frozen answers, and the findings
/// table's extra scope.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ApiPeriodsEndpointsTests(ApiTestHost api)
{
    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    [Fact]
    public async Task Periods_list_live_first_then_the_frozen_period_with_versions_and_digests()
    {
        IReadOnlyList<MonitorStore.StoredAssessment> rows;
        using (var store = MonitorStore.Open(api.StorePath))
        {
            rows = store.Assessments();
        }

        var body = await api.JsonAsync("/api/v1/periods");
        var items = body.GetProperty("items").EnumerateArray().ToList();

        Assert.Equal(rows.Count, body.GetProperty("total").GetInt32());
        Assert.Equal("live", items[0].GetProperty("id").GetString());
        var frozen = items.Single(i => i.GetProperty("id").GetString() == ApiTestHost.Period);
        var row = rows.Single(r => r.Id == ApiTestHost.Period);
        Assert.Equal("frozen", frozen.GetProperty("kind").GetString());
        Assert.Equal(row.Sha256, frozen.GetProperty("sha256").GetString());
        Assert.Equal(row.RuleVersion, frozen.GetProperty("ruleVersion").GetString());
        Assert.Equal(row.CatalogVersion, frozen.GetProperty("catalogVersion").GetString());
        Assert.Equal(new string('a', 64), frozen.GetProperty("rulesSha256").GetString());
        Assert.Equal("测试评估机构", frozen.GetProperty("frozenBy").GetString());
        Assert.Equal("2026-11-01", frozen.GetProperty("from").GetString());
        Assert.Equal($"/api/v1/periods/{ApiTestHost.Period}/report.html", frozen.GetProperty("links").GetProperty("report").GetString());
    }

    [Fact]
    public async Task A_period_answers_with_a_summary_and_an_unknown_one_is_404()
    {
        Assessment frozen;
        using (var store = MonitorStore.Open(api.StorePath))
        {
            frozen = store.LoadAssessment(ApiTestHost.Period)!;
        }

        var body = await api.JsonAsync($"/api/v1/periods/{ApiTestHost.Period}");

        Assert.Equal(ApiTestHost.Period, body.GetProperty("period").GetProperty("id").GetString());
        Assert.Equal(frozen.Site.Name, body.GetProperty("siteName").GetString());
        Assert.Equal(frozen.SiteScore!.Score, body.GetProperty("siteScore").GetDouble());
        Assert.Equal(frozen.Findings.Count, body.GetProperty("findings").GetInt32());
        Assert.Equal(frozen.Findings.Count(f => f.Severity == "veto"), body.GetProperty("findingsBySeverity").GetProperty("veto").GetInt32());

        using var missing = await api.Client.GetAsync("/api/v1/periods/2020-Q1");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var problem = JsonDocument.Parse(await missing.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("未找到", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_json_export_is_the_stored_document_byte_for_byte()
    {
        string json, sha;
        using (var store = MonitorStore.Open(api.StorePath))
        {
            (json, sha) = store.AssessmentJson(ApiTestHost.Period)!;
        }

        using var response = await api.Client.GetAsync($"/api/v1/periods/{ApiTestHost.Period}/export.json");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Encoding.UTF8.GetBytes(json), bytes);
        Assert.Equal(sha, Sha(bytes));
        Assert.Equal("\"" + sha + "\"", response.Headers.ETag!.Tag);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
    }

    [Theory]
    [InlineData("scores", "范围")]
    [InlineData("findings", "编号")]
    [InlineData("items", "领域")]
    public async Task Csv_tables_download_as_utf8_with_bom_and_chinese_headers(string table, string firstHeader)
    {
        using var response = await api.Client.GetAsync($"/api/v1/periods/{ApiTestHost.Period}/export.csv?table={table}");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.StartsWith(firstHeader, Encoding.UTF8.GetString(bytes[3..]), StringComparison.Ordinal);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.EndsWith(".csv", disposition.FileNameStar, StringComparison.Ordinal);
        Assert.Contains(ApiTestHost.Period, disposition.FileNameStar, StringComparison.Ordinal);
        Assert.Equal($"{api.Deployment.Site.Id}-{ApiTestHost.Period}-{table}.csv", disposition.FileName!.Trim('"'));
    }

    [Fact]
    public async Task The_findings_table_needs_the_findings_scope_too()
    {
        var scoresOnly = api.ClientWith([ApiScope.Scores]);

        using var findings = await scoresOnly.GetAsync($"/api/v1/periods/{ApiTestHost.Period}/export.csv?table=findings");
        using var scores = await scoresOnly.GetAsync($"/api/v1/periods/{ApiTestHost.Period}/export.csv?table=scores");
        using var bad = await api.Client.GetAsync($"/api/v1/periods/{ApiTestHost.Period}/export.csv?table=people");

        Assert.Equal(HttpStatusCode.Forbidden, findings.StatusCode);
        Assert.Equal(HttpStatusCode.OK, scores.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("table", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_workbook_downloads_as_xlsx_with_its_three_sheets()
    {
        using var response = await api.Client.GetAsync("/api/v1/periods/live/export.xlsx");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        var workbook = new StreamReader(zip.GetEntry("xl/workbook.xml")!.Open()).ReadToEnd();
        Assert.Contains("部门排名", workbook, StringComparison.Ordinal);
        Assert.Contains("问题清单", workbook, StringComparison.Ordinal);
        Assert.EndsWith(".xlsx", response.Content.Headers.ContentDisposition!.FileNameStar, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_report_downloads_as_html()
    {
        using var response = await api.Client.GetAsync($"/api/v1/periods/{ApiTestHost.Period}/report.html");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains(api.Deployment.Site.Name, html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/export.json")]
    [InlineData("/export.csv?table=items")]
    [InlineData("/export.xlsx")]
    [InlineData("/report.html")]
    [InlineData("")]
    public async Task A_frozen_periods_answers_are_byte_identical_and_revalidate_to_304(string suffix)
    {
        var path = $"/api/v1/periods/{ApiTestHost.Period}{suffix}";
        using var first = await api.Client.GetAsync(path);
        using var second = await api.Client.GetAsync(path);
        var a = await first.Content.ReadAsByteArrayAsync();
        var b = await second.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(a, b);
        Assert.Equal("\"" + Sha(a) + "\"", first.Headers.ETag!.Tag);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("If-None-Match", "\"other\", " + first.Headers.ETag.Tag);
        using var third = await api.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, third.StatusCode);
    }

    [Fact]
    public async Task Exports_need_the_scores_scope_and_the_period_list_any_key()
    {
        var evidenceOnly = api.ClientWith([ApiScope.Evidence]);

        using var export = await evidenceOnly.GetAsync("/api/v1/periods/live/export.json");
        using var list = await evidenceOnly.GetAsync("/api/v1/periods");
        using var anonymous = await api.Anonymous.GetAsync("/api/v1/periods");

        Assert.Equal(HttpStatusCode.Forbidden, export.StatusCode);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task An_unknown_endpoint_under_the_api_is_a_404_problem()
    {
        using var response = await api.Client.GetAsync("/api/v1/nothing/here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}

using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Monitor.SamplePortal.Tests.Support;

namespace Monitor.SamplePortal.Tests;

/// <summary>The portal over real HTTP on loopback, as the crawler sees it.</summary>
public sealed partial class SamplePortalServerTests
{
    [Fact]
    public async Task Serves_the_homepage_articles_and_attachments_on_loopback_with_their_content_types()
    {
        await using var server = await SamplePortalServer.StartAsync(Some.Options());
        using var client = new HttpClient { BaseAddress = server.BaseUrl };
        var article = server.Portal.Articles.First(a => a.Column.Id == "bzxzf" && a.Attachments.All(x => x.Served) && a.Attachments.Count > 0);

        Assert.Equal("127.0.0.1", server.BaseUrl.Host);
        Assert.NotEqual(0, server.BaseUrl.Port);
        foreach (var path in new[] { "/", "/index.html", article.Path })
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        }

        using var pdf = await client.GetAsync(new Uri(article.Attachments[0].Path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("%PDF-1.4", Encoding.ASCII.GetString(await pdf.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_paths_and_the_planted_targets_answer_404()
    {
        await using var server = await SamplePortalServer.StartAsync(Some.Options());
        using var client = new HttpClient { BaseAddress = server.BaseUrl };

        var targets = server.Manifest.Faults.Where(f => f.TargetPath is not null).Select(f => f.TargetPath!).Append("/no/such/page.html");
        foreach (var target in targets)
        {
            using var response = await client.GetAsync(new Uri(target, UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        }
    }

    [Fact]
    public async Task The_gbk_column_arrives_as_gbk_bytes_with_a_gbk_header()
    {
        await using var server = await SamplePortalServer.StartAsync(Some.Options());
        using var client = new HttpClient { BaseAddress = server.BaseUrl };

        using var response = await client.GetAsync(new Uri("/jyj/ywjy/index.html", UriKind.Relative));
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("text/html; charset=GBK", response.Content.Headers.ContentType!.ToString());
        var gb18030 = PageText.Decode("text/html; charset=GBK", bytes);
        Assert.Contains("招生工作实施方案", gb18030, StringComparison.Ordinal);
        Assert.Contains("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">", gb18030, StringComparison.Ordinal);
        Assert.DoesNotContain("招生工作实施方案", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Throws<DecoderFallbackException>(() => new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes));
    }

    [Fact]
    public async Task Hanweb_dataproxy_groups_overlap_by_exactly_one_record_and_cover_the_column()
    {
        await using var server = await SamplePortalServer.StartAsync(Some.Options());
        using var client = new HttpClient { BaseAddress = server.BaseUrl };
        var columnPage = PageText.Decode(server.Portal.Pages["/col/col1229000002/index.html"]);
        var embedded = RecordLinks(Regex.Match(columnPage, "<datastore>.*</datastore>", RegexOptions.Singleline).Value);
        var total = int.Parse(Regex.Match(columnPage, "<totalrecord>(\\d+)</totalrecord>").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal(40, total);
        Assert.Equal(30, embedded.Count);
        Assert.Contains("<totalpage>4</totalpage>", columnPage, StringComparison.Ordinal);
        Assert.Contains("var param_1229000002 = {col:1,appid:1,webid:3301,path:'/',columnid:1229000002,", columnPage, StringComparison.Ordinal);

        var seen = await DataProxyAsync(client, 1, 30, "1229000002");
        Assert.Equal(31, seen.Count);
        Assert.Equal(embedded, seen.Take(30));
        for (var start = 31; start <= total; start += 30)
        {
            var group = await DataProxyAsync(client, start, start + 29, "1229000002");
            Assert.Equal(seen[^1], group[0]);
            Assert.Equal(Math.Min(31, total - start + 1), group.Count);
            seen.AddRange(group.Skip(1));
        }

        var expected = server.Portal.Articles.Where(a => a.Column.Id == "tzgg").OrderByDescending(a => a.PublishDate).Select(a => a.Path);
        Assert.Equal(expected, seen);
        Assert.Equal(total, seen.Distinct().Count());
    }

    [Theory]
    [InlineData("wfgz", "1229000030")]
    [InlineData("ggzy", "1229000040")]
    [InlineData("jtcq", "1229000050")]
    [InlineData("jz", "1229000060")]
    public async Task A_small_hanweb_area_column_embeds_every_record_and_dataproxy_answers_the_same(string sourceId, string columnId)
    {
        await using var server = await SamplePortalServer.StartAsync(Some.Options());
        using var client = new HttpClient { BaseAddress = server.BaseUrl };
        var expected = server.Portal.Articles.Where(a => a.Column.Id == sourceId).OrderByDescending(a => a.PublishDate).Select(a => a.Path).ToList();

        var columnPage = await client.GetStringAsync(new Uri($"/col/col{columnId}/index.html", UriKind.Relative));
        var embedded = RecordLinks(Regex.Match(columnPage, "<datastore>.*</datastore>", RegexOptions.Singleline).Value);

        Assert.InRange(expected.Count, 8, 15);
        Assert.Equal(expected, embedded);
        Assert.Contains($"<totalrecord>{expected.Count}</totalrecord>", columnPage, StringComparison.Ordinal);
        Assert.Contains($"<totalpage>{(expected.Count + 9) / 10}</totalpage>", columnPage, StringComparison.Ordinal);
        Assert.Contains($"var param_{columnId} = {{col:1,appid:1,webid:3301,path:'/',columnid:{columnId},", columnPage, StringComparison.Ordinal);
        Assert.Equal(expected, await DataProxyAsync(client, 1, 30, columnId));
        Assert.Equal(expected.Skip(10), await DataProxyAsync(client, 11, 20, columnId));
        foreach (var path in expected)
        {
            using var article = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, article.StatusCode);
        }
    }

    [Theory]
    [InlineData("szfw", "/zfxxgk/szfw/index.html")]
    [InlineData("fwzs", "/zfxxgk/fwzs/index.html")]
    [InlineData("fp", "/zfxxgk/fp/index.html")]
    public async Task A_trs_area_column_serves_one_list_page_with_every_entry(string sourceId, string listPath)
    {
        await using var server = await SamplePortalServer.StartAsync(Some.Options());
        using var client = new HttpClient { BaseAddress = server.BaseUrl };
        var expected = server.Portal.Articles.Where(a => a.Column.Id == sourceId).OrderByDescending(a => a.PublishDate).Select(a => a.Path).ToList();

        using var response = await client.GetAsync(new Uri(listPath, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Contains("createPageHTML(1, 0, \"index\", \"html\");", html, StringComparison.Ordinal);
        Assert.Equal(expected, PageText.ListEntries(listPath, html).Select(e => e.Target));
        using var beyond = await client.GetAsync(new Uri(listPath.Replace("index.html", "index_1.html", StringComparison.Ordinal), UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, beyond.StatusCode);
        foreach (var path in expected)
        {
            using var article = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, article.StatusCode);
        }
    }

    [Fact]
    public async Task Hanweb_dataproxy_refuses_get_and_unknown_columns()
    {
        await using var server = await SamplePortalServer.StartAsync(Some.Options());
        using var client = new HttpClient { BaseAddress = server.BaseUrl };

        using var get = await client.GetAsync(new Uri("/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=30&perpage=10", UriKind.Relative));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);

        using var unknown = await client.PostAsync(
            new Uri("/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=30&perpage=10", UriKind.Relative),
            new FormUrlEncodedContent([new("columnid", "42")]));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Trs_page_count_matches_create_page_html_and_every_page_exists()
    {
        await using var server = await SamplePortalServer.StartAsync(Some.Options() with { NewsPerColumn = 47 });
        using var client = new HttpClient { BaseAddress = server.BaseUrl };

        var first = await client.GetStringAsync(new Uri("/xwzx/dtyw/index.html", UriKind.Relative));
        var call = CreatePageHtml().Match(first);
        Assert.True(call.Success);
        var pageCount = int.Parse(call.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal(4, pageCount);
        Assert.Equal("0", call.Groups[2].Value);

        var entries = 0;
        for (var i = 0; i < pageCount; i++)
        {
            var html = await client.GetStringAsync(new Uri(i == 0 ? "/xwzx/dtyw/index.html" : $"/xwzx/dtyw/index_{i}.html", UriKind.Relative));
            Assert.Equal(i.ToString(CultureInfo.InvariantCulture), CreatePageHtml().Match(html).Groups[2].Value);
            entries += PageText.ListDates(html).Count;
        }

        Assert.Equal(47, entries);
        using var beyond = await client.GetAsync(new Uri($"/xwzx/dtyw/index_{pageCount}.html", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, beyond.StatusCode);
    }

    [Fact]
    public async Task A_source_in_server_error_mode_answers_500_on_list_articles_attachments_and_dataproxy()
    {
        var options = Some.Options() with { SourceFaults = new Dictionary<string, SourceFaultMode> { ["bzxzf"] = SourceFaultMode.ServerError } };
        await using var server = await SamplePortalServer.StartAsync(options);
        using var client = new HttpClient { BaseAddress = server.BaseUrl };
        var article = server.Portal.Articles.First(a => a.Column.Id == "bzxzf" && a.Attachments.Any(x => x.Served));

        foreach (var path in new[] { "/col/col1229000010/index.html", article.Path, article.Attachments.First(x => x.Served).Path })
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        }

        using var proxy = await client.PostAsync(
            new Uri("/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=30&perpage=10", UriKind.Relative),
            new FormUrlEncodedContent([new("columnid", "1229000010")]));
        Assert.Equal(HttpStatusCode.InternalServerError, proxy.StatusCode);

        using var other = await client.GetAsync(new Uri("/xwzx/dtyw/index.html", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task A_hanging_source_never_answers_until_the_client_gives_up_and_other_sources_still_answer()
    {
        var options = Some.Options() with { SourceFaults = new Dictionary<string, SourceFaultMode> { ["dtyw"] = SourceFaultMode.Hang } };
        await using var server = await SamplePortalServer.StartAsync(options);
        using var client = new HttpClient { BaseAddress = server.BaseUrl };
        using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAsync(new Uri("/xwzx/dtyw/index.html", UriKind.Relative), giveUp.Token));

        using var other = await client.GetAsync(new Uri("/index.html", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Disposing_the_server_releases_hanging_requests_and_stops_listening()
    {
        var options = Some.Options() with { SourceFaults = new Dictionary<string, SourceFaultMode> { ["home"] = SourceFaultMode.Hang } };
        var server = await SamplePortalServer.StartAsync(options);
        using var client = new HttpClient { BaseAddress = server.BaseUrl };
        var hanging = client.GetAsync(new Uri("/index.html", UriKind.Relative));

        await server.DisposeAsync();

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => hanging);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetAsync(new Uri("/xwzx/dtyw/index.html", UriKind.Relative)));
    }

    private static async Task<List<string>> DataProxyAsync(HttpClient client, int start, int end, string columnId)
    {
        using var response = await client.PostAsync(
            new Uri($"/module/web/jpage/dataproxy.jsp?startrecord={start}&endrecord={end}&perpage=10", UriKind.Relative),
            new FormUrlEncodedContent([new("columnid", columnId), new("col", "1"), new("appid", "1"), new("webid", "3301"), new("path", "/")]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType!.MediaType);
        var xml = await response.Content.ReadAsStringAsync();
        Assert.Equal("datastore", XDocument.Parse(xml).Root!.Name.LocalName);
        return RecordLinks(xml);
    }

    private static List<string> RecordLinks(string datastore) =>
        XDocument.Parse(datastore).Descendants("record").Select(r => Regex.Match(r.Value, "href=\"([^\"]+)\"").Groups[1].Value).ToList();

    [GeneratedRegex("createPageHTML\\((\\d+), (\\d+), \"index\", \"html\"\\)")]
    private static partial Regex CreatePageHtml();
}

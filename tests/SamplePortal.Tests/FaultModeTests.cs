using System.Net;
using System.Text;
using AngleSharp.Html.Parser;
using Monitor.SamplePortal.Tests.Support;

namespace Monitor.SamplePortal.Tests;

/// <summary>
/// Fault mode (<see cref="PortalOptions.FaultPages"/>): each misbehaving column against a real HttpClient, as
/// the crawler's error handling will meet it; and the guarantee that fault mode leaves the normal site unchanged.
/// </summary>
public sealed class FaultModeTests
{
    private static PortalOptions Options => Some.Options() with { FaultPages = true, FaultSlowDelay = TimeSpan.FromMilliseconds(200) };

    [Fact]
    public void Fault_mode_adds_only_pages_under_faults_and_leaves_every_normal_page_and_the_manifest_alone()
    {
        var normal = Some.Portal();
        var faults = PortalGenerator.Generate(Options);

        Assert.All(normal.Pages, pair => Assert.True(pair.Value.Body.Span.SequenceEqual(faults.Pages[pair.Key].Body.Span), $"{pair.Key} changed"));
        Assert.All(faults.Pages.Keys.Except(normal.Pages.Keys), path => Assert.StartsWith("/faults/", path, StringComparison.Ordinal));
        Assert.Equal(normal.Manifest.Sources, faults.Manifest.Sources);
        Assert.Equal(normal.Manifest.Faults, faults.Manifest.Faults);
        Assert.Empty(normal.FaultSources);
        Assert.Equal(
            ["slow", "timeout", "5xx", "retry-after", "reset", "truncated", "malformed", "charset", "loop", "huge", "endless"],
            faults.FaultSources.Select(s => s.Id["fault-".Length..]));
        Assert.All(faults.FaultSources, s => Assert.Equal(($"/faults/{s.Id["fault-".Length..]}/index.html", "generic"), (s.Path, s.Family)));
    }

    [Fact]
    public async Task Without_fault_mode_the_fault_paths_answer_404()
    {
        await using var server = await SamplePortalServer.StartAsync(Some.Options());
        using var client = new HttpClient { BaseAddress = server.BaseUrl };

        using var response = await client.GetAsync(new Uri("/faults/5xx/index.html", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Slow_answers_after_its_delay_with_the_list()
    {
        await using var server = await SamplePortalServer.StartAsync(Options);
        using var client = new HttpClient { BaseAddress = server.BaseUrl };

        using var response = await client.GetAsync(new Uri("/faults/slow/index.html", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, PageText.ListEntries("/faults/slow/index.html", await response.Content.ReadAsStringAsync()).Count());
    }

    [Fact]
    public async Task Timeout_never_answers_until_the_client_gives_up_and_its_articles_answer_normally()
    {
        await using var server = await SamplePortalServer.StartAsync(Options);
        using var client = new HttpClient { BaseAddress = server.BaseUrl };
        using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var article = server.Portal.FaultArticles.First(a => a.Column.Id == "fault-timeout");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAsync(new Uri("/faults/timeout/index.html", UriKind.Relative), giveUp.Token));
        using var articleResponse = await client.GetAsync(new Uri(article.Path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, articleResponse.StatusCode);
    }

    [Fact]
    public async Task Server_error_always_answers_500()
    {
        await using var server = await SamplePortalServer.StartAsync(Options);
        using var client = new HttpClient { BaseAddress = server.BaseUrl };

        foreach (var _ in Enumerable.Range(0, 3))
        {
            using var response = await client.GetAsync(new Uri("/faults/5xx/index.html", UriKind.Relative));
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        }
    }

    [Fact]
    public async Task Retry_after_answers_503_with_retry_after_twice_then_200()
    {
        await using var server = await SamplePortalServer.StartAsync(Options);
        using var client = new HttpClient { BaseAddress = server.BaseUrl };

        var statuses = new List<HttpStatusCode>();
        var retryAfter = new List<TimeSpan?>();
        foreach (var _ in Enumerable.Range(0, 4))
        {
            using var response = await client.GetAsync(new Uri("/faults/retry-after/index.html", UriKind.Relative));
            statuses.Add(response.StatusCode);
            retryAfter.Add(response.Headers.RetryAfter?.Delta);
        }

        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK, HttpStatusCode.OK], statuses);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), null, null], retryAfter);
    }

    [Theory]
    [InlineData("/faults/reset/index.html")]
    [InlineData("/faults/truncated/index.html")]
    public async Task Reset_and_truncated_fail_on_the_client(string path)
    {
        await using var server = await SamplePortalServer.StartAsync(Options);
        using var client = new HttpClient { BaseAddress = server.BaseUrl };

        var error = await Record.ExceptionAsync(async () =>
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await response.Content.ReadAsByteArrayAsync();
        });

        Assert.True(error is HttpRequestException or IOException, $"got {error?.GetType().Name ?? "no error"}");
    }

    [Fact]
    public async Task Malformed_html_still_yields_three_article_links_to_a_lenient_parser()
    {
        await using var server = await SamplePortalServer.StartAsync(Options);
        using var client = new HttpClient { BaseAddress = server.BaseUrl };
        var articles = server.Portal.FaultArticles.Where(a => a.Column.Id == "fault-malformed").Select(a => a.Path).Order(StringComparer.Ordinal);

        var bytes = await client.GetByteArrayAsync(new Uri("/faults/malformed/index.html", UriKind.Relative));
        var text = Encoding.UTF8.GetString(bytes);
        var document = new HtmlParser().ParseDocument(text);
        var links = document.QuerySelectorAll("li a[href]")
            .Select(a => new Uri(new Uri(server.BaseUrl, "/faults/malformed/index.html"), a.GetAttribute("href")).AbsolutePath)
            .Order(StringComparer.Ordinal);

        Assert.Contains((byte)0, bytes);
        Assert.True(text.LastIndexOf("<!--", StringComparison.Ordinal) > text.LastIndexOf("-->", StringComparison.Ordinal), "no unterminated comment");
        Assert.Contains("</div></div>", text, StringComparison.Ordinal);
        Assert.Equal(articles, links);
    }

    [Fact]
    public async Task Charset_sends_gbk_bytes_under_a_utf8_header_without_a_meta_charset()
    {
        await using var server = await SamplePortalServer.StartAsync(Options);
        using var client = new HttpClient { BaseAddress = server.BaseUrl };
        var title = server.Portal.FaultArticles.First(a => a.Column.Id == "fault-charset").Title;

        using var response = await client.GetAsync(new Uri("/faults/charset/index.html", UriKind.Relative));
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Contains(title, PageText.Decode("text/html; charset=GBK", bytes), StringComparison.Ordinal);
        Assert.DoesNotContain(title, Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.DoesNotContain("<meta", Encoding.ASCII.GetString(bytes), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Loop_redirects_back_and_forth_for_ever()
    {
        await using var server = await SamplePortalServer.StartAsync(Options);
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = server.BaseUrl };

        var path = "/faults/loop/index.html";
        var seen = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.Found, response.StatusCode);
            path = response.Headers.Location!.OriginalString;
            seen.Add(path);
        }

        Assert.Equal(["/faults/loop/b.html", "/faults/loop/index.html", "/faults/loop/b.html", "/faults/loop/index.html", "/faults/loop/b.html", "/faults/loop/index.html"], seen);
    }

    [Fact]
    public async Task Huge_streams_at_least_twenty_mebibytes_of_valid_html()
    {
        await using var server = await SamplePortalServer.StartAsync(Options);
        using var client = new HttpClient { BaseAddress = server.BaseUrl };

        using var response = await client.GetAsync(new Uri("/faults/huge/index.html", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[81920];
        long total = 0;
        var head = new MemoryStream();
        var tail = new byte[64];
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            if (head.Length < 16384)
            {
                head.Write(buffer, 0, Math.Min(read, 16384));
            }

            if (read >= tail.Length)
            {
                Array.Copy(buffer, read - tail.Length, tail, 0, tail.Length);
            }

            total += read;
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(total >= 20L * 1024 * 1024, $"only {total} bytes");
        Assert.Equal(response.Content.Headers.ContentLength, total);
        Assert.StartsWith("<!DOCTYPE html>", Encoding.UTF8.GetString(head.ToArray()), StringComparison.Ordinal);
        Assert.EndsWith("</html>\n", Encoding.UTF8.GetString(tail), StringComparison.Ordinal);
        Assert.Equal(3, PageText.ListEntries("/faults/huge/index.html", Encoding.UTF8.GetString(head.ToArray())).Count());
    }

    [Fact]
    public async Task Endless_has_a_page_500_that_links_page_501_and_one_existing_article()
    {
        await using var server = await SamplePortalServer.StartAsync(Options);
        using var client = new HttpClient { BaseAddress = server.BaseUrl };

        var page500 = await client.GetStringAsync(new Uri("/faults/endless/index_500.html", UriKind.Relative));
        var first = await client.GetStringAsync(new Uri("/faults/endless/index.html", UriKind.Relative));
        var entries = PageText.ListEntries("/faults/endless/index_500.html", page500).ToList();
        using var article = await client.GetAsync(new Uri(entries[0].Target, UriKind.Relative));

        Assert.Contains("<a href=\"index_501.html\">下一页</a>", page500, StringComparison.Ordinal);
        Assert.Contains("<a href=\"index_1.html\">下一页</a>", first, StringComparison.Ordinal);
        Assert.Equal(10, entries.Count);
        Assert.Single(entries.Select(e => e.Target).Distinct());
        Assert.Equal(HttpStatusCode.OK, article.StatusCode);
        Assert.NotEqual(PageText.ListTitles(first), PageText.ListTitles(page500));
    }

    [Fact]
    public void Fault_mode_is_byte_identical_for_identical_options()
    {
        var a = PortalGenerator.Generate(Options);
        var b = PortalGenerator.Generate(Options);

        Assert.Equal(a.Pages.Keys.Order(StringComparer.Ordinal), b.Pages.Keys.Order(StringComparer.Ordinal));
        Assert.All(a.Pages, pair => Assert.True(pair.Value.Body.Span.SequenceEqual(b.Pages[pair.Key].Body.Span), pair.Key));
        Assert.Equal(a.Manifest.ToJson(), b.Manifest.ToJson());
    }

    [Fact]
    public void A_negative_slow_delay_is_rejected_and_account_ids_are_valid_source_fault_targets()
    {
        var error = Assert.Throws<ArgumentException>(() => PortalGenerator.Generate(Options with { FaultSlowDelay = TimeSpan.FromSeconds(-1) }));
        var portal = PortalGenerator.Generate(Some.Options() with
        {
            SourceFaults = new Dictionary<string, SourceFaultMode> { ["wx-ywfb"] = SourceFaultMode.ServerError, ["xzfw-zwdt"] = SourceFaultMode.Hang },
        });

        Assert.Contains("FaultSlowDelay", error.Message, StringComparison.Ordinal);
        Assert.Equal(SourceFaultMode.ServerError, portal.Options.SourceFaults["wx-ywfb"]);
    }

    [Fact]
    public async Task A_source_fault_on_an_account_fails_its_feed_and_posts()
    {
        var options = Some.Options() with { SourceFaults = new Dictionary<string, SourceFaultMode> { ["wx-ywfb"] = SourceFaultMode.ServerError } };
        await using var server = await SamplePortalServer.StartAsync(options);
        using var client = new HttpClient { BaseAddress = server.BaseUrl };
        var post = server.Portal.WeChatPosts.First(p => p.AccountId == "wx-ywfb");

        using var feed = await client.GetAsync(new Uri("/wechat/ywfb/feed.xml", UriKind.Relative));
        using var article = await client.GetAsync(new Uri(post.Path, UriKind.Relative));
        using var other = await client.GetAsync(new Uri("/wechat/ywjy/atom.xml", UriKind.Relative));

        Assert.Equal((HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError, HttpStatusCode.OK), (feed.StatusCode, article.StatusCode, other.StatusCode));
    }
}

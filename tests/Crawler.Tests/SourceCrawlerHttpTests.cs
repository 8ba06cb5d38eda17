using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Monitor.Crawler.Evidence;
using Monitor.Crawler.Fetching;
using Monitor.Crawler.Tests.Support;

namespace Monitor.Crawler.Tests;

/// <summary>
/// Whole source crawls over real HTTP against an in-process Kestrel portal: TRS and Hanweb pagination, GBK, failing,
/// hanging and looping pages, broken links, links to hosts that must never be requested, evidence and politeness.
/// </summary>
public sealed class SourceCrawlerHttpTests : IAsyncLifetime
{
    private static readonly DateOnly Newest = new(2026, 11, 20);
    private readonly TestSite _site = new();
    private readonly InMemoryEvidenceStore _evidence = new();
    private readonly List<CrawlProgress> _progress = [];
    private KestrelSite _server = null!;
    private HttpClient _http = null!;

    // Generous for pages that answer: a loaded CI machine must not turn a slow first request into a timeout.
    // The hanging-page case uses its own short timeout (ShortTimeout).
    private CrawlerOptions Options { get; } = new()
    {
        RequestTimeout = TimeSpan.FromSeconds(10),
        PerHostConcurrency = 2,
        PerHostMinDelay = TimeSpan.Zero,
        ArticleConcurrency = 8,
        MaxResponseBytes = 256 * 1024,
        MaxRedirects = 3,
    };

    public async Task InitializeAsync()
    {
        _server = await KestrelSite.StartAsync(_site);
        _http = new HttpClient(PageFetcher.CreateHandler()) { Timeout = Timeout.InfiniteTimeSpan };
        BuildPortal();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private Uri At(string path) => new(_server.Root, path);

    private string Offsite(string path) => $"http://localhost:{_server.Port}{path}";

    private CrawlerOptions ShortTimeout => Options with { RequestTimeout = TimeSpan.FromSeconds(1) };

    private SourceCrawler Crawler(params SourceSpec[] sources) => Crawler(Options, sources);

    private SourceCrawler Crawler(CrawlerOptions options, params SourceSpec[] sources) =>
        SourceCrawler.Create(_http, options, sources, _evidence, TimeProvider.System, new Collecting(_progress));

    private SourceSpec Column(string id, string path, DateOnly? cutOff = null) => new(id, At(path), SourceType.Column, cutOff);

    // ---- the portal -------------------------------------------------------------------------------------------

    private static string Article(string title, DateOnly date, string bodyExtra = "", string after = "") =>
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\">" +
        $"<meta name=\"ArticleTitle\" content=\"{title}\"><meta name=\"PubDate\" content=\"{date:yyyy-MM-dd} 09:00\"></head><body>" +
        $"<table><tr><td>索引号：</td><td>IDX-{date:yyyyMMdd}</td><td>发布机构：</td><td>市人民政府办公室</td></tr></table>" +
        $"<h1>{title}</h1><div>发布时间：{date:yyyy-MM-dd} 09:00</div>" +
        $"<div class=\"TRS_Editor\"><!--ZJEG_RSS.content.begin--><p>{title}的正文。</p>{bodyExtra}<!--ZJEG_RSS.content.end--></div>{after}</body></html>";

    private static string TrsPage(int count, int index, IEnumerable<(string Href, string Title, DateOnly Date)> items) =>
        "<html><head><meta charset=\"utf-8\"></head><body><ul class=\"list\">" +
        string.Concat(items.Select(i => $"<li><a href=\"{i.Href}\" title=\"{i.Title}\">{i.Title}</a><span>{i.Date:yyyy-MM-dd}</span></li>")) +
        $"</ul><script>createPageHTML({count}, {index}, \"index\", \"html\");</script></body></html>";

    private static DateOnly TrsDate(int page, int item) => Newest.AddDays(-(page * 30) - item);

    private static string TrsArticlePath(int page, int item) => $"/trs/2026/t{TrsDate(page, item):yyyyMMdd}_{page}{item}.html";

    private void BuildPortal()
    {
        // TRS column, 3 pages × 3 entries; article 0/0 has a missing attachment, a link to a host that is not allowed,
        // and a link to article 0/1 (already fetched: must not be requested again); article 1/2 is too large.
        for (var page = 0; page < 3; page++)
        {
            var p = page;
            var items = Enumerable.Range(0, 3).Select(i => (TrsArticlePath(p, i), $"动态要闻{p}-{i}", TrsDate(p, i))).ToList();
            _site.Route(page == 0 ? "/trs/index.html" : $"/trs/index_{page}.html", SiteResponse.Html(TrsPage(3, page, items)));
            foreach (var (path, title, date) in items)
                _site.Route(path, SiteResponse.Html(Article(title, date)) with { Delay = TimeSpan.FromMilliseconds(30) });
        }
        _site.Route(TrsArticlePath(0, 0), _ => SiteResponse.Html(Article("动态要闻0-0", TrsDate(0, 0),
            bodyExtra: $"<a href=\"{Offsite("/must-not-be-requested.html")}\">外部</a><a href=\"{TrsArticlePath(0, 1)}#top\">上一篇</a>" +
                "<a href=\"/trs/files/ok.pdf\">正常附件</a>",
            after: "<div>附件：<a href=\"/trs/files/missing.pdf\">缺失附件.pdf</a></div>")));
        _site.Route("/trs/files/ok.pdf", new SiteResponse(200, new byte[10], "application/pdf"));
        _site.Route(TrsArticlePath(1, 2), new SiteResponse(200, new byte[300 * 1024]));
        _site.Route("/must-not-be-requested.html", SiteResponse.Html("<html>偷看</html>"));

        // Hanweb column: 11 records, 2 per page; 4 embedded, then dataproxy groups of 4 with one look-ahead record.
        var records = Enumerable.Range(1, 11).Select(n => ($"/art/2026/11/{21 - n}/art_1_{n}.html", $"通知公告{n}", new DateOnly(2026, 11, 21 - n))).ToList();
        string Record((string Href, string Title, DateOnly Date) r) =>
            $"<record><![CDATA[<li><a href=\"{r.Href}\" title=\"{r.Title}\">{r.Title}</a><span>{r.Date:yyyy-MM-dd}</span></li>]]></record>";
        _site.Route("/col/col1/index.html", SiteResponse.Html(
            "<html><head><meta charset=\"utf-8\"></head><body><script type=\"text/xml\"><datastore><recordset>" +
            string.Concat(records.Take(4).Select(Record)) +
            "</recordset><totalrecord>11</totalrecord><totalpage>6</totalpage></datastore></script>" +
            "<script>var param_1 = {col:1,appid:1,webid:3301,path:'/',columnid:1,sourceContentType:1,unitid:3301,webname:'示例门户',permissiontype:0};</script></body></html>"));
        _site.Route("/module/web/jpage/dataproxy.jsp", r =>
        {
            var q = System.Web.HttpUtility.ParseQueryString(r.Query);
            if (r.Method != "POST" || r.Form.GetValueOrDefault("columnid") != "1" || r.Form.GetValueOrDefault("webname") != "示例门户"
                || r.Referer != At("/col/col1/index.html").AbsoluteUri)
                return SiteResponse.Html("<html>bad request</html>", 400);
            var start = int.Parse(q["startrecord"]!, CultureInfo.InvariantCulture);
            var end = int.Parse(q["endrecord"]!, CultureInfo.InvariantCulture);
            var group = records.Skip(start - 1).Take(end - start + 2); // one look-ahead record, as the real CMS does
            return new SiteResponse(200, Encoding.UTF8.GetBytes(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><datastore><totalrecord>11</totalrecord><totalpage>6</totalpage><recordset>" +
                string.Concat(group.Select(Record)) + "</recordset></datastore>"), "text/xml; charset=UTF-8");
        });
        foreach (var (href, title, date) in records)
            _site.Route(href, SiteResponse.Html(Article(title, date)));

        // GBK column: charset only in the header on the list, only in <meta> on the article.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gbk = Encoding.GetEncoding("GBK");
        _site.Route("/gbk/index.html", new SiteResponse(200, gbk.GetBytes(TrsPage(1, 0, [("/gbk/t1.html", "义务教育学校名录（2026年）", Newest)])), "text/html; charset=GBK"));
        _site.Route("/gbk/t1.html", new SiteResponse(200, gbk.GetBytes(
            Article("义务教育学校名录（2026年）", Newest).Replace("<meta charset=\"utf-8\">", "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">", StringComparison.Ordinal)),
            "text/html"));

        // Failing sources.
        _site.Route("/bad/index.html", SiteResponse.Html("<html><body>Internal Server Error</body></html>", 500));
        _site.Route("/slow/index.html", SiteResponse.Html("<html></html>") with { Hang = true });
        _site.Route("/loop/index.html", SiteResponse.Redirect("/loop/index.html"));
        _site.Route("/broken/index.html", SiteResponse.Html(TrsPage(3, 0, [("/broken/a.html", "第一页条目", Newest)])));
        _site.Route("/broken/a.html", SiteResponse.Html(Article("第一页条目", Newest)));
        _site.Route("/broken/index_1.html", SiteResponse.Html("<html>错误</html>", 500));

        // Homepage.
        _site.Route("/index.html", SiteResponse.Html(
            "<html><head><meta charset=\"utf-8\"></head><body><a href=\"/trs/index.html\">动态要闻</a><a href=\"/nowhere.html\">坏链接</a>" +
            $"<a href=\"{Offsite("/must-not-be-requested.html")}\">外站</a><a href=\"javascript:void(0)\">脚本</a><a href=\"#main\">跳转</a>" +
            "<ul><li><a href=\"/trs/a.html\">要闻</a><span class=\"date\">2026-11-18</span></li><li>2026年11月19日</li></ul>" +
            "<footer>2099-01-01</footer></body></html>"));
    }

    // ---- tests ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Trs_column_is_walked_through_all_its_pages_and_every_article_is_extracted()
    {
        var result = await Crawler(Column("trs", "/trs/index.html")).CrawlAsync(Column("trs", "/trs/index.html"), CancellationToken.None);

        Assert.True(result.Succeeded, result.FailureReason);
        Assert.Equal(ListFamily.Trs, result.Family);
        Assert.Equal(["/trs/index.html", "/trs/index_1.html", "/trs/index_2.html"], result.ListPages.Select(p => p.FinalUrl.AbsolutePath));
        Assert.Equal(9, result.Documents.Count);
        Assert.Equal(
            Enumerable.Range(0, 3).SelectMany(p => Enumerable.Range(0, 3).Select(i => TrsDate(p, i))),
            result.Documents.Select(d => d.Entry.Date!.Value));
        var first = result.Documents[0].Article!;
        Assert.Equal("动态要闻0-0", first.Title);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.FromHours(8)), first.PubDate);
        Assert.Equal("IDX-20261120", first.IndexNumber);
    }

    [Fact]
    public async Task Article_that_fails_stays_a_document_without_fields_and_does_not_fail_the_source()
    {
        var result = await Crawler(Column("trs", "/trs/index.html")).CrawlAsync(Column("trs", "/trs/index.html"), CancellationToken.None);

        var huge = Assert.Single(result.Documents, d => !d.Fetch.Succeeded);
        Assert.Equal(TrsArticlePath(1, 2), huge.Entry.Url.AbsolutePath);
        Assert.Equal(FetchOutcome.TooLarge, huge.Fetch.Outcome);
        Assert.Null(huge.Article);
        Assert.True(result.Succeeded);
    }

    [Fact]
    public async Task Links_are_checked_once_broken_attachments_found_and_disallowed_hosts_never_requested()
    {
        var crawler = Crawler(Column("trs", "/trs/index.html"), new SourceSpec("home", At("/index.html"), SourceType.Homepage));

        var column = await crawler.CrawlAsync(Column("trs", "/trs/index.html"), CancellationToken.None);
        var home = await crawler.CrawlAsync(new SourceSpec("home", At("/index.html"), SourceType.Homepage), CancellationToken.None);

        var missing = Assert.Single(column.Links, l => l.TargetUrl.AbsolutePath == "/trs/files/missing.pdf");
        Assert.True(missing.Broken);
        Assert.Equal(404, missing.Status);
        Assert.Equal(column.Documents[0].Fetch.Evidence!.Sha256, missing.PageEvidenceSha256);
        var ok = Assert.Single(column.Links, l => l.TargetUrl.AbsolutePath == "/trs/files/ok.pdf");
        Assert.False(ok.Broken);
        // The link to an article already fetched reuses that fetch: no HEAD, one GET.
        var sibling = Assert.Single(column.Links, l => l.TargetUrl.AbsolutePath == TrsArticlePath(0, 1));
        Assert.Equal(200, sibling.Status);
        Assert.Equal(["GET"], _site.Requests.Where(r => r.Path == TrsArticlePath(0, 1)).Select(r => r.Method));
        // The homepage links to the column's list page, fetched by the column crawl: reused, not asked again.
        Assert.Equal(200, Assert.Single(home.Links, l => l.TargetUrl.AbsolutePath == "/trs/index.html").Status);
        Assert.Equal(["GET"], _site.Requests.Where(r => r.Path == "/trs/index.html").Select(r => r.Method));
        Assert.True(Assert.Single(home.Links, l => l.TargetUrl.AbsolutePath == "/nowhere.html").Broken);
        Assert.Equal(1, _site.Count("/nowhere.html"));
        Assert.DoesNotContain(home.Links.Concat(column.Links), l => l.TargetUrl.Host == "localhost");
        Assert.Equal(0, _site.Count("/must-not-be-requested.html"));
    }

    [Fact]
    public async Task Homepage_gives_its_newest_shown_date_and_no_documents()
    {
        var spec = new SourceSpec("home", At("/index.html"), SourceType.Homepage);

        var result = await Crawler(spec).CrawlAsync(spec, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal(ListFamily.Homepage, result.Family);
        Assert.Equal(new DateOnly(2026, 11, 19), result.NewestShownDate); // 2099-01-01 is in the future: not news
        Assert.Empty(result.Documents);
        Assert.Equal(["/trs/index.html", "/nowhere.html", "/trs/a.html"], result.Links.Select(l => l.TargetUrl.AbsolutePath));
    }

    [Fact]
    public async Task Hanweb_column_reads_the_embedded_group_then_posts_for_overlapping_groups_without_duplicates()
    {
        var spec = Column("hanweb", "/col/col1/index.html");

        var result = await Crawler(spec).CrawlAsync(spec, CancellationToken.None);

        Assert.True(result.Succeeded, result.FailureReason);
        Assert.Equal(ListFamily.Hanweb, result.Family);
        Assert.Equal(Enumerable.Range(1, 11).Select(n => $"通知公告{n}"), result.Documents.Select(d => d.Entry.Title));
        Assert.Equal(
            ["?startrecord=5&endrecord=8&perpage=2", "?startrecord=10&endrecord=13&perpage=2"],
            _site.Requests.Where(r => r.Path == "/module/web/jpage/dataproxy.jsp").Select(r => r.Query));
        Assert.All(result.ListPages, p => Assert.True(p.Succeeded));
        Assert.All(result.Documents, d => Assert.NotNull(d.Article));
    }

    [Fact]
    public async Task Gbk_list_and_article_come_out_exactly_right()
    {
        var spec = Column("gbk", "/gbk/index.html");

        var result = await Crawler(spec).CrawlAsync(spec, CancellationToken.None);

        var doc = Assert.Single(result.Documents);
        Assert.Equal("义务教育学校名录（2026年）", doc.Entry.Title);
        Assert.Equal(Newest, doc.Entry.Date);
        Assert.Equal("义务教育学校名录（2026年）", doc.Article!.Title);
        Assert.Equal("市人民政府办公室", doc.Article.Publisher);
        Assert.Equal("义务教育学校名录（2026年）的正文。", doc.Article.BodyText);
    }

    [Fact]
    public async Task Evidence_hash_is_the_sha256_of_the_bytes_served()
    {
        var spec = Column("trs", "/trs/index.html");

        var result = await Crawler(spec).CrawlAsync(spec, CancellationToken.None);

        var served = await _http.GetByteArrayAsync(At("/trs/index.html"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(served)), result.ListPages[0].Evidence!.Sha256);
        Assert.Equal(served, await _evidence.ReadAsync(result.ListPages[0].Evidence!.Sha256));
    }

    [Fact]
    public async Task Requests_to_one_host_never_exceed_the_per_host_concurrency()
    {
        var spec = Column("trs", "/trs/index.html");

        await Crawler(spec).CrawlAsync(spec, CancellationToken.None);

        Assert.InRange(_site.MaxInFlight, 1, Options.PerHostConcurrency);
    }

    [Fact]
    public async Task Cut_off_stops_after_the_first_page_whose_entries_are_all_older()
    {
        var spec = Column("trs", "/trs/index.html", cutOff: new DateOnly(2026, 11, 1));

        var result = await Crawler(spec).CrawlAsync(spec, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal(2, result.ListPages.Count);
        Assert.Equal(0, _site.Count("/trs/index_2.html"));
    }

    [Theory]
    [InlineData("/bad/index.html", "列表页获取失败：HTTP 500")]
    [InlineData("/slow/index.html", "列表页获取超时（1秒）")]
    [InlineData("/loop/index.html", "列表页获取失败：重定向次数过多")]
    public async Task First_page_failure_makes_the_source_not_assessed_with_a_chinese_reason(string path, string reason)
    {
        var spec = Column("x", path);

        var result = await Crawler(ShortTimeout, spec).CrawlAsync(spec, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(reason, result.FailureReason);
        Assert.Empty(result.Documents);
        Assert.Single(result.ListPages);
    }

    [Fact]
    public async Task Later_page_failure_marks_pagination_incomplete_and_keeps_what_was_seen()
    {
        var spec = Column("broken", "/broken/index.html");

        var result = await Crawler(spec).CrawlAsync(spec, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal("分页不完整：第2页获取失败（HTTP 500）", result.FailureReason);
        Assert.Equal("第一页条目", Assert.Single(result.Documents).Article!.Title);
        Assert.Equal(0, _site.Count("/broken/index_2.html"));
    }

    [Fact]
    public async Task Progress_is_reported_through_to_the_end()
    {
        var spec = Column("gbk", "/gbk/index.html");

        await Crawler(spec).CrawlAsync(spec, CancellationToken.None);

        lock (_progress)
        {
            Assert.Contains(_progress, p => p.Stage == CrawlStage.Article && p.SourceId == "gbk");
            Assert.Equal(CrawlStage.Finished, _progress[^1].Stage);
        }
    }

    /// <summary>Synchronous progress sink (Progress&lt;T&gt; would post to the thread pool and race the assertions).</summary>
    private sealed class Collecting(List<CrawlProgress> into) : IProgress<CrawlProgress>
    {
        public void Report(CrawlProgress value)
        {
            lock (into)
                into.Add(value);
        }
    }
}

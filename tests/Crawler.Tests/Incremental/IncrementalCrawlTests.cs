using Microsoft.Extensions.Time.Testing;
using Monitor.Crawler.Evidence;
using Monitor.Crawler.Fetching;
using Monitor.Crawler.Tests.Support;

namespace Monitor.Crawler.Tests.Incremental;

/// <summary>
/// Incremental crawling over real HTTP: known, unchanged, recently fetched articles are not fetched again; pagination
/// stops at a page of known entries older than the window; a changed title or an old fetch brings the article back;
/// a list longer than the page limit is assessed with a note.
/// </summary>
public sealed class IncrementalCrawlTests : IAsyncLifetime
{
    // 10:00 in Shanghai on 2026-12-01: "today" for the incremental window.
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.FromHours(8));
    private readonly TestSite _site = new();
    private readonly FakeTimeProvider _time = new(Now);
    private KestrelSite _server = null!;
    private HttpClient _http = null!;

    private CrawlerOptions Options { get; } = new()
    {
        PerHostMinDelay = TimeSpan.Zero,
        RequestTimeout = TimeSpan.FromSeconds(30),
        ArticleConcurrency = 4,
    };

    public async Task InitializeAsync()
    {
        _server = await KestrelSite.StartAsync(_site);
        _http = new HttpClient(PageFetcher.CreateHandler()) { Timeout = Timeout.InfiniteTimeSpan };
        // "fresh": 3 pages × 3 entries, all within the last 10 days.
        BuildTrs("fresh", 3, (page, item) => new DateOnly(2026, 11, 30).AddDays(-(page * 3) - item));
        // "deep": 6 pages × 3; the first page is recent, the others are months old.
        BuildTrs("deep", 6, (page, item) => page == 0 ? new DateOnly(2026, 11, 30).AddDays(-item) : new DateOnly(2026, 9, 30).AddDays(-(page * 3) - item));
        // "gen": the same shape as "deep" as a generic list with rel=next links (4 pages).
        for (var page = 0; page < 4; page++)
        {
            var p = page;
            var items = Enumerable.Range(0, 3).Select(i => (Href: $"/gen/t{p}{i}.html", Title: $"gen条目{p}-{i}",
                Date: p == 0 ? new DateOnly(2026, 11, 30).AddDays(-i) : new DateOnly(2026, 9, 30).AddDays(-(p * 3) - i))).ToList();
            var next = page < 3 ? $"<a rel=\"next\" href=\"/gen/p{page + 1}.html\">下一页</a>" : "";
            _site.Route(page == 0 ? "/gen/index.html" : $"/gen/p{page}.html", SiteResponse.Html(
                "<html><head><meta charset=\"utf-8\"></head><body><ul class=\"list\">" +
                string.Concat(items.Select(i => $"<li><a href=\"{i.Href}\" title=\"{i.Title}\">{i.Title}</a><span>{i.Date:yyyy-MM-dd}</span></li>")) +
                $"</ul>{next}</body></html>"));
            foreach (var item in items)
                _site.Route(item.Href, SiteResponse.Html($"<html><head><meta charset=\"utf-8\"></head><body><h1>{item.Title}</h1><p>正文</p></body></html>"));
        }
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private void BuildTrs(string name, int pages, Func<int, int, DateOnly> date)
    {
        for (var page = 0; page < pages; page++)
        {
            var items = Enumerable.Range(0, 3).Select(i => (Href: $"/{name}/t{page}{i}.html", Title: $"{name}条目{page}-{i}", Date: date(page, i))).ToList();
            _site.Route(page == 0 ? $"/{name}/index.html" : $"/{name}/index_{page}.html", SiteResponse.Html(
                "<html><head><meta charset=\"utf-8\"></head><body><ul class=\"list\">" +
                string.Concat(items.Select(i => $"<li><a href=\"{i.Href}\" title=\"{i.Title}\">{i.Title}</a><span>{i.Date:yyyy-MM-dd}</span></li>")) +
                $"</ul><script>createPageHTML({pages}, {page}, \"index\", \"html\");</script></body></html>"));
            foreach (var item in items)
            {
                _site.Route(item.Href, SiteResponse.Html(
                    $"<html><head><meta charset=\"utf-8\"><meta name=\"ArticleTitle\" content=\"{item.Title}\"></head>" +
                    $"<body><h1>{item.Title}</h1><div>发布时间：{item.Date:yyyy-MM-dd}</div><p>正文</p></body></html>"));
            }
        }
    }

    private SourceSpec Column(string name) => new(name, new Uri(_server.Root, $"/{name}/index.html"), SourceType.Column);

    private Task<SourceCrawlResult> CrawlAsync(SourceSpec spec, CrawlerOptions? options = null) =>
        SourceCrawler.Create(_http, options ?? Options, [spec], new InMemoryEvidenceStore(), _time).CrawlAsync(spec, CancellationToken.None);

    private static Dictionary<Uri, KnownEntry> KnownFrom(SourceCrawlResult result, DateTimeOffset fetchedAt) =>
        result.Documents.ToDictionary(d => d.Entry.Url, d => new KnownEntry(d.Entry.Title, d.Entry.Date, fetchedAt));

    private int ArticleRequests(string name) => _site.Requests.Count(r => r.Path.StartsWith($"/{name}/t", StringComparison.Ordinal));

    private int ListRequests(string name) => _site.Requests.Count(r => r.Path.StartsWith($"/{name}/index", StringComparison.Ordinal));

    [Fact]
    public async Task Second_crawl_with_known_entries_fetches_no_articles_and_lists_them_as_reused()
    {
        var first = await CrawlAsync(Column("fresh"));
        var articlesAfterFirst = ArticleRequests("fresh");

        var second = await CrawlAsync(Column("fresh") with { Known = KnownFrom(first, Now) });

        Assert.Equal(9, first.Documents.Count);
        Assert.Equal(9, articlesAfterFirst);
        Assert.True(second.Succeeded, second.FailureReason);
        Assert.Equal(articlesAfterFirst, ArticleRequests("fresh"));
        Assert.Empty(second.Documents);
        Assert.Equal(first.Documents.Select(d => d.Entry), second.ReusedEntries);
        // Entries within the window: every list page is still read.
        Assert.False(second.StoppedAtKnown);
        Assert.Equal(3, second.ListPages.Count);
    }

    [Fact]
    public async Task Deep_list_of_old_known_entries_stops_paginating_early()
    {
        var first = await CrawlAsync(Column("deep"));
        var listAfterFirst = ListRequests("deep");

        var second = await CrawlAsync(Column("deep") with { Known = KnownFrom(first, Now) });

        Assert.Equal(6, listAfterFirst);
        Assert.True(second.Succeeded, second.FailureReason);
        Assert.True(second.StoppedAtKnown);
        // Page 1 (index) is recent, page 2 all old and known: nothing after it is read.
        Assert.Equal(["/deep/index.html", "/deep/index_1.html"], second.ListPages.Select(p => p.FinalUrl.AbsolutePath));
        Assert.Equal(listAfterFirst + 2, ListRequests("deep"));
        Assert.Equal(6, second.ReusedEntries.Count);
        Assert.Empty(second.Documents);
    }

    [Fact]
    public async Task Generic_list_of_old_known_entries_stops_paginating_early_too()
    {
        var first = await CrawlAsync(Column("gen"));

        var second = await CrawlAsync(Column("gen") with { Known = KnownFrom(first, Now) });

        Assert.Equal(ListFamily.Generic, first.Family);
        Assert.Equal(4, first.ListPages.Count);
        Assert.True(second.StoppedAtKnown);
        Assert.Equal(["/gen/index.html", "/gen/p1.html"], second.ListPages.Select(p => p.FinalUrl.AbsolutePath));
        Assert.Equal(1, _site.Count("/gen/p2.html"));
    }

    [Fact]
    public async Task Without_known_entries_the_deep_list_is_read_to_the_end()
    {
        var result = await CrawlAsync(Column("deep") with { Known = new Dictionary<Uri, KnownEntry>() });

        Assert.False(result.StoppedAtKnown);
        Assert.Equal(6, result.ListPages.Count);
        Assert.Equal(18, result.Documents.Count);
    }

    [Fact]
    public async Task A_changed_list_title_brings_the_article_back()
    {
        var first = await CrawlAsync(Column("fresh"));
        var known = KnownFrom(first, Now);
        var changed = first.Documents[4].Entry;
        known[changed.Url] = known[changed.Url] with { Title = "旧标题" };
        var before = _site.Count(changed.Url.AbsolutePath);

        var second = await CrawlAsync(Column("fresh") with { Known = known });

        Assert.Equal(changed, Assert.Single(second.Documents).Entry);
        Assert.Equal(before + 1, _site.Count(changed.Url.AbsolutePath));
        Assert.Equal(8, second.ReusedEntries.Count);
        Assert.DoesNotContain(changed, second.ReusedEntries);
    }

    [Fact]
    public async Task A_changed_list_date_brings_the_article_back()
    {
        var first = await CrawlAsync(Column("fresh"));
        var known = KnownFrom(first, Now);
        var changed = first.Documents[0].Entry;
        known[changed.Url] = known[changed.Url] with { ListDate = changed.Date!.Value.AddDays(-1) };

        var second = await CrawlAsync(Column("fresh") with { Known = known });

        Assert.Equal(changed, Assert.Single(second.Documents).Entry);
    }

    [Fact]
    public async Task Known_entries_fetched_longer_ago_than_the_recheck_interval_are_fetched_again()
    {
        var first = await CrawlAsync(Column("fresh"));

        var second = await CrawlAsync(Column("fresh") with { Known = KnownFrom(first, Now - Options.RecheckAfter - TimeSpan.FromMinutes(1)) });

        Assert.Equal(9, second.Documents.Count);
        Assert.Empty(second.ReusedEntries);
        Assert.Equal(18, ArticleRequests("fresh"));
    }

    [Fact]
    public async Task A_list_longer_than_the_page_limit_is_assessed_with_a_note()
    {
        var result = await CrawlAsync(Column("deep"), Options with { MaxListPages = 2 });

        Assert.True(result.Succeeded, result.FailureReason);
        Assert.Equal(2, result.ListPages.Count);
        Assert.Equal(["分页超过上限（2页），其余页面未读取"], result.Notes);
        Assert.Equal(2, ListRequests("deep"));
    }

    [Fact]
    public async Task A_list_within_the_page_limit_has_no_note()
    {
        var result = await CrawlAsync(Column("fresh"), Options with { MaxListPages = 3 });

        Assert.Equal(3, result.ListPages.Count);
        Assert.Empty(result.Notes);
    }
}

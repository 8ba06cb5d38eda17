using System.Diagnostics;
using Monitor.Crawler;
using Monitor.Crawler.Evidence;
using Monitor.Crawler.Fetching;
using Monitor.SamplePortal;

namespace Monitor.Host.Tests.Scanning;

/// <summary>
/// The sample portal's fault mode (docs/sample-portal.md): every misbehaving list page is survived, with bounded
/// memory, and recorded — a reason for what could not be assessed, a note for what was read anyway.
/// </summary>
public sealed class FaultModeCrawlTests : IAsyncLifetime
{
    private SamplePortalServer portal = null!;

    public async Task InitializeAsync() =>
        portal = await SamplePortalServer.StartAsync(new PortalOptions { AsOf = new DateOnly(2026, 12, 1), FaultPages = true });

    public async Task DisposeAsync() => await portal.DisposeAsync();

    private async Task<SourceCrawlResult> CrawlAsync(string kind, TimeSpan timeout)
    {
        var source = Assert.Single(portal.Portal.FaultSources, s => s.Id == $"fault-{kind}");
        var options = new CrawlerOptions
        {
            RequestTimeout = timeout,
            PerHostMinDelay = TimeSpan.Zero,
            MaxRetries = 2,
            RetryBaseDelay = TimeSpan.FromMilliseconds(50),
            MaxListPages = 20,
        };
        var spec = new SourceSpec(source.Id, new Uri(portal.BaseUrl, source.Path), SourceType.Column);
        using var http = new HttpClient(PageFetcher.CreateHandler()) { Timeout = Timeout.InfiniteTimeSpan };
        var crawler = SourceCrawler.Create(http, options, [spec], new InMemoryEvidenceStore(), TimeProvider.System);
        return await crawler.CrawlAsync(spec, CancellationToken.None);
    }

    [Fact]
    public async Task Every_fault_source_is_listed_in_fault_mode_only()
    {
        Assert.Equal(
            ["fault-5xx", "fault-charset", "fault-endless", "fault-huge", "fault-loop", "fault-malformed", "fault-reset", "fault-retry-after", "fault-slow", "fault-timeout", "fault-truncated"],
            portal.Portal.FaultSources.Select(s => s.Id).Order(StringComparer.Ordinal));
        await using var normal = await SamplePortalServer.StartAsync(new PortalOptions { AsOf = new DateOnly(2026, 12, 1) });
        Assert.Empty(normal.Portal.FaultSources);
    }

    [Fact]
    public async Task A_slow_list_within_the_timeout_is_read_and_beyond_it_is_a_timeout()
    {
        var patient = await CrawlAsync("slow", TimeSpan.FromSeconds(10));
        Assert.True(patient.Succeeded, patient.FailureReason);
        Assert.Equal(3, patient.Documents.Count(d => d.Article is not null));

        var hasty = await CrawlAsync("slow", TimeSpan.FromSeconds(1));
        Assert.False(hasty.Succeeded);
        Assert.Contains("超时", hasty.FailureReason);
    }

    [Theory]
    [InlineData("timeout", "超时")]
    [InlineData("5xx", "HTTP 500")]
    [InlineData("reset", "网络错误")]
    [InlineData("truncated", "网络错误")]
    [InlineData("loop", "重定向")]
    [InlineData("huge", "大小上限")]
    public async Task A_list_that_cannot_be_read_makes_the_source_not_assessed_with_its_reason(string kind, string reason)
    {
        var crawl = await CrawlAsync(kind, TimeSpan.FromSeconds(1.5));

        Assert.False(crawl.Succeeded);
        Assert.Contains(reason, crawl.FailureReason);
        Assert.Empty(crawl.Documents);
    }

    [Fact]
    public async Task A_500_is_retried_once_and_Retry_After_is_honoured()
    {
        var failing = await CrawlAsync("5xx", TimeSpan.FromSeconds(5));
        Assert.Equal(2, failing.ListPages[0].Attempts);

        var clock = Stopwatch.StartNew();
        var patient = await CrawlAsync("retry-after", TimeSpan.FromSeconds(5));
        Assert.True(patient.Succeeded, patient.FailureReason);
        Assert.Equal(3, patient.ListPages[0].Attempts);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2), $"two Retry-After: 1 answers were waited out in {clock.Elapsed}");
        Assert.Equal(3, patient.Documents.Count);
    }

    [Fact]
    public async Task A_20_MB_page_is_refused_at_the_size_cap_without_reading_it_whole()
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var crawl = await CrawlAsync("huge", TimeSpan.FromSeconds(10));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal(FetchOutcome.TooLarge, crawl.ListPages[0].Outcome);
        // The cap is 10 MiB; reading stops there (the buffer may double once), never the whole 20 MB.
        Assert.True(allocated < 64L * 1024 * 1024, $"allocated {allocated / 1024 / 1024} MiB for a capped page");
    }

    [Fact]
    public async Task Malformed_html_is_read_leniently()
    {
        var crawl = await CrawlAsync("malformed", TimeSpan.FromSeconds(5));

        Assert.True(crawl.Succeeded, crawl.FailureReason);
        Assert.Equal(3, crawl.Documents.Count(d => d.Article is not null));
    }

    [Fact]
    public async Task A_wrong_charset_is_noted_and_the_titles_are_read_as_GBK()
    {
        var crawl = await CrawlAsync("charset", TimeSpan.FromSeconds(5));

        Assert.True(crawl.Succeeded, crawl.FailureReason);
        Assert.Contains(crawl.Notes, n => n.StartsWith("字符集声明错误", StringComparison.Ordinal));
        Assert.Equal(3, crawl.Documents.Count);
        Assert.All(crawl.Documents, d =>
        {
            Assert.DoesNotContain('\uFFFD', d.Entry.Title);
            Assert.Contains(d.Entry.Title, c => c is >= '\u4e00' and <= '\u9fff');
        });
    }

    [Fact]
    public async Task Endless_pagination_ends_when_pages_bring_nothing_new_or_at_the_page_limit()
    {
        var crawl = await CrawlAsync("endless", TimeSpan.FromSeconds(5));

        // Every page lists the same article under new titles: the walk stops at the first page that adds nothing
        // (a page limit note when a list keeps adding, see IncrementalCrawlTests in Crawler.Tests).
        Assert.True(crawl.Succeeded, crawl.FailureReason);
        Assert.InRange(crawl.ListPages.Count, 2, 20);
        Assert.Single(crawl.Documents);
        Assert.True(portal.Requests.Snapshot().Total < 40, "the endless list was walked far beyond need");
    }
}

using System.Globalization;
using Monitor.Crawler.Extraction;

namespace Monitor.Crawler;

// WeChat account mirrors: an RSS/Atom feed (SourceType.Feed) or a mirror's HTML list (SourceType.AccountList) of an
// account's articles. The articles are fetched like a column's; pages in WeChat markup are read by
// WeChatArticleExtractor, which also recognises deleted articles and closed or migrated accounts.
public sealed partial class SourceCrawler
{
    private async Task<SourceCrawlResult> CrawlAccountAsync(SourceSpec spec, CancellationToken ct)
    {
        var startedAt = _time.GetUtcNow();
        var started = _time.GetTimestamp();
        var family = spec.Type == SourceType.Feed ? ListFamily.Feed : ListFamily.AccountList;
        var rendered = false;

        SourceCrawlResult Result(bool ok, string? reason, IReadOnlyList<FetchResult> pages, IReadOnlyList<CrawledDocument> docs, AccountSnapshot? account) =>
            new SourceCrawlResult(spec.Id, spec.Url, ok, reason, family, pages, docs, [], null, startedAt, _time.GetElapsedTime(started))
            {
                Rendered = rendered,
                Account = account,
            };

        IReadOnlyList<ListEntry> entries;
        IReadOnlyList<FetchResult> pages;
        // Known, unchanged, recently fetched entries (SourceSpec.Known) are not fetched again.
        var reused = new List<ListEntry>();
        var stoppedAtKnown = false;
        IReadOnlyList<string> notes = [];
        string? failure = null;
        string? feedTitle = null;
        var published = new Dictionary<Uri, DateTimeOffset>();
        if (spec.Type == SourceType.Feed)
        {
            var fetch = await _fetcher.GetAsync(spec.Url, ct).ConfigureAwait(false);
            Remember(fetch);
            Report(spec, CrawlStage.ListPage, $"Fetched feed {spec.Url}: {fetch.Outcome} {fetch.Status}", 1, 0);
            if (!fetch.Succeeded)
            {
                var reason = fetch.Outcome == FetchOutcome.Timeout
                    ? $"订阅源获取超时（{Seconds(_options.RequestTimeout)}秒）"
                    : $"订阅源获取失败：{Describe(fetch)}";
                Report(spec, CrawlStage.Finished, $"Not assessed: {fetch.Error}", 0, 0);
                return Result(false, reason, [fetch], [], null);
            }
            var read = FeedAdapter.Read(fetch.Body ?? [], fetch.FinalUrl);
            if (read.Feed is not { } feed)
            {
                Report(spec, CrawlStage.Finished, "Not assessed: feed does not parse", 0, 0);
                return Result(false, read.Error, [fetch], [], null);
            }
            feedTitle = feed.Title;
            var kept = feed.Items
                .Where(i => spec.CutOff is not { } cutOff || i.Entry.Date is not { } d || d >= cutOff)
                .Take(_options.MaxArticlesPerSource)
                .ToList();
            foreach (var item in kept)
            {
                if (item.PublishedAt is { } at)
                    published[item.Entry.Url] = at;
            }
            entries = [.. kept.Select(i => i.Entry)];
            pages = [fetch];
        }
        else
        {
            var opening = await OpenAsync(spec, ct).ConfigureAwait(false);
            rendered = opening.Rendered;
            foreach (var page in opening.Pages)
                Remember(page);
            if (opening.Failure is not null || !opening.Page.Succeeded)
            {
                var reason = opening.Failure
                    ?? (opening.Page.Outcome == FetchOutcome.Timeout
                        ? $"列表页获取超时（{Seconds(_options.RequestTimeout)}秒）"
                        : $"列表页获取失败：{Describe(opening.Page)}");
                Report(spec, CrawlStage.Finished, $"Not assessed: {opening.Page.Error}", 0, 0);
                return Result(false, reason, opening.Pages, [], null);
            }
            using var doc = await HtmlLoader.LoadAsync(opening.Page, ct).ConfigureAwait(false);
            var list = new ListWalk(this, spec, opening.Page, ct);
            await list.RunAsync(doc).ConfigureAwait(false);
            foreach (var page in list.Pages)
                Remember(page);
            entries = list.Entries;
            reused.AddRange(list.Reused);
            stoppedAtKnown = list.StoppedAtKnown;
            notes = list.Notes;
            pages = opening.Pages.Count > 1 ? [opening.Pages[0], .. list.Pages] : list.Pages;
            failure = list.Failure;
        }

        // The list walk already set its reusable entries apart; a feed's are set apart here.
        var fetched = await FetchArticlesAsync(spec, entries, ct, spec.Type == SourceType.Feed ? reused : null).ConfigureAwait(false);
        var documents = await ReadWeChatPagesAsync(fetched, ct).ConfigureAwait(false);
        var account = Snapshot(feedTitle, [.. documents.Select(d => d.Entry), .. reused], documents, published);
        Report(spec, CrawlStage.Finished, failure is null ? "Account done" : "Account list incomplete", documents.Count, documents.Count);
        return Result(failure is null, failure, pages, documents, account) with
        {
            ReusedEntries = reused,
            StoppedAtKnown = stoppedAtKnown,
            Notes = notes,
        };
    }

    /// <summary>Articles in WeChat markup (or WeChat's error pages) re-read by the WeChat extractor; other pages as they were.</summary>
    private static async Task<List<CrawledDocument>> ReadWeChatPagesAsync(IReadOnlyList<CrawledDocument> documents, CancellationToken ct)
    {
        var result = new List<CrawledDocument>(documents.Count);
        foreach (var document in documents)
        {
            var fetch = document.Fetch;
            if (document.Article is null || fetch.Body is null || !IsHtml(fetch.ContentType))
            {
                result.Add(document);
                continue;
            }
            using var doc = await HtmlLoader.LoadAsync(fetch, ct).ConfigureAwait(false);
            result.Add(WeChatArticleExtractor.Recognizes(doc)
                ? document with { Article = WeChatArticleExtractor.Extract(doc, fetch.FinalUrl) }
                : document);
        }
        return result;
    }

    /// <summary>
    /// The account as its articles show it: name from the feed title, else an article's nickname; newest post from
    /// the feed's times, else the articles' <c>var ct</c>, else the list dates (start of day, Beijing time). A problem
    /// is reported only when every article we could read says the account is closed or has moved.
    /// </summary>
    private static AccountSnapshot Snapshot(
        string? feedTitle, IReadOnlyList<ListEntry> entries, IReadOnlyList<CrawledDocument> documents, IReadOnlyDictionary<Uri, DateTimeOffset> published)
    {
        var articles = documents.Select(d => d.Article).OfType<ExtractedArticle>().ToList();
        var name = feedTitle
            ?? articles.Select(a => a.AccountName).FirstOrDefault(n => !string.IsNullOrWhiteSpace(n));
        var userName = articles.Select(a => a.AccountUserName).FirstOrDefault(n => !string.IsNullOrWhiteSpace(n));

        // Every listed entry counts, fetched or not (an entry not fetched again this time still was posted).
        var articleTimes = new Dictionary<Uri, DateTimeOffset>();
        foreach (var document in documents)
        {
            if (document.Article is { PageState: ArticlePageState.Normal, PubDate: { } ct })
                articleTimes.TryAdd(document.Entry.Url, ct);
        }
        DateTimeOffset? newest = null;
        foreach (var entry in entries)
        {
            var at = published.TryGetValue(entry.Url, out var feedTime) ? feedTime
                : articleTimes.TryGetValue(entry.Url, out var articleTime) ? articleTime
                : entry.Date is { } day ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), DateText.ShanghaiOffset)
                : (DateTimeOffset?)null;
            if (at is { } t && (newest is null || t > newest))
                newest = t;
        }

        var readable = articles.Where(a => a.PageState != ArticlePageState.Unavailable).ToList();
        string? problem = null;
        if (readable.Count > 0 && readable.All(a => a.PageState is ArticlePageState.AccountClosed or ArticlePageState.AccountMigrated))
        {
            var closed = readable.Any(a => a.PageState == ArticlePageState.AccountClosed);
            var example = readable.First(a => !closed || a.PageState == ArticlePageState.AccountClosed);
            var says = string.IsNullOrWhiteSpace(example.BodyText) ? "" : string.Create(CultureInfo.InvariantCulture, $"（页面显示：{example.BodyText}）");
            problem = closed
                ? $"公众号已被屏蔽或注销，文章均无法查看{says}"
                : $"公众号已迁移，文章均无法查看{says}";
        }
        return new AccountSnapshot(name, userName, newest?.ToOffset(DateText.ShanghaiOffset), problem);
    }
}

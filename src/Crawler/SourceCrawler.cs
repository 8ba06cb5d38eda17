using System.Collections.Concurrent;
using System.Globalization;
using AngleSharp.Dom;
using Monitor.Crawler.Evidence;
using Monitor.Crawler.Extraction;
using Monitor.Crawler.Fetching;
using Monitor.Crawler.Rendering;

namespace Monitor.Crawler;

/// <summary>
/// Crawls one source at a time: the list (or homepage) with all its pages, every listed article, then the links found.
/// One instance serves a whole scan: link targets are checked once per instance, whichever source links to them.
/// A source that cannot be assessed comes back with <see cref="SourceCrawlResult.Succeeded"/> false and a Chinese
/// reason; nothing but the caller's cancellation throws.
/// </summary>
public sealed partial class SourceCrawler
{
    private readonly PageFetcher _fetcher;
    private readonly CrawlerOptions _options;
    private readonly TimeProvider _time;
    private readonly IProgress<CrawlProgress>? _progress;
    // Renders script-built list pages (SourceSpec.Render); null: no browser, such pages are not assessed.
    private readonly IPageRenderer? _renderer;
    // Link target → its check, shared by every page and source crawled through this instance.
    private readonly ConcurrentDictionary<Uri, Lazy<Task<TargetStatus>>> _targets = new();

    public SourceCrawler(PageFetcher fetcher, CrawlerOptions options, TimeProvider time, IProgress<CrawlProgress>? progress = null, IPageRenderer? renderer = null)
    {
        _fetcher = fetcher;
        _options = options;
        _time = time;
        _progress = progress;
        _renderer = renderer;
    }

    /// <summary>
    /// The usual set-up: a fetcher over <paramref name="http"/> (build it on <see cref="PageFetcher.CreateHandler"/>),
    /// allowed hosts from <see cref="CrawlerOptions.AllowedHosts"/> or, when that is empty, the hosts of <paramref name="sources"/>.
    /// With <paramref name="validators"/> (e.g. a <see cref="FileValidatorCache"/> on the evidence root), GETs are conditional.
    /// </summary>
    public static SourceCrawler Create(
        HttpClient http,
        CrawlerOptions options,
        IEnumerable<SourceSpec> sources,
        IEvidenceStore evidence,
        TimeProvider time,
        IProgress<CrawlProgress>? progress = null,
        IValidatorCache? validators = null,
        IPageRenderer? renderer = null)
    {
        var hosts = HostAllowList.From(options, sources.Select(s => s.Url));
        return new SourceCrawler(new PageFetcher(http, options, hosts, evidence, time, validators), options, time, progress, renderer);
    }

    public async Task<SourceCrawlResult> CrawlAsync(SourceSpec spec, CancellationToken ct)
    {
        var startedAt = _time.GetUtcNow();
        var started = _time.GetTimestamp();
        var isHome = spec.Type == SourceType.Homepage;
        if (spec.Type is SourceType.Feed or SourceType.AccountList)
            return await CrawlAccountAsync(spec, ct).ConfigureAwait(false);
        // Static fetch, or the browser's rendering when the source asks for it or its list is script-built.
        var opening = await OpenAsync(spec, ct).ConfigureAwait(false);
        var first = opening.Page;
        foreach (var page in opening.Pages)
            Remember(page);
        Report(spec, CrawlStage.ListPage, $"Fetched {spec.Url}: {first.Outcome} {first.Status}", 1, 0);

        SourceCrawlResult Result(bool ok, string? reason, ListFamily family, IReadOnlyList<FetchResult> pages,
            IReadOnlyList<CrawledDocument> docs, IReadOnlyList<LinkCheck> links, DateOnly? newest) =>
            new SourceCrawlResult(spec.Id, spec.Url, ok, reason, family, pages, docs, links, newest, startedAt, _time.GetElapsedTime(started))
            {
                Rendered = opening.Rendered,
            };

        if (opening.Failure is not null)
        {
            Report(spec, CrawlStage.Finished, $"Not assessed: {opening.Failure}", 0, 0);
            return Result(false, opening.Failure, isHome ? ListFamily.Homepage : ListFamily.Generic, opening.Pages, [], [], null);
        }

        if (!first.Succeeded)
        {
            var what = isHome ? "首页" : "列表页";
            var reason = first.Outcome == FetchOutcome.Timeout
                ? $"{what}获取超时（{Seconds(_options.RequestTimeout)}秒）"
                : $"{what}获取失败：{Describe(first)}";
            Report(spec, CrawlStage.Finished, $"Not assessed: {first.Error}", 0, 0);
            return Result(false, reason, isHome ? ListFamily.Homepage : ListFamily.Generic, [first], [], [], null);
        }

        using var doc = await HtmlLoader.LoadAsync(first, ct).ConfigureAwait(false);
        if (isHome)
        {
            var view = HomepageExtractor.Extract(doc);
            var today = DateOnly.FromDateTime(_time.GetUtcNow().ToOffset(DateText.ShanghaiOffset).DateTime);
            var homeLinks = await CheckLinksAsync(spec, [(first, view.Links)], ct).ConfigureAwait(false);
            Report(spec, CrawlStage.Finished, "Homepage done", 1, 1);
            return Result(true, null, ListFamily.Homepage, [first], [], homeLinks, view.NewestShownDate(today)) with
            {
                Identity = view.Identity,
                PageMetaNames = view.MetaNames,
                Notes = UncheckedNotes(view.Links),
            };
        }

        // The column page's own meta tags (ColumnName, ColumnType …) are read before the walk moves on.
        var columnMetaNames = ArticleExtractor.MetaNames(doc);
        var list = new ListWalk(this, spec, first, ct);
        await list.RunAsync(doc).ConfigureAwait(false);

        foreach (var page in list.Pages)
            Remember(page);
        var documents = await FetchArticlesAsync(spec, list.Entries, ct).ConfigureAwait(false);
        var pagesWithLinks = documents
            .Where(d => d.Article is not null)
            .Select(d => (d.Fetch, (IReadOnlyList<PageLink>)[.. d.Article!.Attachments, .. d.Article.Links]))
            .ToList();
        var links = await CheckLinksAsync(spec, pagesWithLinks, ct).ConfigureAwait(false);
        Report(spec, CrawlStage.Finished, list.Failure is null ? "Column done" : "Column incomplete", documents.Count, documents.Count);
        return Result(list.Failure is null, list.Failure, list.Family, list.Pages, documents, links, null) with
        {
            PageMetaNames = columnMetaNames,
            ReusedEntries = list.Reused,
            StoppedAtKnown = list.StoppedAtKnown,
            Notes = [.. list.Notes, .. CharsetNotes(list.Pages), .. UncheckedNotes(pagesWithLinks.SelectMany(p => p.Item2))],
        };
    }

    /// <summary>
    /// Walks a column's list pages, whatever the family, collecting entries until the end, the cut-off, a limit, or (when
    /// the caller knows the source's documents) a page of known entries older than the incremental window.
    /// </summary>
    private sealed class ListWalk(SourceCrawler owner, SourceSpec spec, FetchResult first, CancellationToken ct)
    {
        private readonly HashSet<Uri> _seen = [];
        private readonly List<FetchResult> _pages = [first];
        private readonly List<ListEntry> _entries = [];
        private readonly List<string> _notes = [];
        private readonly DateOnly _today = owner.Today();
        private readonly DateTimeOffset _now = owner._time.GetUtcNow();

        public ListFamily Family { get; private set; } = ListFamily.Generic;
        public string? Failure { get; private set; }
        public IReadOnlyList<FetchResult> Pages => _pages;

        /// <summary>Listed entries whose articles are to be fetched (known, unchanged, recently fetched ones are left out).</summary>
        public IReadOnlyList<ListEntry> Entries => [.. _entries.Where(e => !owner.IsReusable(spec, e, _now))];

        /// <summary>Listed entries that are known, unchanged and recently fetched: not fetched again.</summary>
        public IReadOnlyList<ListEntry> Reused => [.. _entries.Where(e => owner.IsReusable(spec, e, _now))];

        /// <summary>Pagination stopped at a page of known entries older than <see cref="CrawlerOptions.IncrementalWindow"/>.</summary>
        public bool StoppedAtKnown { get; private set; }

        /// <summary>Limits that cut the walk short, in Chinese.</summary>
        public IReadOnlyList<string> Notes => _notes;
        private CrawlerOptions Options => owner._options;
        private bool Full => _entries.Count >= Options.MaxArticlesPerSource;
        private bool PageLimitReached => _pages.Count >= Options.MaxListPages;

        public async Task RunAsync(IDocument firstPage)
        {
            if (HanwebListAdapter.HasDatastore(firstPage))
            {
                Family = ListFamily.Hanweb;
                await HanwebAsync(firstPage).ConfigureAwait(false);
            }
            else if (TrsListAdapter.ReadPager(firstPage) is { } pager)
            {
                Family = ListFamily.Trs;
                await TrsAsync(firstPage, pager).ConfigureAwait(false);
            }
            else
            {
                Family = ListFamily.Generic;
                await GenericAsync(firstPage).ConfigureAwait(false);
            }
        }

        private async Task TrsAsync(IDocument firstPage, TrsPager pager)
        {
            var pageEntries = GenericListAdapter.ReadEntries(firstPage);
            Add(pageEntries);
            for (var index = pager.CurrentIndex + 1; index < pager.PageCount; index++)
            {
                if (ShouldStop(pageEntries))
                    return;
                var fetch = await owner._fetcher.GetAsync(pager.PageUrl(first.FinalUrl, index), ct).ConfigureAwait(false);
                if (!Record(fetch, index + 1))
                    return;
                using var doc = await HtmlLoader.LoadAsync(fetch, ct).ConfigureAwait(false);
                pageEntries = GenericListAdapter.ReadEntries(doc);
                Add(pageEntries);
            }
        }

        private async Task HanwebAsync(IDocument firstPage)
        {
            var embedded = HanwebListAdapter.ReadEmbedded(firstPage);
            if (embedded is null)
            {
                Failure = "列表页无法解析：大汉栏目数据（datastore）格式错误";
                return;
            }
            Add(embedded.Records);
            if (_entries.Count >= embedded.TotalRecord)
                return;
            if (HanwebListAdapter.ReadParams(firstPage) is not { } form)
            {
                Failure = "分页不完整：未找到大汉分页参数（param_N），无法获取后续分组";
                return;
            }
            var perPage = embedded.PerPage;
            // A group is whole pages; an embedded look-ahead record must not make the next group start one late.
            var groupSize = Math.Max(perPage, embedded.Records.Count - (embedded.Records.Count % perPage));
            IReadOnlyList<ListEntry> group = embedded.Records;
            while (true)
            {
                // Groups overlap by one look-ahead record; the next group starts after what is already known.
                var start = _entries.Count + 1;
                if (start > embedded.TotalRecord || ShouldStop(group))
                    return;
                var url = HanwebListAdapter.DataproxyUrl(first.FinalUrl, start, start + groupSize - 1, perPage);
                var fetch = await owner._fetcher.PostFormAsync(url, form, first.FinalUrl, ct).ConfigureAwait(false);
                var pageNumber = ((start - 1) / perPage) + 1;
                if (!Record(fetch, pageNumber))
                    return;
                var answer = HanwebListAdapter.ReadDataproxy(fetch.Body ?? [], fetch.FinalUrl);
                if (answer is null)
                {
                    Failure = $"分页不完整：第{pageNumber}页内容无法解析";
                    return;
                }
                group = answer.Records;
                if (Add(group) == 0)
                    return;
            }
        }

        private async Task GenericAsync(IDocument firstPage)
        {
            var visited = new HashSet<Uri> { spec.Url, first.FinalUrl };
            var pageEntries = GenericListAdapter.ReadEntries(firstPage);
            Add(pageEntries);
            var next = GenericListAdapter.NextPage(firstPage);
            var pageNumber = 1;
            while (next is not null && visited.Add(next) && !ShouldStop(pageEntries))
            {
                pageNumber++;
                var fetch = await owner._fetcher.GetAsync(next, ct).ConfigureAwait(false);
                if (!Record(fetch, pageNumber))
                    return;
                using var doc = await HtmlLoader.LoadAsync(fetch, ct).ConfigureAwait(false);
                pageEntries = GenericListAdapter.ReadEntries(doc);
                if (Add(pageEntries) == 0)
                    return;
                next = GenericListAdapter.NextPage(doc);
            }
        }

        /// <summary>
        /// Stop before the next page (called only when there is one): limits reached (noted), the last page was all older
        /// than the cut-off (lists are newest first), or it was all known entries older than the incremental window.
        /// </summary>
        private bool ShouldStop(IReadOnlyList<ListEntry> lastPage)
        {
            if (Full)
            {
                _notes.Add($"条目超过上限（{Options.MaxArticlesPerSource}条），其余条目未读取");
                return true;
            }
            if (PageLimitReached)
            {
                _notes.Add($"分页超过上限（{Options.MaxListPages}页），其余页面未读取");
                return true;
            }
            if (spec.CutOff is { } cutOff && lastPage.Count > 0 && lastPage.All(e => e.Date is { } d && d < cutOff))
                return true;
            if (spec.Known is { } known && lastPage.Count > 0)
            {
                var windowStart = _today.AddDays(-(int)Math.Ceiling(Options.IncrementalWindow.TotalDays));
                if (lastPage.All(e => known.ContainsKey(e.Url) && e.Date is { } d && d < windowStart))
                {
                    StoppedAtKnown = true;
                    return true;
                }
            }
            return false;
        }

        /// <summary>Keeps a later page's fetch; false (with the reason set) when it failed.</summary>
        private bool Record(FetchResult fetch, int pageNumber)
        {
            _pages.Add(fetch);
            owner.Report(spec, CrawlStage.ListPage, $"Fetched list page {pageNumber}: {fetch.Outcome} {fetch.Status}", _pages.Count, 0);
            if (fetch.Succeeded)
                return true;
            Failure = fetch.Outcome == FetchOutcome.Timeout
                ? $"分页不完整：第{pageNumber}页获取超时（{Seconds(Options.RequestTimeout)}秒）"
                : $"分页不完整：第{pageNumber}页获取失败（{Describe(fetch)}）";
            return false;
        }

        private int Add(IEnumerable<ListEntry> entries)
        {
            var added = 0;
            foreach (var entry in entries)
            {
                if (Full)
                    break;
                if (_seen.Add(entry.Url))
                {
                    _entries.Add(entry);
                    added++;
                }
            }
            return added;
        }
    }

    /// <summary>
    /// Fetches and extracts the articles of <paramref name="entries"/>. With a <paramref name="reused"/> collection, entries
    /// that <see cref="SourceSpec.Known"/> has with the same title and list date, fetched less than
    /// <see cref="CrawlerOptions.RecheckAfter"/> ago, are not fetched but added there (for
    /// <see cref="SourceCrawlResult.ReusedEntries"/>); without one every entry is fetched.
    /// </summary>
    private async Task<List<CrawledDocument>> FetchArticlesAsync(
        SourceSpec spec, IReadOnlyList<ListEntry> entries, CancellationToken ct, ICollection<ListEntry>? reused = null)
    {
        if (reused is not null)
        {
            var now = _time.GetUtcNow();
            foreach (var entry in entries.Where(e => IsReusable(spec, e, now)))
                reused.Add(entry);
            entries = [.. entries.Where(e => !IsReusable(spec, e, now))];
        }
        var documents = new CrawledDocument[entries.Count];
        var done = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.ArticleConcurrency, CancellationToken = ct };
        await Parallel.ForEachAsync(Enumerable.Range(0, entries.Count), parallel, async (i, token) =>
        {
            var entry = entries[i];
            var fetch = await _fetcher.GetAsync(entry.Url, token, referer: spec.Url).ConfigureAwait(false);
            Remember(fetch);
            documents[i] = new CrawledDocument(entry, fetch, fetch.Succeeded ? await ExtractAsync(entry, fetch, token).ConfigureAwait(false) : null);
            Report(spec, CrawlStage.Article, $"Fetched article {entry.Url}: {fetch.Outcome} {fetch.Status}", Interlocked.Increment(ref done), entries.Count);
        }).ConfigureAwait(false);
        return [.. documents];
    }

    private static async Task<ExtractedArticle> ExtractAsync(ListEntry entry, FetchResult fetch, CancellationToken ct)
    {
        if (!IsHtml(fetch.ContentType))
        {
            // A list entry that is itself a file (a PDF notice): no page fields, the file is the attachment.
            var self = new PageLink(entry.Title, fetch.FinalUrl, IsAttachment: true);
            return new ExtractedArticle(fetch.FinalUrl, entry.Title, null, null, null, null, null, null, null, null, "", [self], []);
        }
        using var doc = await HtmlLoader.LoadAsync(fetch, ct).ConfigureAwait(false);
        return ArticleExtractor.Extract(doc, fetch.FinalUrl);
    }

    private static bool IsHtml(string? contentType) =>
        contentType is null
        || contentType.Contains("html", StringComparison.OrdinalIgnoreCase)
        || contentType.Contains("text/plain", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Checks the links of the given pages, each target once per crawler instance: http(s) targets on allowed hosts, and
    /// with <see cref="CrawlerOptions.CheckExternalLinks"/> those on other hosts too (probed only, never crawled). A
    /// target that is, or resolves to, a loopback or private address is not requested and not listed (see
    /// <see cref="UncheckedNotes"/>); other schemes (mailto:, javascript: …) are ignored.
    /// </summary>
    private async Task<List<LinkCheck>> CheckLinksAsync(SourceSpec spec, IReadOnlyList<(FetchResult Page, IReadOnlyList<PageLink> Links)> pages, CancellationToken ct)
    {
        var work = new List<(Uri Page, Uri Target, string? Sha, bool External)>();
        foreach (var (page, links) in pages)
        {
            var perPage = new HashSet<Uri>();
            foreach (var link in links)
            {
                var target = DomText.WithoutFragment(link.Url);
                if (!HostAllowList.IsHttp(target))
                    continue;
                var external = !_fetcher.AllowedHosts.Allows(target);
                if ((!external || _options.CheckExternalLinks) && perPage.Add(target))
                    work.Add((page.FinalUrl, target, page.Evidence?.Sha256, external));
            }
        }

        var checks = new LinkCheck?[work.Count];
        var done = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.ArticleConcurrency, CancellationToken = ct };
        await Parallel.ForEachAsync(Enumerable.Range(0, work.Count), parallel, async (i, token) =>
        {
            var (page, target, sha, external) = work[i];
            var status = await StatusOfAsync(target, external, token).ConfigureAwait(false);
            if (status.Checked)
                checks[i] = new LinkCheck(page, target, status.Status, status.Error, status.Broken, sha);
            Report(spec, CrawlStage.LinkCheck, $"Checked {target}: {status.Status} {status.Error}", Interlocked.Increment(ref done), work.Count);
        }).ConfigureAwait(false);
        return [.. checks.OfType<LinkCheck>()];
    }

    /// <summary>
    /// Chinese notes for the links of <paramref name="links"/> that were not checked because they point to loopback or
    /// private addresses (at most 20 named, then a count).
    /// </summary>
    /// <summary>List pages whose bytes contradict their declared charset (read as GB18030 instead).</summary>
    private static IEnumerable<string> CharsetNotes(IEnumerable<FetchResult> pages) =>
        pages.Where(HtmlLoader.CharsetMismatch)
            .Select(p => $"字符集声明错误：{p.FinalUrl} 声明为 UTF-8（或未声明），实际内容不是 UTF-8，已按 GB18030 读取");

    private List<string> UncheckedNotes(IEnumerable<PageLink> links)
    {
        var refused = links
            .Select(l => DomText.WithoutFragment(l.Url))
            .Distinct()
            .Select(t => (Target: t, Status: _targets.TryGetValue(t, out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully ? lazy.Value.Result : null))
            .Where(x => x.Status is { Checked: false })
            .ToList();
        List<string> notes = [.. refused.Take(20).Select(x => $"链接未检查：{x.Target.AbsoluteUri}（{x.Status!.Error}）")];
        if (refused.Count > 20)
            notes.Add($"另有{refused.Count - 20}个指向本机或内网地址的链接未检查");
        return notes;
    }

    /// <summary>A page fetched anyway (list page, article) answers later link checks to it instead of a new request.</summary>
    private void Remember(FetchResult fetch)
    {
        var status = new Lazy<Task<TargetStatus>>(Task.FromResult(TargetStatus.Of(fetch)));
        _targets.TryAdd(DomText.WithoutFragment(fetch.RequestedUrl), status);
        _targets.TryAdd(DomText.WithoutFragment(fetch.FinalUrl), status);
    }

    private async Task<TargetStatus> StatusOfAsync(Uri target, bool external, CancellationToken ct)
    {
        var lazy = _targets.GetOrAdd(target, t => new Lazy<Task<TargetStatus>>(async () =>
        {
            if (external && await _fetcher.Guard.RefusalAsync(t, ct).ConfigureAwait(false) is { } refusal)
                return new TargetStatus(null, refusal, Broken: false) { Checked = false };
            var probe = await _fetcher.ProbeAsync(t, ct, external).ConfigureAwait(false);
            var status = TargetStatus.Of(probe);
            // An external host that gives no answer at all (name not resolved, refused, timed out) may be down for us only
            // (no outbound access, a firewall): inconclusive, kept with its error but not called broken. Its 4xx/5xx are.
            return external && probe.Outcome is FetchOutcome.NetworkError or FetchOutcome.Timeout ? status with { Broken = false } : status;
        }));
        try
        {
            return await lazy.Value.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // A check cut short by cancellation says nothing about the target: forget it so a later scan asks again.
            _targets.TryRemove(new KeyValuePair<Uri, Lazy<Task<TargetStatus>>>(target, lazy));
            throw;
        }
    }

    /// <summary>Today in Asia/Shanghai, from the injected clock.</summary>
    private DateOnly Today() => DateOnly.FromDateTime(_time.GetUtcNow().ToOffset(DateText.ShanghaiOffset).DateTime);

    /// <summary>
    /// A listed entry whose article need not be fetched again: known with the same list title and date, and fetched less
    /// than <see cref="CrawlerOptions.RecheckAfter"/> before <paramref name="now"/>.
    /// </summary>
    private bool IsReusable(SourceSpec spec, ListEntry entry, DateTimeOffset now) =>
        spec.Known is { } known
        && known.TryGetValue(entry.Url, out var k)
        && string.Equals(k.Title.Trim(), entry.Title.Trim(), StringComparison.Ordinal)
        && k.ListDate == entry.Date
        && k.LastFetchedAt > now - _options.RecheckAfter;

    private void Report(SourceSpec spec, CrawlStage stage, string message, int done, int total) =>
        _progress?.Report(new CrawlProgress(spec.Id, stage, message, done, total));

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Short Chinese description of a failed fetch, for reasons shown to users.</summary>
    private static string Describe(FetchResult fetch) => fetch.Outcome switch
    {
        FetchOutcome.HttpError => $"HTTP {fetch.Status}",
        FetchOutcome.Timeout => "请求超时",
        FetchOutcome.NetworkError => "网络错误",
        FetchOutcome.TooLarge => "页面超过大小上限",
        FetchOutcome.TooManyRedirects => "重定向次数过多",
        FetchOutcome.Blocked => "重定向到不允许的主机",
        FetchOutcome.CircuitOpen => fetch.Error ?? "主机连续失败，已暂停访问",
        _ => fetch.Error ?? fetch.Outcome.ToString(),
    };

    /// <summary>
    /// What a link check found: broken means a 4xx/5xx answer, or no answer at all (network error, timeout, redirect loop).
    /// Not <see cref="Checked"/>: the target was not requested (loopback or private address).
    /// </summary>
    private sealed record TargetStatus(int? Status, string? Error, bool Broken)
    {
        public bool Checked { get; init; } = true;

        public static TargetStatus Of(FetchResult fetch) => fetch.Outcome switch
        {
            FetchOutcome.Succeeded => new(fetch.Status, null, false),
            FetchOutcome.HttpError => new(fetch.Status, fetch.Error, fetch.Status >= 400),
            FetchOutcome.NetworkError or FetchOutcome.Timeout or FetchOutcome.TooManyRedirects => new(fetch.Status, fetch.Error, true),
            // Blocked: it redirects off the allowed hosts (or to a private address), which we must not follow, so we
            // cannot say it is broken. CircuitOpen: not asked, its host kept failing. TooLarge: the target answered.
            _ => new(fetch.Status, fetch.Error, false),
        };
    }
}

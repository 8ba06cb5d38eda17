using Monitor.Crawler;
using Monitor.Crawler.Evidence;
using Monitor.Crawler.Fetching;
using Monitor.Crawler.Rendering;
using Monitor.Host.Assessments;
using Monitor.Host.Configuration;
using Monitor.Host.Store;
using Monitor.RuleEngine.Calendar;
using Monitor.RuleEngine.Evaluation;
using Monitor.RuleEngine.Loading;
using Monitor.RuleEngine.Rules;

namespace Monitor.Host.Scanning;

/// <summary>What one pass over some sources produced.</summary>
/// <param name="Crawls">The crawls of this pass, in the order of the sources asked for.</param>
/// <param name="Sources">The latest observation of every page source of the deployment (this pass's, else the stored one).</param>
/// <param name="Accounts">The same for account sources.</param>
internal sealed record PassOutcome(
    IReadOnlyList<SourceCrawlResult> Crawls,
    IReadOnlyList<SourceObservation> Sources,
    IReadOnlyList<AccountObservation> Accounts,
    EvaluationResult Evaluation,
    MonitorStore.ScanRecord Record,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt);

/// <summary>
/// The scan machinery shared by <c>monitor scan</c> (every source once) and <c>monitor serve</c> (one source per scheduled
/// job): rules, one fetcher (so per-host politeness, conditional-request validators and circuit breakers span the
/// whole process), evidence, and the pass itself — crawl the given sources, map them, evaluate the whole site with the
/// latest stored observation of every other source, and record it all in one transaction.
/// Passes may run concurrently, also on several nodes of one PostgreSQL store; their evaluate-and-record steps take
/// turns, so each sees the others' results.
/// </summary>
internal sealed class ScanPipeline : IAsyncDisposable
{
    /// <summary>Sources crawled at once within one pass (per-host limits still apply inside the crawler).</summary>
    private const int SourceConcurrency = 4;

    private readonly TimeProvider time;
    private readonly HttpClient http;
    private readonly PageFetcher fetcher;
    // One browser per process, launched on the first script-built page only (a scan without one never starts Chromium).
    private readonly ChromiumRenderer renderer;
    private readonly SemaphoreSlim recordTurn = new(1, 1);

    private ScanPipeline(Deployment deployment, RuleSet rules, WorkingDayCalendar calendar, string stateDirectory, CrawlerOptions options, TimeProvider time)
    {
        Deployment = deployment;
        Rules = rules;
        Calendar = calendar;
        StateDirectory = stateDirectory;
        Options = options;
        this.time = time;
        Directory.CreateDirectory(stateDirectory);
        Store = deployment.Store.Location(stateDirectory);
        EvidenceDirectory = deployment.Store.EvidenceDirectory(stateDirectory);
        Evidence = new FileEvidenceStore(EvidenceDirectory);
        http = new HttpClient(PageFetcher.CreateHandler()) { Timeout = Timeout.InfiniteTimeSpan };
        var hosts = HostAllowList.From(options, deployment.Sources.Select(s => s.Url));
        // Validators live beside the evidence: a 304 answer is served from the stored body.
        fetcher = new PageFetcher(http, options, hosts, Evidence, time, new FileValidatorCache(EvidenceDirectory));
        renderer = new ChromiumRenderer(deployment.Crawler.ToBrowserOptions(), Evidence, time);
    }

    public Deployment Deployment { get; }

    public RuleSet Rules { get; }

    public WorkingDayCalendar Calendar { get; }

    public string StateDirectory { get; }

    public CrawlerOptions Options { get; }

    public FileEvidenceStore Evidence { get; }

    /// <summary>The store (<c>store:</c> of the deployment; default the SQLite file <c>STATE/monitor.db</c>).</summary>
    public StoreLocation Store { get; }

    /// <summary>The evidence folder (<c>store.evidencePath</c>; default <c>STATE/evidence</c>), shared by every node of a cluster.</summary>
    public string EvidenceDirectory { get; }

    /// <summary>Loads the rules (throws <see cref="RulesException"/> when they do not load) and sets up fetching.</summary>
    public static ScanPipeline Open(Deployment deployment, string rulesDirectory, string stateDirectory, TimeProvider time)
    {
        var loaded = RuleSetLoader.Load(rulesDirectory);
        if (loaded.Errors.Count > 0 || loaded.RuleSet is null || loaded.Calendar is null)
        {
            throw new RulesException(loaded.Errors);
        }

        return new ScanPipeline(deployment, loaded.RuleSet, loaded.Calendar, stateDirectory, ScanRunner.CrawlerOptionsFor(deployment), time);
    }

    /// <summary>
    /// Crawls <paramref name="sources"/>, then evaluates the site as of <paramref name="asOf"/> and records the pass.
    /// <paramref name="onCrawled"/> is told about each finished crawl (progress output).
    /// </summary>
    public async Task<PassOutcome> RunAsync(IReadOnlyList<SourceConfig> sources, DateTimeOffset asOf, Action<SourceConfig, SourceCrawlResult>? onCrawled, CancellationToken ct)
    {
        var started = time.GetUtcNow();
        // What was stored of these sources before: documents the crawler may skip, and the previous observations.
        Dictionary<string, MonitorStore.LatestObservation> previous;
        var known = new Dictionary<string, IReadOnlyDictionary<Uri, KnownEntry>?>(StringComparer.Ordinal);
        using (var store = MonitorStore.Open(Store))
        {
            previous = store.LatestObservations().ToDictionary(o => o.SourceId, StringComparer.Ordinal);
            foreach (var source in sources.Where(s => !s.IsAccount && s.Kind == SourceKind.Column))
            {
                known[source.Id] = DocumentHistory.Known(source, store.KnownDocuments(source.Id), previous.GetValueOrDefault(source.Id)?.Source);
            }
        }

        // One crawler per pass: it checks each link target once across the pass's sources.
        var crawler = new SourceCrawler(fetcher, Options, time, renderer: renderer);
        var history = new DocumentHistory(fetcher, Options, time);
        var crawls = new SourceCrawlResult[sources.Count];
        var completed = new SourceObservation?[sources.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, sources.Count),
            new ParallelOptions { MaxDegreeOfParallelism = SourceConcurrency, CancellationToken = ct },
            async (i, token) =>
            {
                var source = sources[i];
                var result = await crawler.CrawlAsync(ToSpec(source) with { Known = known.GetValueOrDefault(source.Id) }, token).ConfigureAwait(false);
                if (!source.IsAccount)
                {
                    var before = previous.GetValueOrDefault(source.Id);
                    var fresh = ObservationMapper.Map(source, ScanRunner.ExpectedItems(source, Rules), result);
                    (completed[i], result) = await history.CompleteAsync(source, fresh, result, Current(source, before?.Source), before?.ObservedAt ?? started, token).ConfigureAwait(false);
                }

                crawls[i] = result;
                onCrawled?.Invoke(source, result);
            }).ConfigureAwait(false);

        await recordTurn.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            using var store = MonitorStore.Open(Store);
            // Nodes of a cluster take turns too (PostgreSQL advisory lock): each evaluates with every other node's latest results.
            using var turn = store.Turn("record:" + Deployment.Site.Id);
            var fresh = new Dictionary<string, (SourceConfig Source, SourceCrawlResult Crawl, SourceObservation? Observation)>(StringComparer.Ordinal);
            for (var i = 0; i < sources.Count; i++)
            {
                fresh[sources[i].Id] = (sources[i], crawls[i], completed[i]);
            }

            var stored = store.LatestObservations().ToDictionary(o => o.SourceId, StringComparer.Ordinal);
            var pageObservations = new List<SourceObservation>();
            var accountObservations = new List<AccountObservation>();
            var newPages = new List<SourceObservation>();
            var newAccounts = new List<AccountObservation>();
            foreach (var source in Deployment.Sources)
            {
                if (fresh.TryGetValue(source.Id, out var run))
                {
                    if (source.IsAccount)
                    {
                        var account = AccountMapper.KeepFirstDetection(
                            AccountMapper.Map(source, run.Crawl), stored.GetValueOrDefault(source.Id)?.Account);
                        accountObservations.Add(account);
                        newAccounts.Add(account);
                    }
                    else
                    {
                        // Page sources were mapped and completed from their history right after their crawl.
                        var page = run.Observation!;
                        pageObservations.Add(page);
                        newPages.Add(page);
                    }
                }
                else if (source.IsAccount)
                {
                    accountObservations.Add(stored.GetValueOrDefault(source.Id)?.Account ?? NotYetAccount(source));
                }
                else
                {
                    pageObservations.Add(Current(source, stored.GetValueOrDefault(source.Id)?.Source) ?? NotYetSource(source));
                }
            }

            // The homepage's availability comes from the continuous probes of `monitor serve` (none: not assessed).
            if (Rules.SiteChecks.Availability is { } availability)
            {
                for (var i = 0; i < pageObservations.Count; i++)
                {
                    if (pageObservations[i].Kind == SourceKind.Homepage && store.Availability(pageObservations[i].SourceId, asOf, availability.WindowDays) is { } window)
                    {
                        pageObservations[i] = pageObservations[i] with { Availability = window };
                    }
                }
            }

            var departments = Deployment.Departments.Select(d => d.ToInfo()).ToList();
            var evaluation = Evaluator.Evaluate(
                new EvaluationInput(asOf, pageObservations, departments, Deployment.SupervisionOfficeId, accountObservations.Count > 0 ? accountObservations : null),
                Rules,
                Calendar);
            var finished = time.GetUtcNow();
            var record = store.RecordPass(new PassRecord(
                Deployment.Site.Id, started, finished, asOf, evaluation.CatalogVersion, crawls, evaluation.Sources, evaluation.Findings, newPages, newAccounts));
            // The API and the reports read the newest evaluation of the whole site from here.
            store.SaveLiveAssessment(
                Assessment.Build(Assessment.LiveId, Assessment.LiveKind, Deployment, Rules, evaluation, record.ScanId, []), finished);
            return new PassOutcome(crawls, pageObservations, accountObservations, evaluation, record, started, finished);
        }
        finally
        {
            recordTurn.Release();
        }
    }

    /// <summary>
    /// One availability probe of <paramref name="url"/> (<c>monitor serve</c>): a GET that must answer within
    /// <paramref name="timeout"/>, over this pipeline's connections and allowed hosts, but with a fetcher of its own:
    /// no retry (a retry would hide the failure being measured), no circuit breaker (an open one is not a measurement),
    /// no per-host queue behind the crawl, and no evidence (24 copies of the homepage a day prove nothing).
    /// Failures come back as data; only <paramref name="ct"/> throws.
    /// </summary>
    public Task<FetchResult> ProbeAsync(Uri url, TimeSpan timeout, CancellationToken ct)
    {
        var probe = new PageFetcher(http, Options with { RequestTimeout = timeout, MaxRetries = 0 }, fetcher.AllowedHosts, Monitor.Host.Service.DiscardedEvidence.Instance, time);
        return probe.GetAsync(url, ct);
    }

    public async ValueTask DisposeAsync()
    {
        await renderer.DisposeAsync().ConfigureAwait(false);
        http.Dispose();
        recordTurn.Dispose();
    }

    internal static SourceSpec ToSpec(SourceConfig source) =>
        new(source.Id, source.Url, source.Channel switch
        {
            SourceChannel.WeChatFeed => SourceType.Feed,
            SourceChannel.WeChatList => SourceType.AccountList,
            _ => source.Kind == SourceKind.Homepage ? SourceType.Homepage : SourceType.Column,
        }, source.CutOff)
        {
            Render = source.Render,
        };

    /// <summary>A stored observation still describes the source only when the config agrees on what it is.</summary>
    private SourceObservation? Current(SourceConfig source, SourceObservation? stored) =>
        stored is null || stored.Kind != source.Kind
            ? null
            : stored with
            {
                Url = source.Url.ToString(),
                DepartmentId = source.DepartmentId,
                ColumnType = source.ColumnType,
                ExpectedItemIds = ScanRunner.ExpectedItems(source, Rules),
                Name = source.Name,
            };

    private SourceObservation NotYetSource(SourceConfig source) => new(
        source.Id, source.Url.ToString(), source.DepartmentId, source.Kind, source.ColumnType, ScanRunner.ExpectedItems(source, Rules),
        false, "尚未采集", [], null, [], [], source.Name);

    private static AccountObservation NotYetAccount(SourceConfig source) => new(
        source.Id, source.Name, source.Platform, source.Url.ToString(), source.DepartmentId, false, "尚未采集", null, []);
}

using Monitor.Host.Alerting;
using Monitor.Host.Logging;
using Monitor.Host.Metrics;
using Monitor.RuleEngine.Evaluation;

namespace Monitor.Host.Configuration;

/// <summary>One deployment: the site, its sources and its departments (a folder such as <c>config/sample</c>).</summary>
internal sealed record Deployment(
    string Directory,
    SiteConfig Site,
    CrawlerConfig Crawler,
    MailConfig Mail,
    IReadOnlyList<SourceConfig> Sources,
    IReadOnlyList<DepartmentConfig> Departments,
    string SupervisionOfficeId)
{
    /// <summary>Where a scan's points go (<c>metrics:</c>); null: no points are written.</summary>
    public MetricsOptions? Metrics { get; init; }

    /// <summary>Console, rolling file and Seq settings (<c>logging:</c>).</summary>
    public LoggingOptions Logging { get; init; } = LoggingOptions.Default;

    /// <summary>Alert dispatch and the SMTP server (<c>alerting:</c>); defaults when the section is absent.</summary>
    public AlertingConfig Alerting { get; init; } = new();

    /// <summary>How <c>monitor serve</c> probes, dispatches, starts and stops (<c>serve:</c>); defaults when the section is absent.</summary>
    public Monitor.Host.Service.ServeConfig Serve { get; init; } = new();

    /// <summary>The assessor API of <c>monitor serve</c> (<c>api:</c>); defaults when the section is absent.</summary>
    public Monitor.Host.Api.ApiOptions Api { get; init; } = new();

    /// <summary>Where the state lives (<c>store:</c>): the SQLite file in the state folder when absent, else PostgreSQL.</summary>
    public Monitor.Host.Store.StoreConfig Store { get; init; } = new();

    /// <summary>Every secret the deployment holds (for masking in logs).</summary>
    public IEnumerable<Secret?> Secrets => (Metrics?.Secrets ?? []).Append(Logging.SeqApiKey).Concat(Alerting.Secrets).Append(Store.Password);

    public DepartmentConfig? Department(string id) => Departments.FirstOrDefault(d => d.Id == id);

    /// <summary>The same deployment pointed at another base URL (the demo's portal listens on a free port).</summary>
    public Deployment WithBaseUrl(Uri baseUrl) => this with
    {
        Site = Site with { BaseUrl = baseUrl },
        Sources = [.. Sources.Select(s => s with { Url = new Uri(baseUrl, s.RawUrl) })],
    };
}

/// <summary>The portal being monitored.</summary>
/// <param name="Id">Short id used in metrics and file names.</param>
/// <param name="Name">Display name (Chinese).</param>
/// <param name="BaseUrl">Base for relative source URLs.</param>
internal sealed record SiteConfig(string Id, string Name, Uri BaseUrl);

/// <summary>Crawler settings of a deployment (defaults in <see cref="Monitor.Crawler.CrawlerOptions"/>).</summary>
internal sealed record CrawlerConfig(
    TimeSpan? RequestTimeout,
    int? PerHostConcurrency,
    TimeSpan? PerHostMinDelay,
    int? MaxResponseBytes,
    int? MaxListPages,
    IReadOnlyList<string> AllowedHosts,
    string? UserAgent)
{
    /// <summary>Chromium for script-built list pages (<c>browserPath</c>); null: <see cref="Monitor.Crawler.Rendering.BrowserOptions.ExecutablePath"/> (/usr/bin/chromium).</summary>
    public string? BrowserPath { get; init; }

    /// <summary>Pages rendered at once (<c>browserPages</c>); null: the default, 3.</summary>
    public int? BrowserPages { get; init; }

    /// <summary>Time allowed for one render (<c>browserTimeout</c>); null: the default, 20 seconds.</summary>
    public TimeSpan? BrowserTimeout { get; init; }

    /// <summary>Extra attempts after a transient failure (<c>maxRetries</c>); null: the default, 2.</summary>
    public int? MaxRetries { get; init; }

    /// <summary>Back-off base, doubling per retry with full jitter (<c>retryBaseDelay</c>); null: the default, 1 second.</summary>
    public TimeSpan? RetryBaseDelay { get; init; }

    /// <summary>Longest Retry-After waited for (<c>maxRetryAfter</c>); null: the default, 60 seconds.</summary>
    public TimeSpan? MaxRetryAfter { get; init; }

    /// <summary>Failures in a row that open a host's circuit breaker (<c>circuitBreakerFailures</c>); null: the default, 5.</summary>
    public int? CircuitBreakerFailures { get; init; }

    /// <summary>How long an open circuit refuses requests (<c>circuitBreakerCooldown</c>); null: the default, 2 minutes.</summary>
    public TimeSpan? CircuitBreakerCooldown { get; init; }

    /// <summary>Let links reach loopback/private addresses (<c>allowPrivateAddresses</c>); null: the default, false.</summary>
    public bool? AllowPrivateAddresses { get; init; }

    /// <summary>Check links to other hosts too (<c>checkExternalLinks</c>); null: the default, true.</summary>
    public bool? CheckExternalLinks { get; init; }

    /// <summary>Known unchanged documents are fetched again after this (<c>recheckAfter</c>); null: the default, 7 days.</summary>
    public TimeSpan? RecheckAfter { get; init; }

    /// <summary>Pagination stops at a page of known entries older than this (<c>incrementalWindow</c>); null: the default, 30 days.</summary>
    public TimeSpan? IncrementalWindow { get; init; }

    /// <summary>Entries read per source (<c>maxArticlesPerSource</c>); null: the default, 5000.</summary>
    public int? MaxArticlesPerSource { get; init; }

    /// <summary>The browser settings, defaults filled in.</summary>
    public Monitor.Crawler.Rendering.BrowserOptions ToBrowserOptions()
    {
        var defaults = new Monitor.Crawler.Rendering.BrowserOptions();
        return defaults with
        {
            ExecutablePath = BrowserPath ?? defaults.ExecutablePath,
            MaxPages = BrowserPages ?? defaults.MaxPages,
            Timeout = BrowserTimeout ?? defaults.Timeout,
        };
    }
}

/// <summary>Who warning mails come from.</summary>
internal sealed record MailConfig(string FromName, string FromAddress, string? ReportUrl);

/// <summary>One source to monitor.</summary>
/// <param name="RawUrl">As written in the file (absolute, or relative to the site's base URL).</param>
/// <param name="Url">Resolved absolute URL.</param>
/// <param name="ColumnType">动态要闻, 通知公告, 政策文件, 信息公开目录, 首页 …: decides the freshness limit.</param>
/// <param name="ItemIds">Catalog items expected in this source.</param>
/// <param name="CutOff">Stop paginating at entries older than this date (null: read to the end).</param>
internal sealed record SourceConfig(
    string Id,
    string Name,
    string RawUrl,
    Uri Url,
    SourceKind Kind,
    string ColumnType,
    string DepartmentId,
    IReadOnlyList<string> ItemIds,
    IReadOnlyList<string> Areas,
    DateOnly? CutOff)
{
    /// <summary>Portal page (homepage or column, by <see cref="Kind"/>), or a WeChat account mirror (feed or list page).</summary>
    public SourceChannel Channel { get; init; } = SourceChannel.Page;

    /// <summary>Static fetch, browser, or decided by the page (<c>render:</c>, default auto).</summary>
    public Monitor.Crawler.RenderMode Render { get; init; } = Monitor.Crawler.RenderMode.Auto;

    /// <summary>Quartz cron expression (Asia/Shanghai) overriding the default of the column type (<c>schedule:</c>); null: default.</summary>
    public string? Schedule { get; init; }

    /// <summary>New-media platform of an account source (<c>platform:</c>, default 微信公众号).</summary>
    public string Platform { get; init; } = "微信公众号";

    /// <summary>True for WeChat account mirrors: observed as accounts (stale-account), not as columns.</summary>
    public bool IsAccount => Channel != SourceChannel.Page;
}

/// <summary>How a source is read.</summary>
internal enum SourceChannel
{
    /// <summary>A portal page: homepage or column list (<c>type: homepage | column</c>).</summary>
    Page,

    /// <summary>An RSS/Atom feed of a WeChat account's articles (<c>type: wechat-feed</c>).</summary>
    WeChatFeed,

    /// <summary>A mirror's list page of a WeChat account's articles (<c>type: wechat-list</c>).</summary>
    WeChatList,
}

/// <summary>A department, office or town and how to reach it.</summary>
internal sealed record DepartmentConfig(
    string Id,
    string Name,
    DepartmentKind Kind,
    IReadOnlyList<string> Subjects,
    IReadOnlyList<ContactConfig> Contacts,
    ContactConfig? Leader)
{
    public DepartmentInfo ToInfo() => new(Id, Name, Kind);
}

/// <summary>A person or mailbox to notify.</summary>
internal sealed record ContactConfig(string Name, string? Email, string? Mobile, string? Webhook);

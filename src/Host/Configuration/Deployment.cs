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

    /// <summary>Every secret the deployment holds (for masking in logs).</summary>
    public IEnumerable<Secret?> Secrets => (Metrics?.Secrets ?? []).Append(Logging.SeqApiKey).Concat(Alerting.Secrets);

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
    string? UserAgent);

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

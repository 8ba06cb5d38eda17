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
    DateOnly? CutOff);

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

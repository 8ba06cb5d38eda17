using System.Diagnostics;
using System.Globalization;
using Monitor.Alerting.Mail;
using Monitor.Crawler;
using Monitor.Crawler.Evidence;
using Monitor.Crawler.Fetching;
using Monitor.Host.Configuration;
using Monitor.Host.Logging;
using Monitor.Host.Metrics;
using Monitor.Host.Output;
using Monitor.Host.Reports;
using Monitor.Host.Store;
using Monitor.RuleEngine.Evaluation;
using Monitor.RuleEngine.Loading;
using Monitor.RuleEngine.Rules;

namespace Monitor.Host.Scanning;

/// <summary>What one scan is asked to do.</summary>
/// <param name="Deployment">Sources, departments and crawler settings.</param>
/// <param name="RulesDirectory">Catalog, site checks and calendar.</param>
/// <param name="AsOf">The time the evaluation is made for (Asia/Shanghai offset).</param>
/// <param name="OutDirectory">Where findings.json, report.html and mails/ are written.</param>
/// <param name="StateDirectory">Where the SQLite store and the evidence blobs live.</param>
/// <param name="WriteMails">Write the warning mails each department would receive as .eml files.</param>
internal sealed record ScanRequest(
    Deployment Deployment,
    string RulesDirectory,
    DateTimeOffset AsOf,
    string OutDirectory,
    string StateDirectory,
    bool WriteMails);

/// <summary>What one scan produced.</summary>
internal sealed record ScanOutcome(
    EvaluationResult Evaluation,
    IReadOnlyList<SourceCrawlResult> Crawls,
    MonitorStore.ScanRecord Record,
    ReportModel Report,
    string FindingsPath,
    string ReportPath,
    IReadOnlyList<string> MailPaths,
    TimeSpan Elapsed,
    MetricsWriteReport? Metrics = null);

/// <summary>Rule files that failed to load; the scan does not start.</summary>
internal sealed class RulesException(IReadOnlyList<RuleLoadError> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<RuleLoadError> Errors { get; } = errors;
}

/// <summary>
/// One pass over every source of a deployment: crawl, map, evaluate, store, write outputs.
/// Sources are crawled concurrently; the crawler's per-host limits keep that polite.
/// </summary>
internal sealed class ScanRunner(TimeProvider time, TextWriter progress)
{
    public async Task<ScanOutcome> RunAsync(ScanRequest request, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var deployment = request.Deployment;
        Directory.CreateDirectory(request.OutDirectory);
        await using var pipeline = ScanPipeline.Open(deployment, request.RulesDirectory, request.StateDirectory, time);

        progress.WriteLine($"开始采集 {deployment.Site.Name}：{deployment.Sources.Count} 个来源");
        var pass = await pipeline.RunAsync(deployment.Sources, request.AsOf, (source, result) =>
        {
            lock (progress)
            {
                progress.WriteLine(result.Succeeded
                    ? $"  ✓ {source.Name}（{source.Id}）：列表 {result.ListPages.Count} 页，文档 {result.Documents.Count} 篇，检查链接 {result.Links.Count} 个，用时 {result.Elapsed.TotalSeconds:0.0} 秒"
                    : $"  ✗ {source.Name}（{source.Id}）：未评估，{result.FailureReason}");
                foreach (var note in result.Notes.Take(3))
                {
                    progress.WriteLine($"      注：{note}");
                }

                if (result.Notes.Count > 3)
                {
                    progress.WriteLine($"      注：另有 {result.Notes.Count - 3} 条，见 findings.json");
                }
            }
        }, ct).ConfigureAwait(false);

        var evaluation = pass.Evaluation;
        var crawls = pass.Crawls;
        var record = pass.Record;
        var observations = pass.Sources;
        var departments = deployment.Departments.Select(d => d.ToInfo()).ToList();

        var metrics = await WriteMetricsAsync(request, departments, observations, evaluation, crawls, clock.Elapsed, ct).ConfigureAwait(false);

        var sourceNames = deployment.Sources.ToDictionary(s => s.Id, s => s.Name, StringComparer.Ordinal);
        string DepartmentName(string id) => deployment.Department(id)?.Name ?? id;
        string SourceName(string id) => sourceNames.GetValueOrDefault(id, id);

        var findingsPath = Path.Combine(request.OutDirectory, "findings.json");
        var document = FindingsJson.Build(
            new FindingsJson.SiteDto(deployment.Site.Id, deployment.Site.Name, deployment.Site.BaseUrl.ToString()),
            request.AsOf,
            evaluation.CatalogVersion,
            evaluation.Warnings,
            evaluation.Sources,
            evaluation.Findings,
            evaluation.Scores,
            evaluation.SiteChecks,
            DepartmentName,
            SourceName,
            id => crawls.FirstOrDefault(c => c.SourceId == id)?.Notes ?? []);
        await FindingsJson.WriteAsync(document, findingsPath, ct).ConfigureAwait(false);

        var report = new ReportModel(
            deployment.Site.Name,
            request.AsOf,
            evaluation.CatalogVersion,
            departments,
            evaluation.Sources,
            sourceNames,
            evaluation.Findings,
            evaluation.Scores,
            evaluation.Warnings);
        var reportPath = Path.Combine(request.OutDirectory, "report.html");
        await File.WriteAllTextAsync(reportPath, HtmlReport.Render(report), ct).ConfigureAwait(false);

        var mails = request.WriteMails
            ? await WriteMailsAsync(deployment, evaluation, sourceNames, request, ct).ConfigureAwait(false)
            : [];

        return new ScanOutcome(evaluation, crawls, record, report, findingsPath, reportPath, mails, clock.Elapsed, metrics);
    }

    /// <summary>Writes the scan's points when the deployment has a <c>metrics:</c> section; an unavailable server leaves them buffered.</summary>
    private async Task<MetricsWriteReport?> WriteMetricsAsync(
        ScanRequest request,
        IReadOnlyList<DepartmentInfo> departments,
        IReadOnlyList<SourceObservation> observations,
        EvaluationResult evaluation,
        IReadOnlyList<SourceCrawlResult> crawls,
        TimeSpan elapsed,
        CancellationToken ct)
    {
        var deployment = request.Deployment;
        if (deployment.Metrics is not { } options)
        {
            return null;
        }

        using var logging = LogPipeline.Create(deployment.Logging, Path.Combine(request.StateDirectory, "logs"), deployment.Secrets);
        using var writer = MetricsWriter.Create(options, request.StateDirectory, logging.Logger);
        var points = MetricPoints.ForScan(new ScanMetricsInput(deployment.Site.Id, departments, observations, evaluation, crawls, elapsed));
        var report = await writer.WriteAsync(points, ct).ConfigureAwait(false);
        progress.WriteLine(report.Error is null
            ? $"指标写入：{report.Written} 个数据点已写入 {options.Url}"
            : $"指标暂存：时序库不可用，{report.Pending} 个数据点在本地缓冲区等待补写（{report.Error}）");
        return report;
    }

    /// <summary>Items a source is expected to carry: its explicit list plus every checkable item of its areas.</summary>
    internal static IReadOnlyList<string> ExpectedItems(SourceConfig source, RuleSet rules)
    {
        if (source.Areas.Count == 0)
        {
            return source.ItemIds;
        }

        return [.. source.ItemIds.Concat(rules.Items.Where(i => source.Areas.Contains(i.Area, StringComparer.Ordinal)).Select(i => i.Id)).Distinct(StringComparer.Ordinal)];
    }

    internal static CrawlerOptions CrawlerOptionsFor(Deployment deployment)
    {
        var c = deployment.Crawler;
        var defaults = new CrawlerOptions();
        var allowed = c.AllowedHosts.Count > 0
            ? c.AllowedHosts
            : deployment.Sources.Select(s => s.Url.IsDefaultPort ? s.Url.Host : $"{s.Url.Host}:{s.Url.Port}").Distinct(StringComparer.OrdinalIgnoreCase);
        var options = defaults with
        {
            RequestTimeout = c.RequestTimeout ?? defaults.RequestTimeout,
            PerHostConcurrency = c.PerHostConcurrency ?? defaults.PerHostConcurrency,
            PerHostMinDelay = c.PerHostMinDelay ?? defaults.PerHostMinDelay,
            MaxResponseBytes = c.MaxResponseBytes ?? defaults.MaxResponseBytes,
            MaxListPages = c.MaxListPages ?? defaults.MaxListPages,
            UserAgent = c.UserAgent ?? defaults.UserAgent,
            AllowedHosts = new HashSet<string>(allowed, StringComparer.OrdinalIgnoreCase),
            MaxRetries = c.MaxRetries ?? defaults.MaxRetries,
            RetryBaseDelay = c.RetryBaseDelay ?? defaults.RetryBaseDelay,
            MaxRetryAfter = c.MaxRetryAfter ?? defaults.MaxRetryAfter,
            CircuitBreakerFailures = c.CircuitBreakerFailures ?? defaults.CircuitBreakerFailures,
            CircuitBreakerCooldown = c.CircuitBreakerCooldown ?? defaults.CircuitBreakerCooldown,
            AllowPrivateAddresses = c.AllowPrivateAddresses ?? defaults.AllowPrivateAddresses,
            CheckExternalLinks = c.CheckExternalLinks ?? defaults.CheckExternalLinks,
            RecheckAfter = c.RecheckAfter ?? defaults.RecheckAfter,
            IncrementalWindow = c.IncrementalWindow ?? defaults.IncrementalWindow,
            MaxArticlesPerSource = c.MaxArticlesPerSource ?? defaults.MaxArticlesPerSource,
        };
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ConfigException([.. errors.Select(e => new ConfigError(Path.Combine(deployment.Directory, "deployment.yaml"), 0, 0, "crawler", e))]);
        }

        return options;
    }

    private static async Task<IReadOnlyList<string>> WriteMailsAsync(
        Deployment deployment,
        EvaluationResult evaluation,
        IReadOnlyDictionary<string, string> sourceNames,
        ScanRequest request,
        CancellationToken ct)
    {
        var folder = Path.Combine(request.OutDirectory, "mails");
        Directory.CreateDirectory(folder);
        foreach (var stale in Directory.EnumerateFiles(folder, "*.eml"))
        {
            File.Delete(stale);
        }

        var options = new WarningMailOptions
        {
            From = new MailContact(deployment.Mail.FromName, deployment.Mail.FromAddress),
            SiteName = deployment.Site.Name,
            ReportUrl = deployment.Mail.ReportUrl,
        };
        var paths = new List<string>();
        foreach (var department in deployment.Departments)
        {
            var findings = evaluation.Findings.Where(f => f.DepartmentId == department.Id).ToList();
            var to = department.Contacts.Where(c => c.Email is not null).Select(c => new MailContact(c.Name, c.Email!)).ToList();
            if (findings.Count == 0 || to.Count == 0)
            {
                continue;
            }

            var message = WarningMailComposer.Compose(new DepartmentMailInput(department.ToInfo(), to, findings, sourceNames), options, request.AsOf);
            var path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{department.Id}.eml"));
            await WarningMailComposer.WriteEmlAsync(message, path, ct).ConfigureAwait(false);
            paths.Add(path);
        }

        return paths;
    }
}

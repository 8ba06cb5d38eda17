using Monitor.Alerting;
using System.Globalization;
using Monitor.Host.Configuration;
using Monitor.Host.Reports;
using Monitor.Host.Scanning;
using Monitor.RuleEngine.Evaluation;
using Monitor.SamplePortal;

namespace Monitor.Host.Demo;

/// <summary>What the demo is asked to do.</summary>
/// <param name="AsOf">The as-of date the portal is generated for and evaluated at (00:00 Asia/Shanghai).</param>
/// <param name="Portal">Generator options (seed, size, disabled faults, source fault modes); its AsOf is replaced by <paramref name="AsOf"/>.</param>
/// <param name="RequestTimeout">Overrides the sample config's request timeout (tests use a short one for hanging sources).</param>
/// <param name="RecheckAfter">Overrides the sample config's re-check age of known documents (zero: re-request every listed document).</param>
internal sealed record DemoRequest(
    DateOnly AsOf,
    PortalOptions Portal,
    string OutDirectory,
    string RulesDirectory,
    string ConfigDirectory,
    TimeSpan? RequestTimeout = null,
    TimeSpan? RecheckAfter = null);

/// <summary>What the demo produced.</summary>
internal sealed record DemoOutcome(ScanOutcome Scan, PortalManifest Manifest, ManifestComparison Comparison, string ManifestPath);

/// <summary>
/// <c>monitor demo</c>: starts the sample portal on loopback, scans it once with <c>config/sample</c>,
/// writes findings, report, mails and the portal's ground-truth manifest, and checks the findings against it.
/// </summary>
internal sealed class DemoRunner(TimeProvider time, TextWriter output)
{
    public async Task<DemoOutcome> RunAsync(DemoRequest request, CancellationToken ct)
    {
        await using var portal = await SamplePortalServer.StartAsync(request.Portal with { AsOf = request.AsOf }, ct).ConfigureAwait(false);
        output.WriteLine($"示例门户已启动：{portal.BaseUrl}（种子 {request.Portal.Seed}，基准日 {request.AsOf:yyyy-MM-dd}）");

        var deployment = DeploymentLoader.Load(request.ConfigDirectory).WithBaseUrl(portal.BaseUrl);
        if (request.RequestTimeout is { } timeout)
        {
            deployment = deployment with { Crawler = deployment.Crawler with { RequestTimeout = timeout } };
        }

        if (request.RecheckAfter is { } recheck)
        {
            deployment = deployment with { Crawler = deployment.Crawler with { RecheckAfter = recheck } };
        }

        var asOf = ChinaTime.StartOf(request.AsOf);
        var scan = await new ScanRunner(time, output).RunAsync(
            new ScanRequest(deployment, request.RulesDirectory, asOf, request.OutDirectory, Path.Combine(request.OutDirectory, "state"), WriteMails: true),
            ct).ConfigureAwait(false);

        var manifestPath = Path.Combine(request.OutDirectory, "manifest.json");
        await File.WriteAllTextAsync(manifestPath, portal.Manifest.ToJson(), ct).ConfigureAwait(false);
        // Without Chromium (a fresh machine) the script-built column cannot be read: not assessed, never a violation, and
        // not a wrong answer of the self-check either.
        var machineBound = scan.Evaluation.Sources.Where(s => !s.Assessed && s.Reason?.StartsWith("浏览器不可用", StringComparison.Ordinal) == true).ToList();
        var comparison = ManifestComparison.Compare(portal.Manifest, scan.Evaluation.Findings, machineBound);

        output.WriteLine();
        output.Write(ConsoleSummary.Render(scan.Report));
        output.WriteLine();
        output.WriteLine("演示自检（与示例门户植入问题清单对照）：");
        foreach (var kind in comparison.Kinds)
        {
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {kind.Kind,-18} 植入 {kind.Planted,2}  发现 {kind.Found,2}  精确率 {kind.Precision * 100:0}%  召回率 {kind.Recall * 100:0}%"));
        }

        foreach (var missed in comparison.Missed)
        {
            output.WriteLine($"  未发现：{missed.Id} {missed.Description}");
        }

        foreach (var extra in comparison.Unexpected)
        {
            output.WriteLine($"  多报：{extra.Kind.ToWire()} {extra.SourceId} {extra.Message}");
        }

        foreach (var skipped in comparison.Skipped)
        {
            output.WriteLine($"  未对照：{skipped.SourceId}（{skipped.Reason}；安装 chromium 后可评估，该栏目未植入问题）");
        }

        output.WriteLine();
        output.WriteLine($"结果文件：{scan.FindingsPath}");
        output.WriteLine($"监测报告：{scan.ReportPath}");
        output.WriteLine($"预警邮件：{scan.MailPaths.Count} 封，位于 {Path.Combine(request.OutDirectory, "mails")}");
        output.WriteLine($"植入清单：{manifestPath}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"用时 {scan.Elapsed.TotalSeconds:0.0} 秒"));
        return new DemoOutcome(scan, portal.Manifest, comparison, manifestPath);
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Monitor.Crawl.Bench;

/// <summary>What the static mode needs.</summary>
/// <param name="News">Documents per news column of the sample portal.</param>
/// <param name="AsOf">The portal's as-of date, also the scan's.</param>
/// <param name="MonitorDll">The Release build of the monitor (monitor.dll).</param>
/// <param name="ConfigDirectory">The deployment to copy (config/sample).</param>
/// <param name="RulesDirectory">Rules folder.</param>
/// <param name="Concurrency">perHostConcurrency of the scan.</param>
/// <param name="WrkSeconds">Duration of the wrk run; 0 skips it.</param>
internal sealed record StaticRequest(
    int News,
    DateOnly AsOf,
    string MonitorDll,
    string ConfigDirectory,
    string RulesDirectory,
    int Concurrency,
    int WrkSeconds);

/// <summary>
/// The <c>static</c> mode: the sample portal in a child process; wrk against a mix of its pages (its ceiling on this
/// machine); then <c>monitor scan</c> twice into one state folder, each under <c>/usr/bin/time -v</c> with the process
/// tree's memory sampled; the portal's request counters give the pages fetched, the 304 answers and the re-scan share.
/// </summary>
internal static partial class StaticBench
{
    private static readonly TimeSpan ScanTimeout = TimeSpan.FromMinutes(40);

    public static async Task<int> RunAsync(StaticRequest request)
    {
        var work = Directory.CreateTempSubdirectory("crawl-bench-").FullName;
        try
        {
            return await RunInAsync(request, work).ConfigureAwait(false);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<int> RunInAsync(StaticRequest request, string work)
    {
        var pathsFile = Path.Combine(work, "paths.txt");
        var started = Stopwatch.StartNew();
        await using var portal = await PortalProcess.StartAsync(request.News, request.AsOf, pathsFile).ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"portal: news-per-column {request.News}, {portal.PagesLine}, serving at {portal.BaseUrl} after {started.Elapsed.TotalSeconds:0.0} s"));

        double? ceiling = null;
        if (request.WrkSeconds > 0)
        {
            ceiling = await WrkAsync(portal, pathsFile, request.WrkSeconds).ConfigureAwait(false);
        }

        var config = WriteConfig(request, portal.BaseUrl, Path.Combine(work, "config"), recheckEverything: false);
        var state = Path.Combine(work, "state");
        var first = await ScanAsync(request, portal, config, state, Path.Combine(work, "out-1"), "scan 1 (empty state)", ceiling, null).ConfigureAwait(false);
        var second = await ScanAsync(request, portal, config, state, Path.Combine(work, "out-2"), "scan 2 (same state)", ceiling, first).ConfigureAwait(false);
        // The same state once every stored document is due again (as after recheckAfter): listed documents are
        // requested conditionally; pagination still stops at old known pages (incrementalWindow).
        var due = WriteConfig(request, portal.BaseUrl, Path.Combine(work, "config-due"), recheckEverything: true);
        var third = await ScanAsync(request, portal, due, state, Path.Combine(work, "out-3"), "scan 3 (same state, recheckAfter 0s)", ceiling, first).ConfigureAwait(false);
        return first.ExitCode == 0 && second.ExitCode == 0 && third.ExitCode == 0 ? 0 : 1;
    }

    /// <returns>Requests per second wrk reached, or null when it failed.</returns>
    private static async Task<double?> WrkAsync(PortalProcess portal, string pathsFile, int seconds)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "portal-mix.lua");
        var info = new ProcessStartInfo("wrk")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-t2", "-c8", $"-d{seconds}s", "--timeout", "10s", "--latency", "-s", script, portal.BaseUrl.AbsoluteUri })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["CRAWL_BENCH_PATHS"] = pathsFile;
        await portal.ResetAsync().ConfigureAwait(false);
        var load = Machine.Load();
        var (exit, output, error) = await RunAsync(info, TimeSpan.FromSeconds(seconds + 60)).ConfigureAwait(false);
        var counts = await portal.CountsAsync().ConfigureAwait(false);
        var rps = Match(WrkRate(), output);
        var transfer = WrkTransfer().Match(output) is { Success: true } t ? t.Groups[1].Value : "?";
        var summary = output.Split('\n').FirstOrDefault(l => l.StartsWith("wrk-summary", StringComparison.Ordinal)) ?? "(no summary)";
        if (exit != 0 || rps is null)
        {
            Console.WriteLine($"wrk: failed (exit {exit}): {error.Trim()} {output.Trim()}");
            return null;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrk -t2 -c8 -d{seconds}s (page mix): {rps:0} requests/s, {transfer}/s; {summary}; portal counted {counts}, {counts.Get("cpu_ms") * 1000.0 / Math.Max(1, counts.Total):0} µs portal CPU per request (load {load} → {Machine.Load()})"));
        return rps;
    }

    private sealed record ScanFigures(int ExitCode, double WallSeconds, long Requests);

    private static async Task<ScanFigures> ScanAsync(
        StaticRequest request, PortalProcess portal, string config, string state, string output, string label, double? ceiling, ScanFigures? previous)
    {
        var timeFile = output + ".time";
        var info = new ProcessStartInfo("/usr/bin/time")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(request.RulesDirectory))!,
        };
        foreach (var arg in new[]
        {
            "-v", "-o", timeFile, "dotnet", request.MonitorDll, "scan", "--config", config, "--out", output, "--state", state,
            "--rules", Path.GetFullPath(request.RulesDirectory), "--as-of", request.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        })
        {
            info.ArgumentList.Add(arg);
        }

        await portal.ResetAsync().ConfigureAwait(false);
        var load = Machine.Load();
        var clock = Stopwatch.StartNew();
        int exit;
        string stdout, stderr;
        double peakPss, peakRss;
        int processes;
        {
            using var process = Process.Start(info) ?? throw new InvalidOperationException("monitor scan did not start");
            var tree = ProcessTree.Watch(process.Id);
            (exit, stdout, stderr) = await WaitAsync(process, ScanTimeout).ConfigureAwait(false);
            await tree.DisposeAsync().ConfigureAwait(false);
            (peakPss, peakRss, processes) = (tree.PeakPssMib, tree.PeakRssMib, tree.PeakProcesses);
        }

        var elapsed = clock.Elapsed.TotalSeconds;
        var counts = await portal.CountsAsync().ConfigureAwait(false);
        var time = File.Exists(timeFile) ? await File.ReadAllTextAsync(timeFile).ConfigureAwait(false) : "";
        var maxRssKib = TimeMaxRss().Match(time) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var cpu = TimeSeconds(TimeUser(), time) + TimeSeconds(TimeSystem(), time);
        var documents = Documents().Matches(stdout).Sum(d => int.Parse(d.Groups[1].Value, CultureInfo.InvariantCulture));
        var sources = SourceLine().Matches(stdout).Count;
        var failed = stdout.Split('\n').Count(l => l.TrimStart().StartsWith('✗'));
        // The largest source, to see that no list was cut (tzgg lists twice news-per-column entries).
        var largest = SourceFigures().Matches(stdout).MaxBy(s => int.Parse(s.Groups[3].Value, CultureInfo.InvariantCulture)) is { } big
            ? $"largest {big.Groups[1].Value}: {big.Groups[2].Value} list pages, {big.Groups[3].Value} documents"
            : "no source line";
        var pagesPerSecond = counts.Total / elapsed;
        var active = counts.Get("active_ms") / 1000.0;
        var activeRate = active > 0 ? counts.Total / active : 0;

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{label}: exit {exit}, wall {elapsed:0.0} s, requests {counts.Total} ({counts}), ");
        text.Append(CultureInfo.InvariantCulture, $"{pagesPerSecond:0} requests/s over the wall time");
        text.Append(CultureInfo.InvariantCulture, $", {activeRate:0} requests/s while fetching (first to last request {active:0.0} s)");
        if (ceiling is { } c)
        {
            text.Append(CultureInfo.InvariantCulture, $" = {pagesPerSecond / c:P1} / {activeRate / c:P1} of the wrk ceiling");
        }

        text.Append(CultureInfo.InvariantCulture, $"; documents {documents} in {sources} sources ({failed} not assessed; {largest})");
        text.Append(CultureInfo.InvariantCulture, $"; CPU {cpu:0.0} s user+sys ({cpu / elapsed:P0} of one core; the scan's process tree), {cpu * 1000 / Math.Max(1, counts.Total):0.00} ms per request; portal CPU {counts.Get("cpu_ms") / 1000.0:0.0} s");
        text.Append(CultureInfo.InvariantCulture, $"; peak RSS {maxRssKib / 1024.0:0} MiB (time -v, largest process), tree peak PSS {peakPss:0} MiB / RSS {peakRss:0} MiB over {processes} processes");
        if (previous is not null && previous.Requests > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"; requests vs scan 1: {(double)counts.Total / previous.Requests:P1}, 304 answers {counts.Get("s304")}, wall vs scan 1: {elapsed / previous.WallSeconds:P0}");
        }

        text.Append(CultureInfo.InvariantCulture, $" (load {load} → {Machine.Load()})");
        Console.WriteLine(text.ToString());
        if (exit != 0)
        {
            Console.WriteLine($"  scan output (tail): {Tail(stdout + stderr, 1500)}");
        }

        return new ScanFigures(exit, elapsed, counts.Total);
    }

    /// <summary>A copy of the deployment pointed at the portal, with the bench's crawler settings.</summary>
    private static string WriteConfig(StaticRequest request, Uri baseUrl, string target, bool recheckEverything)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(request.ConfigDirectory, "*.yaml"))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        var deployment = Path.Combine(target, "deployment.yaml");
        var yaml = File.ReadAllText(deployment);
        yaml = Replace(yaml, BaseUrlLine(), $"  baseUrl: {baseUrl.AbsoluteUri}");
        yaml = Replace(yaml, ConcurrencyLine(), string.Create(CultureInfo.InvariantCulture, $"  perHostConcurrency: {request.Concurrency}"));
        yaml = Replace(yaml, MinDelayLine(), "  perHostMinDelay: 0ms");
        // A 10,000-entry column needs 500+ list pages and more than the default 5000 entries.
        yaml = Replace(yaml, MaxListPagesLine(), "  maxListPages: 100000\n  maxArticlesPerSource: 100000" + (recheckEverything ? "\n  recheckAfter: 0s" : ""));
        File.WriteAllText(deployment, yaml);
        return target;
    }

    private static string Replace(string yaml, Regex line, string replacement)
    {
        if (!line.IsMatch(yaml))
        {
            throw new InvalidOperationException($"deployment.yaml has no line matching {line}");
        }

        return line.Replace(yaml, replacement, 1);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(ProcessStartInfo info, TimeSpan timeout)
    {
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{info.FileName} did not start");
        return await WaitAsync(process, timeout).ConfigureAwait(false);
    }

    private static async Task<(int Exit, string Output, string Error)> WaitAsync(Process process, TimeSpan timeout)
    {
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            return (-1, await output.ConfigureAwait(false), $"timed out after {timeout}; " + await error.ConfigureAwait(false));
        }

        return (process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
    }

    private static double? Match(Regex regex, string text) =>
        regex.Match(text) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    private static string Tail(string text, int length) => text.Length <= length ? text : text[^length..];

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex WrkRate();

    [GeneratedRegex(@"Transfer/sec:\s+(\S+)")]
    private static partial Regex WrkTransfer();

    [GeneratedRegex(@"Maximum resident set size \(kbytes\): (\d+)")]
    private static partial Regex TimeMaxRss();

    private static double TimeSeconds(Regex regex, string text) =>
        regex.Match(text) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(@"User time \(seconds\): ([0-9.]+)")]
    private static partial Regex TimeUser();

    [GeneratedRegex(@"System time \(seconds\): ([0-9.]+)")]
    private static partial Regex TimeSystem();

    [GeneratedRegex(@"文档 (\d+) 篇")]
    private static partial Regex Documents();

    [GeneratedRegex(@"（([^）]+)）：列表 (\d+) 页，文档 (\d+) 篇")]
    private static partial Regex SourceFigures();

    [GeneratedRegex(@"^\s*[✓✗] ", RegexOptions.Multiline)]
    private static partial Regex SourceLine();

    [GeneratedRegex(@"^  baseUrl: .*$", RegexOptions.Multiline)]
    private static partial Regex BaseUrlLine();

    [GeneratedRegex(@"^  perHostConcurrency: .*$", RegexOptions.Multiline)]
    private static partial Regex ConcurrencyLine();

    [GeneratedRegex(@"^  perHostMinDelay: .*$", RegexOptions.Multiline)]
    private static partial Regex MinDelayLine();

    [GeneratedRegex(@"^  maxListPages: .*$", RegexOptions.Multiline)]
    private static partial Regex MaxListPagesLine();
}

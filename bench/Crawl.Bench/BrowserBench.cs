using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Monitor.Crawler.Evidence;
using Monitor.Crawler.Fetching;
using Monitor.Crawler.Rendering;

namespace Monitor.Crawl.Bench;

/// <summary>
/// The <c>browser</c> mode: <see cref="ChromiumRenderer"/> renders the script-built column of the sample portal (served
/// by a child process, left out of the memory figures) <c>runs</c> times with each page limit. A fresh renderer per
/// limit: its first render (driver and browser launch included) is the cold start; the timed renders follow with as
/// many workers as the limit allows pages. Memory is this process and its children (Playwright's node driver, Chromium).
/// </summary>
internal static partial class BrowserBench
{
    /// <summary>The column whose list the page builds from data.json.</summary>
    public const string ColumnPath = "col/col1229000070/index.html";

    public static async Task<int> RunAsync(int runs, IReadOnlyList<int> pageLimits, DateOnly asOf, string executable)
    {
        await using var portal = await PortalProcess.StartAsync(40, asOf, null).ConfigureAwait(false);
        var url = new Uri(portal.BaseUrl, ColumnPath);
        var allow = new HostAllowList([portal.BaseUrl.Authority]);
        Console.WriteLine($"browser: {executable}, page {url}, {runs} renders per limit");
        var ok = true;
        foreach (var limit in pageLimits)
        {
            ok &= await RunOnceAsync(url, allow, portal.Id, runs, limit, executable).ConfigureAwait(false);
        }

        return ok ? 0 : 1;
    }

    private static async Task<bool> RunOnceAsync(Uri url, HostAllowList allow, int portalId, int runs, int limit, string executable)
    {
        var load = Machine.Load();
        var options = new BrowserOptions { ExecutablePath = executable, MaxPages = limit, Timeout = TimeSpan.FromSeconds(60) };
        var tree = ProcessTree.Watch(Environment.ProcessId, new HashSet<int> { portalId });
        var failures = new List<string>();
        var entries = new List<int>();
        double cold;
        double elapsed;
        var cpuBefore = CpuSeconds();
        await using (var renderer = new ChromiumRenderer(options, new InMemoryEvidenceStore(), TimeProvider.System))
        {
            using var total = new CancellationTokenSource(TimeSpan.FromMinutes(20));
            var clock = Stopwatch.StartNew();
            var first = await renderer.RenderAsync(url, allow, total.Token).ConfigureAwait(false);
            cold = clock.Elapsed.TotalSeconds;
            Record(first);

            var next = 0;
            clock.Restart();
            await Task.WhenAll(Enumerable.Range(0, limit).Select(_ => Task.Run(async () =>
            {
                while (Interlocked.Increment(ref next) <= runs)
                {
                    Record(await renderer.RenderAsync(url, allow, total.Token).ConfigureAwait(false));
                }
            }))).ConfigureAwait(false);
            elapsed = clock.Elapsed.TotalSeconds;
        }

        await tree.DisposeAsync().ConfigureAwait(false);
        // The renderer is disposed: the driver and Chromium have exited and been reaped, so their CPU is in ours.
        var cpu = CpuSeconds() - cpuBefore;
        string counted;
        lock (entries)
        {
            counted = entries.Count == 0 ? "none" : $"{entries.Min()}–{entries.Max()}";
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"browser MaxPages {limit}: cold start (launch + first render) {cold:0.00} s; {runs} renders in {elapsed:0.0} s = {runs / elapsed:0.00} pages/s " +
            $"({elapsed / runs * 1000:0} ms/page); failures {failures.Count}; article links per render {counted}; " +
            $"CPU {cpu:0.0} s user+sys for launch and {runs + 1} renders ({cpu / (runs + 1) * 1000:0} ms per render; bench, driver and Chromium); " +
            $"peak PSS {tree.PeakPssMib:0} MiB / RSS {tree.PeakRssMib:0} MiB over {tree.PeakProcesses} processes (bench + driver + Chromium) (load {load} → {Machine.Load()})"));
        foreach (var failure in failures.Distinct().Take(5))
        {
            Console.WriteLine($"  failure: {failure}");
        }

        return failures.Count == 0;

        void Record(RenderResult result)
        {
            lock (entries)
            {
                if (!result.Succeeded)
                {
                    failures.Add(result.Page.Error ?? result.Page.Outcome.ToString());
                    return;
                }

                var html = System.Text.Encoding.UTF8.GetString(result.Page.Body ?? []);
                entries.Add(ArticleLink().Count(html));
            }
        }
    }

    /// <summary>
    /// CPU seconds (user + system) of this process plus its children that have ended and been waited for (the
    /// driver reaps Chromium, .NET reaps the driver): fields 14–17 of /proc/self/stat, in clock ticks of 1/100 s.
    /// </summary>
    private static double CpuSeconds()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return Enumerable.Range(11, 4).Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture)) / 100.0;
    }

    // Article pages of the portal: /art/yyyy/m/d/art_….html.
    [GeneratedRegex(@"href=""[^""]*art_[^""]*\.html""")]
    private static partial Regex ArticleLink();
}

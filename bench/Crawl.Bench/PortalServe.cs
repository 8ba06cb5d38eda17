using System.Globalization;
using Monitor.SamplePortal;

namespace Monitor.Crawl.Bench;

/// <summary>
/// The <c>serve-portal</c> mode: the sample portal alone in this process, so the crawler's memory is measured without
/// it. Protocol on stdout/stdin, one line each: it prints <c>url URL</c> and <c>pages N</c> once serving, then answers
/// <c>counts</c> (the request counters, <see cref="FormatCounts"/>), <c>reset</c> (<c>ok</c>) and <c>quit</c> or end
/// of input (stops). With <c>--paths FILE</c> it first writes every page path (shuffled, fixed seed) for wrk.
/// </summary>
internal static class PortalServe
{
    public static async Task<int> RunAsync(int news, DateOnly asOf, string? pathsFile)
    {
        await using var server = await SamplePortalServer.StartAsync(new PortalOptions { AsOf = asOf, NewsPerColumn = news }).ConfigureAwait(false);
        var pages = server.Portal.Pages.Values.ToList();
        if (pathsFile is not null)
        {
            // Every stored page (list pages, articles, data files, feeds, attachments), each once per cycle, in an
            // order that mixes kinds the way a crawl does (lists and articles interleaved).
            var paths = pages.Select(p => p.Path).Order(StringComparer.Ordinal).ToArray();
            new Random(20261203).Shuffle(paths);
            await File.WriteAllLinesAsync(pathsFile, paths).ConfigureAwait(false);
        }

        var html = pages.Count(p => p.ContentType.StartsWith("text/html", StringComparison.Ordinal));
        var bytes = pages.Sum(p => (long)p.Body.Length);
        Console.WriteLine($"url {server.BaseUrl}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pages {pages.Count} html={html} bytes={bytes}"));
        Console.Out.Flush();

        using var stop = new CancellationTokenSource();
        var window = new ActivityWindow(server.Requests);
        var watching = window.WatchAsync(stop.Token);
        try
        {
            return await ServeCommandsAsync(server, window).ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await watching.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
    }

    private static async Task<int> ServeCommandsAsync(SamplePortalServer server, ActivityWindow window)
    {
        while (await Console.In.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            switch (line.Trim())
            {
                case "counts":
                    Console.WriteLine(FormatCounts(server.Requests.Snapshot()) + " " + window.Format());
                    break;
                case "reset":
                    server.Requests.Reset();
                    window.Reset();
                    Console.WriteLine("ok");
                    break;
                case "quit":
                    return 0;
                default:
                    Console.WriteLine($"error unknown command {line}");
                    break;
            }

            Console.Out.Flush();
        }

        return 0;
    }

    /// <summary>
    /// When requests came in: the request total is polled every 10 ms; the first poll that sees it grow and the last one
    /// that did bound the window in which the client was fetching (10 ms resolution).
    /// </summary>
    private sealed class ActivityWindow(RequestLog log)
    {
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private readonly Lock _lock = new();
        private long _seen;
        private double _first = -1;
        private double _last = -1;
        private TimeSpan _cpuAtReset = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;

        public async Task WatchAsync(CancellationToken ct)
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
            try
            {
                while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
                {
                    var total = log.Total;
                    lock (_lock)
                    {
                        if (total > _seen)
                        {
                            var now = _clock.Elapsed.TotalMilliseconds;
                            if (_first < 0)
                            {
                                _first = now;
                            }

                            _last = now;
                        }

                        _seen = total;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // stopping
            }
        }

        public void Reset()
        {
            lock (_lock)
            {
                _seen = 0;
                _first = -1;
                _last = -1;
                _cpuAtReset = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
            }
        }

        /// <summary>
        /// <c>active_ms=… cpu_ms=…</c>: from the first to the last poll that saw new requests (0 when none or one), and
        /// the CPU time (user + system) the portal process used since the last reset.
        /// </summary>
        public string Format()
        {
            lock (_lock)
            {
                var active = _first < 0 ? 0 : _last - _first;
                var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - _cpuAtReset;
                return string.Create(CultureInfo.InvariantCulture, $"active_ms={(long)active} cpu_ms={(long)cpu.TotalMilliseconds}");
            }
        }
    }

    /// <summary>One line: <c>counts total=… dropped=… GET=… HEAD=… POST=… s200=… s304=… s404=…</c> (every status seen).</summary>
    public static string FormatCounts(RequestCounts counts)
    {
        var parts = new List<string> { "counts", $"total={counts.Total}", $"dropped={counts.Dropped}" };
        parts.AddRange(counts.ByMethod.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={m.Value}"));
        parts.AddRange(counts.ByStatus.OrderBy(s => s.Key).Select(s => string.Create(CultureInfo.InvariantCulture, $"s{s.Key}={s.Value}")));
        return string.Join(' ', parts);
    }
}

using System.Diagnostics;
using System.Globalization;

namespace Monitor.Crawl.Bench;

/// <summary>
/// The parent side of <see cref="PortalServe"/>: this bench started again as <c>serve-portal</c> in a child process.
/// Every read of its answers has a timeout; disposing asks it to quit and kills it (with its tree) if it does not.
/// </summary>
internal sealed class PortalProcess : IAsyncDisposable
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;

    private PortalProcess(Process process, Uri baseUrl, string pagesLine)
    {
        _process = process;
        BaseUrl = baseUrl;
        PagesLine = pagesLine;
    }

    /// <summary>Root of the portal.</summary>
    public Uri BaseUrl { get; }

    /// <summary>What the portal serves: <c>pages N html=… bytes=…</c>.</summary>
    public string PagesLine { get; }

    /// <summary>Process id of the portal (to leave it out of the crawler's memory).</summary>
    public int Id => _process.Id;

    /// <summary>Starts the portal with <paramref name="news"/> documents per news column; waits (at most 5 minutes) until it serves.</summary>
    public static async Task<PortalProcess> StartAsync(int news, DateOnly asOf, string? pathsFile)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var info = new ProcessStartInfo(self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        // Started through `dotnet Monitor.Crawl.Bench.dll` the process path is dotnet itself.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(PortalProcess).Assembly.Location);
        }

        info.ArgumentList.Add("serve-portal");
        info.ArgumentList.Add("--news");
        info.ArgumentList.Add(news.ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add("--as-of");
        info.ArgumentList.Add(asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (pathsFile is not null)
        {
            info.ArgumentList.Add("--paths");
            info.ArgumentList.Add(pathsFile);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("serve-portal did not start");
        try
        {
            var url = await ReadAsync(process, TimeSpan.FromMinutes(5)).ConfigureAwait(false);
            var pages = await ReadAsync(process, AnswerTimeout).ConfigureAwait(false);
            if (!url.StartsWith("url ", StringComparison.Ordinal) || !pages.StartsWith("pages ", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"serve-portal answered: {url} / {pages}");
            }

            return new PortalProcess(process, new Uri(url[4..]), pages);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>The request counters since start or the last reset.</summary>
    public async Task<Counts> CountsAsync() => Counts.Parse(await AskAsync("counts").ConfigureAwait(false));

    /// <summary>Sets the request counters to zero.</summary>
    public Task ResetAsync() => AskAsync("reset");

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await _process.StandardInput.WriteLineAsync("quit").ConfigureAwait(false);
                await _process.StandardInput.FlushAsync().ConfigureAwait(false);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            Console.Error.WriteLine($"serve-portal did not quit ({e.Message}); killing it");
            _process.Kill(entireProcessTree: true);
        }
        finally
        {
            _process.Dispose();
        }
    }

    private async Task<string> AskAsync(string command)
    {
        await _process.StandardInput.WriteLineAsync(command).ConfigureAwait(false);
        await _process.StandardInput.FlushAsync().ConfigureAwait(false);
        return await ReadAsync(_process, AnswerTimeout).ConfigureAwait(false);
    }

    private static async Task<string> ReadAsync(Process process, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var line = await process.StandardOutput.ReadLineAsync(cts.Token).ConfigureAwait(false);
        return line ?? throw new InvalidOperationException("serve-portal ended");
    }

    /// <summary>Parsed <c>counts</c> line.</summary>
    internal sealed record Counts(IReadOnlyDictionary<string, long> Values)
    {
        public long Total => Get("total");

        public long Get(string key) => Values.GetValueOrDefault(key);

        public static Counts Parse(string line)
        {
            if (!line.StartsWith("counts ", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"serve-portal answered: {line}");
            }

            var values = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(p => p.Split('=', 2))
                .ToDictionary(p => p[0], p => long.Parse(p[1], NumberStyles.None, CultureInfo.InvariantCulture), StringComparer.Ordinal);
            return new Counts(values);
        }

        public override string ToString() => string.Join(' ', Values.Select(v => $"{v.Key}={v.Value}"));
    }
}

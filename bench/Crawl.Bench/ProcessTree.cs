using System.Globalization;

namespace Monitor.Crawl.Bench;

/// <summary>
/// Samples the memory of a process and all its descendants from /proc (Linux) every few hundred milliseconds and
/// keeps the peaks: the sum of RSS (counts shared pages once per process, so it overstates) and the sum of PSS
/// (shared pages split between their users: the honest total). Processes under <see cref="Excluded"/> are left out.
/// </summary>
internal sealed class ProcessTree : IAsyncDisposable
{
    private readonly int _root;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peakRssKib;
    private long _peakPssKib;
    private int _peakProcesses;

    private ProcessTree(int root, TimeSpan interval, IReadOnlySet<int> excluded)
    {
        _root = root;
        Excluded = excluded;
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(interval);
            do
            {
                Sample();
            }
            while (await Next(timer).ConfigureAwait(false));
        });
    }

    /// <summary>Process ids whose subtrees are not counted (e.g. the portal child of the bench itself).</summary>
    public IReadOnlySet<int> Excluded { get; }

    /// <summary>Largest sum of RSS seen over the tree, MiB.</summary>
    public double PeakRssMib => Interlocked.Read(ref _peakRssKib) / 1024.0;

    /// <summary>Largest sum of PSS seen over the tree, MiB.</summary>
    public double PeakPssMib => Interlocked.Read(ref _peakPssKib) / 1024.0;

    /// <summary>Most processes seen in the tree at once.</summary>
    public int PeakProcesses => Volatile.Read(ref _peakProcesses);

    /// <summary>Starts sampling the tree under <paramref name="root"/> (included).</summary>
    public static ProcessTree Watch(int root, IReadOnlySet<int>? excluded = null) =>
        new(root, TimeSpan.FromMilliseconds(200), excluded ?? new HashSet<int>());

    /// <summary>Stops sampling after one last sample.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task<bool> Next(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void Sample()
    {
        var members = Members();
        long rss = 0, pss = 0;
        foreach (var pid in members)
        {
            rss += ReadKib($"/proc/{pid}/status", "VmRSS:");
            pss += ReadKib($"/proc/{pid}/smaps_rollup", "Pss:");
        }

        Max(ref _peakRssKib, rss);
        Max(ref _peakPssKib, pss);
        if (members.Count > _peakProcesses)
        {
            Volatile.Write(ref _peakProcesses, members.Count);
        }
    }

    private static void Max(ref long peak, long value)
    {
        var seen = Interlocked.Read(ref peak);
        while (value > seen)
        {
            var was = Interlocked.CompareExchange(ref peak, value, seen);
            if (was == seen)
            {
                return;
            }

            seen = was;
        }
    }

    /// <summary>The root and its descendants (by parent pid in /proc/PID/stat), minus excluded subtrees.</summary>
    private List<int> Members()
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            var parent = ParentOf(pid);
            if (parent > 0)
            {
                if (!children.TryGetValue(parent, out var list))
                {
                    children[parent] = list = [];
                }

                list.Add(pid);
            }
        }

        var result = new List<int>();
        var queue = new Queue<int>([_root]);
        while (queue.Count > 0)
        {
            var pid = queue.Dequeue();
            if (Excluded.Contains(pid))
            {
                continue;
            }

            result.Add(pid);
            foreach (var child in children.GetValueOrDefault(pid) ?? [])
            {
                queue.Enqueue(child);
            }
        }

        return result;
    }

    private static int ParentOf(int pid)
    {
        try
        {
            // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so parse after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var close = stat.LastIndexOf(')');
            var fields = stat[(close + 2)..].Split(' ');
            return int.Parse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return -1; // the process ended meanwhile
        }
        catch (UnauthorizedAccessException)
        {
            return -1;
        }
    }

    private static long ReadKib(string file, string key)
    {
        try
        {
            foreach (var line in File.ReadLines(file))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    var number = line[key.Length..].Trim().Split(' ')[0];
                    return long.Parse(number, NumberStyles.None, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
            // ended meanwhile
        }
        catch (UnauthorizedAccessException)
        {
            // not ours
        }

        return 0;
    }
}

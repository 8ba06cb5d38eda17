using System.Globalization;
using System.Runtime.InteropServices;

namespace Monitor.Crawl.Bench;

/// <summary>The machine and its load, printed beside every figure.</summary>
internal static class Machine
{
    /// <summary>Cores, CPU model, memory, OS and .NET version.</summary>
    public static string Describe()
    {
        var cpu = ReadField("/proc/cpuinfo", "model name") ?? "?";
        var memory = ReadField("/proc/meminfo", "MemTotal") ?? "?";
        return string.Create(CultureInfo.InvariantCulture,
            $"machine: {Environment.ProcessorCount} cores ({cpu}), memory {memory}, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
    }

    /// <summary>The 1-minute load average (the first field of /proc/loadavg).</summary>
    public static string Load()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static string? ReadField(string file, string key)
    {
        try
        {
            return File.ReadLines(file).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal))?.Split(':', 2)[1].Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }
}

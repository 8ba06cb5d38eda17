using System.Diagnostics;
using System.Text;

namespace Monitor.Host.Tests.Support;

/// <summary>Runs the built <c>monitor</c> executable as a separate process, the way an operator does.</summary>
internal static class MonitorProcess
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static async Task<Result> RunAsync(string workingDirectory, params string[] args)
    {
        using var process = Process.Start(StartInfo(workingDirectory, args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await output, await error);
    }

    /// <summary>
    /// Starts <c>monitor</c> in the background (for <c>serve</c>) and returns the running process; its standard output and
    /// error are drained into <paramref name="log"/> so the pipes never fill. The caller stops or kills it.
    /// </summary>
    public static Process Start(string workingDirectory, System.Collections.Concurrent.ConcurrentQueue<string> log, params string[] args)
    {
        var process = new Process { StartInfo = StartInfo(workingDirectory, args) };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary><c>dotnet monitor.dll ARGS</c> with both output streams redirected as UTF-8.</summary>
    private static ProcessStartInfo StartInfo(string workingDirectory, string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(Monitor.Host.Cli.CommandLine).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }
}

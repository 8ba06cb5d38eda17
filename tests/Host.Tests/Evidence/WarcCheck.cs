using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Monitor.Host.Tests.Metrics;
using Monitor.Host.Tests.Support;

namespace Monitor.Host.Tests.Evidence;

/// <summary>
/// A fact that reads WARC files with the standard tool, warcio, through <c>scripts/warc-check/check.mjs</c>.
/// It runs when scripts/test.sh installed it (<c>MONITOR_TEST_WARC_CHECK</c>) or when its node_modules are already
/// there; otherwise it is skipped locally with the reason, and under <c>CI=true</c> it runs and fails.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class WarcCheckFactAttribute : FactAttribute
{
    public WarcCheckFactAttribute()
    {
        if (WarcCheck.Script is null && !TestServers.IsCi)
        {
            Skip = $"{WarcCheck.Variable} not set and scripts/warc-check/node_modules missing: run scripts/test.sh (or npm ci in scripts/warc-check)";
        }
    }
}

/// <summary>Runs <c>node check.mjs FILE</c> and parses its JSON.</summary>
internal static class WarcCheck
{
    public const string Variable = "MONITOR_TEST_WARC_CHECK";

    /// <summary>The check script, when warcio is installed for it; null otherwise.</summary>
    public static string? Script
    {
        get
        {
            if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured)
            {
                return configured;
            }

            var local = Path.Combine(RepoPaths.Root, "scripts", "warc-check", "check.mjs");
            return File.Exists(Path.Combine(RepoPaths.Root, "scripts", "warc-check", "node_modules", "warcio", "package.json")) ? local : null;
        }
    }

    /// <summary>What warcio read: the JSON of check.mjs, plus its exit code.</summary>
    public sealed record Report(int ExitCode, JsonElement Json)
    {
        public int Records => Json.GetProperty("records").GetInt32();

        public int Type(string type) => Json.GetProperty("types").TryGetProperty(type, out var n) ? n.GetInt32() : 0;

        public IReadOnlyList<string> TargetUris => [.. Json.GetProperty("targetUris").EnumerateArray().Select(u => u.GetString()!)];

        public IReadOnlyList<string> ResponsePayloadSha256s => [.. Json.GetProperty("responses").EnumerateArray().Select(r => r.GetProperty("payloadSha256").GetString()!)];

        public (int Checked, int Ok, int Failed) PayloadDigests => Digests("payloadDigests");

        public (int Checked, int Ok, int Failed) BlockDigests => Digests("blockDigests");

        public bool Ok => Json.GetProperty("ok").GetBoolean();

        private (int, int, int) Digests(string name)
        {
            var d = Json.GetProperty(name);
            return (d.GetProperty("checked").GetInt32(), d.GetProperty("ok").GetInt32(), d.GetProperty("failed").GetInt32());
        }
    }

    public static async Task<Report> RunAsync(string warcFile)
    {
        var script = Script;
        if (script is null)
        {
            Assert.Fail($"{Variable} is not set and scripts/warc-check/node_modules is missing: scripts/test.sh must install warcio (CI=true makes this a failure)");
        }

        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script!);
        start.ArgumentList.Add(warcFile);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        var text = await output;
        Assert.True(text.TrimStart().StartsWith('{'), $"check.mjs printed no JSON (exit {process.ExitCode}): {text}{await error}");
        using var json = JsonDocument.Parse(text);
        return new Report(process.ExitCode, json.RootElement.Clone());
    }
}

using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Monitor.Host.Configuration;
using Monitor.Host.Logging;
using Monitor.Host.Service;

namespace Monitor.Host.Cli;

/// <summary>
/// <c>monitor serve</c>: the long-running service (design §5). Crawls each source on its schedule, probes homepages,
/// dispatches alerts, until SIGTERM or Ctrl+C; then cancels running crawls and waits for the jobs up to
/// <c>serve.shutdownTimeout</c>. Exit code 0 after a graceful stop; 2 for bad configuration or rule files.
/// </summary>
internal static class ServeCommand
{
    public static Command Build(TimeProvider time, TextWriter output, TextWriter error)
    {
        var config = new Option<string>("--config") { Description = "Deployment config folder (deployment.yaml, sources.yaml, departments.yaml)", Required = true };
        var state = new Option<string>("--state") { Description = "Folder of the SQLite store, evidence and logs (default: out/state, where scan --out out keeps it)", DefaultValueFactory = _ => Path.Combine("out", "state") };
        var rules = new Option<string?>("--rules") { Description = "Rules folder (default: ./rules, else the copy beside the executable)" };
        var runNow = new Option<bool>("--run-now") { Description = "Also crawl every source once at start-up, spread over serve.startupSpread" };
        var command = new Command("serve", "Run as a service: crawl each source on its schedule, probe homepages, dispatch alerts, until stopped") { config, state, rules, runNow };
        // A synchronous action on purpose: System.CommandLine answers SIGTERM/Ctrl+C for asynchronous actions by cancelling
        // their token and returning exit code 130/143 after ProcessTerminationTimeout (2 s), whether or not they have
        // finished. The service must get serve.shutdownTimeout instead, so the signals are left to the host's console
        // lifetime, which stops the host gracefully; the action then returns 0.
        command.SetAction(result => CommandLine.Guard(error, async () =>
        {
            var deployment = DeploymentLoader.Load(result.GetValue(config)!);
            var request = new ServeRequest(deployment, result.GetValue(rules) ?? ProductPaths.Rules, Path.GetFullPath(result.GetValue(state)!), result.GetValue(runNow));
            return await RunAsync(request, time, output, CancellationToken.None).ConfigureAwait(false);
        }).GetAwaiter().GetResult());
        return command;
    }

    /// <summary>Runs the service until <paramref name="ct"/> is cancelled or the host is told to stop (SIGTERM, Ctrl+C).</summary>
    internal static async Task<int> RunAsync(ServeRequest request, TimeProvider time, TextWriter output, CancellationToken ct)
    {
        var deployment = request.Deployment;
        using var logging = LogPipeline.Create(deployment.Logging, Path.Combine(request.StateDirectory, "logs"), deployment.Secrets);
        await using var runtime = ServeRuntime.Open(request, logging.Logger, time);
        using var host = ServeHost.Build(runtime);
        output.WriteLine($"监测服务已启动：{deployment.Site.Name}，{deployment.Sources.Count} 个来源；状态库 {runtime.Pipeline.StorePath}；日志 {logging.FilePattern}。按 Ctrl+C 停止。");
        await host.RunAsync(ct).ConfigureAwait(false);
        output.WriteLine("监测服务已停止。");
        return CommandLine.Ok;
    }
}

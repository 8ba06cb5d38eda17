using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Monitor.Host.Configuration;
using Monitor.Host.Logging;
using Monitor.Host.Service;
using Monitor.Host.Store;

namespace Monitor.Host.Cli;

/// <summary>
/// <c>monitor serve</c>: the long-running service (design §5). Crawls each source on its schedule, probes homepages,
/// dispatches alerts and answers the assessor API on <c>api.url</c> (docs/api.md), until SIGTERM or Ctrl+C; then cancels running crawls and waits for the jobs up to
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
        var apiOnly = new Option<bool>("--api-only") { Description = "Answer the assessor API only (api: in deployment.yaml): no crawls, probes or alert dispatch" };
        var command = new Command("serve", "Run as a service: crawl each source on its schedule, probe homepages, dispatch alerts, answer the assessor API, until stopped") { config, state, rules, runNow, apiOnly };
        // A synchronous action on purpose: System.CommandLine answers SIGTERM/Ctrl+C for asynchronous actions by cancelling
        // their token and returning exit code 130/143 after ProcessTerminationTimeout (2 s), whether or not they have
        // finished. The service must get serve.shutdownTimeout instead, so the signals are left to the host's console
        // lifetime, which stops the host gracefully; the action then returns 0.
        command.SetAction(result => CommandLine.Guard(error, async () =>
        {
            var deployment = DeploymentLoader.Load(result.GetValue(config)!);
            var request = new ServeRequest(deployment, result.GetValue(rules) ?? ProductPaths.Rules, Path.GetFullPath(result.GetValue(state)!), result.GetValue(runNow));
            return await RunAsync(request, time, output, CancellationToken.None, result.GetValue(apiOnly)).ConfigureAwait(false);
        }).GetAwaiter().GetResult());
        return command;
    }

    /// <summary>Runs the service until <paramref name="ct"/> is cancelled or the host is told to stop (SIGTERM, Ctrl+C).</summary>
    /// <param name="apiOnly">Answer the API only (<c>--api-only</c>): nothing is scheduled.</param>
    internal static async Task<int> RunAsync(ServeRequest request, TimeProvider time, TextWriter output, CancellationToken ct, bool apiOnly = false)
    {
        var deployment = request.Deployment;
        using var logging = LogPipeline.Create(deployment.Logging, Path.Combine(request.StateDirectory, "logs"), deployment.Secrets);
        await using var runtime = ServeRuntime.Open(request, logging.Logger, time);
        using var host = ServeHost.Build(runtime, apiOnly);
        try
        {
            // Nodes of a cluster start one at a time: the first creates Quartz's tables (qrtz_*) when they are missing, and
            // two nodes starting together must not both try (PostgreSQL advisory lock; nothing on SQLite).
            using var store = MonitorStore.Open(runtime.Pipeline.Store);
            using (store.Turn("serve:start"))
            {
                await host.StartAsync(ct).ConfigureAwait(false);
            }
        }
        catch (IOException e) when (deployment.Api.Enabled)
        {
            // Kestrel could not bind api.url (the port is taken, or the address is not this machine's).
            runtime.Log.Error(e, "Assessor API could not listen on {ApiUrl}", deployment.Api.Url);
            throw new FormatException($"评估接口无法监听 api.url {deployment.Api.Url}：{e.Message}（端口被占用时请在 deployment.yaml 的 api: 中换一个端口，或设 enabled: false）", e);
        }

        output.WriteLine(apiOnly
            ? $"评估接口服务已启动（仅接口，不采集、不探测、不发送告警）：{deployment.Site.Name}；状态库 {runtime.Pipeline.Store}；日志 {logging.FilePattern}。按 Ctrl+C 停止。"
            : deployment.Store.IsShared
                ? $"监测服务已启动（集群节点 {runtime.InstanceId}）：{deployment.Site.Name}，{deployment.Sources.Count} 个来源，与同库的其他节点分担；状态库 {runtime.Pipeline.Store}；证据目录 {runtime.Pipeline.EvidenceDirectory}；日志 {logging.FilePattern}。按 Ctrl+C 停止。"
                : $"监测服务已启动：{deployment.Site.Name}，{deployment.Sources.Count} 个来源；状态库 {runtime.Pipeline.Store}；日志 {logging.FilePattern}。按 Ctrl+C 停止。");
        if (ServeHost.ApiAddress(host) is { } api)
        {
            output.WriteLine($"评估接口：{api}（接口说明 {api}/openapi.json）");
        }

        await host.WaitForShutdownAsync(ct).ConfigureAwait(false);
        output.WriteLine("监测服务已停止。");
        return CommandLine.Ok;
    }
}

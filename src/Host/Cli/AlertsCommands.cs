using System.CommandLine;
using System.Globalization;
using Monitor.Alerting;
using Monitor.Alerting.Channels;
using Monitor.Alerting.Policy;
using Monitor.Host.Alerting;
using Monitor.Host.Configuration;
using Monitor.Host.Scanning;
using Monitor.Host.Store;
using Monitor.RuleEngine.Loading;
using Monitor.RuleEngine.Rules;

namespace Monitor.Host.Cli;

/// <summary>
/// <c>monitor alerts …</c> over the store's outbox (issue 6):
/// <list type="bullet">
/// <item><c>preview</c>: what would be sent now — to whom, by which channel, level and subject — without sending or recording.</item>
/// <item><c>log</c>: the audit log, one line per send attempt with its result and the provider's message id.</item>
/// <item><c>dispatch</c>: plan from the store's findings, record new messages in the outbox, send what is due once.
/// Exit code 4 when messages remain undelivered (failed for good, or waiting for a retry after a failure).</item>
/// </list>
/// </summary>
internal static class AlertsCommands
{
    /// <summary>Exit code of <c>dispatch</c> when messages remain failed or waiting for a retry.</summary>
    public const int Undelivered = 4;

    public static Command Build(TimeProvider time, TextWriter output, TextWriter error)
    {
        var command = new Command("alerts", "Alert outbox: preview what would be sent, dispatch it, print the delivery log");
        command.Subcommands.Add(Preview(time, output, error));
        command.Subcommands.Add(Log(output, error));
        command.Subcommands.Add(Dispatch(time, output, error));
        return command;
    }

    private static Option<string> ConfigOption() =>
        new("--config") { Description = "Deployment config folder (deployment.yaml, departments.yaml)", Required = true };

    private static Option<string> StateOption() =>
        new("--state") { Description = "Folder of the SQLite store (default: out/state, where demo and scan --out out keep it)", DefaultValueFactory = _ => Path.Combine("out", "state") };

    private static Option<string?> RulesOption() =>
        new("--rules") { Description = "Rules folder; its working-day calendar drives the policy (default: ./rules, else the copy beside the executable)" };

    private static Option<string?> AtOption() =>
        new("--at") { Description = "Plan as of this instant (yyyy-MM-dd or date-time with offset; default: now)" };

    private static Command Preview(TimeProvider time, TextWriter output, TextWriter error)
    {
        var config = ConfigOption();
        var state = StateOption();
        var rules = RulesOption();
        var at = AtOption();
        var command = new Command("preview", "Show what would be sent now, to whom and by which channel, without sending") { config, state, rules, at };
        command.SetAction(async (result, ct) => await CommandLine.Guard(error, () =>
        {
            var deployment = DeploymentLoader.Load(result.GetValue(config)!);
            using var store = OpenExisting(result.GetValue(state)!, deployment);
            var (planner, ruleSet) = Planner(deployment, result.GetValue(rules));
            var now = Instant(result.GetValue(at), time);
            output.Write(AlertTables.Preview(new AlertRun(deployment, store, planner, ruleSet).Preview(now), now));
            output.Write(AlertTables.Silenced(planner.LastSilenced(now)));
            WriteSuppressed(planner, output);
            return Task.FromResult(CommandLine.Ok);
        }).ConfigureAwait(false));
        return command;
    }

    private static Command Log(TextWriter output, TextWriter error)
    {
        var state = StateOption();
        var since = new Option<string?>("--since") { Description = "Only attempts from this date on (yyyy-MM-dd, Asia/Shanghai)" };
        var command = new Command("log", "Print the delivery log: every attempt with time, channel, recipient, result and provider message id") { state, since };
        command.SetAction(async (result, ct) => await CommandLine.Guard(error, () =>
        {
            DateTimeOffset? from = result.GetValue(since) is { } text
                ? DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                    ? ChinaTime.StartOf(d)
                    : throw new FormatException($"--since 应为 yyyy-MM-dd 格式的日期，实际为 \"{text}\"")
                : null;
            using var store = OpenExisting(result.GetValue(state)!);
            output.Write(AlertTables.Log(store.AlertAttempts(from), store.SilencedRows(from)));
            return Task.FromResult(CommandLine.Ok);
        }).ConfigureAwait(false));
        return command;
    }

    private static Command Dispatch(TimeProvider time, TextWriter output, TextWriter error)
    {
        var config = ConfigOption();
        var state = StateOption();
        var rules = RulesOption();
        var at = AtOption();
        var command = new Command("dispatch", "Plan from the store's open findings, record new messages in the outbox and send what is due once") { config, state, rules, at };
        command.SetAction(async (result, ct) => await CommandLine.Guard(error, async () =>
        {
            var deployment = DeploymentLoader.Load(result.GetValue(config)!);
            using var store = OpenExisting(result.GetValue(state)!, deployment);
            var (planner, ruleSet) = Planner(deployment, result.GetValue(rules));
            var now = Instant(result.GetValue(at), time);
            using var http = new HttpClient();
            var channels = deployment.Alerting.CreateChannels(http, time);
            var (enqueued, summary) = await new AlertRun(deployment, store, planner, ruleSet)
                .DispatchAsync(channels, Random.Shared, now, ct).ConfigureAwait(false);
            var newlySilenced = store.RecordSilenced(planner.LastSilenced(now));
            var outbox = store.OutboxEntries();
            var failed = outbox.Count(e => e.State == "failed");
            var retrying = outbox.Count(e => e.State is "pending" or "sending" && e.LastError is not null);
            var waiting = outbox.Count(e => e.State == "pending" && e.LastError is null);
            output.WriteLine($"新记录 {enqueued} 条；本次发送 {summary.Attempted} 次：成功 {summary.Sent}，待重试 {summary.Retrying}，失败 {summary.Failed}。");
            output.WriteLine($"发件箱：已发送 {outbox.Count(e => e.State == "sent")}，等待发送 {waiting}，待重试 {retrying}，发送失败 {failed}。");
            if (newlySilenced > 0)
            {
                output.WriteLine($"已静默 {newlySilenced} 项（已记入发送记录，见 monitor alerts log）。");
            }
            foreach (var e in outbox.Where(e => e.State == "failed" || (e.State == "pending" && e.LastError is not null)))
            {
                error.WriteLine($"未送达：{e.Message.Recipient.UnitId} {e.Message.Recipient.Address}（{ChannelNames.Chinese(e.Message.Recipient.Channel)}）：{e.LastError}");
            }

            return failed + retrying > 0 ? Undelivered : CommandLine.Ok;
        }).ConfigureAwait(false));
        return command;
    }

    /// <summary>
    /// The store must exist: the alert commands read what demo or scan recorded and never start an empty one
    /// (<c>MONITOR_STORE</c>, else the deployment's <c>store:</c> when given, else <c>STATE/monitor.db</c>).
    /// </summary>
    private static MonitorStore OpenExisting(string stateDirectory, Deployment? deployment = null)
    {
        var path = StoreConfig.ForCommand(stateDirectory, deployment?.Store);
        return path.Exists
            ? MonitorStore.Open(path)
            : throw new FormatException($"未找到状态库 {path}，请先运行 monitor scan 或 monitor demo，或用 --state 指定其目录");
    }

    /// <summary>The alert policy with the rules folder's working-day calendar, and the rule set (for item names and bases).</summary>
    private static (PolicyPlanner Planner, RuleSet Rules) Planner(Deployment deployment, string? rulesDirectory)
    {
        var loaded = RuleSetLoader.Load(rulesDirectory ?? ProductPaths.Rules);
        if (loaded.Errors.Count > 0 || loaded.Calendar is null || loaded.RuleSet is null)
        {
            throw new RulesException(loaded.Errors);
        }

        return (new PolicyPlanner(new AlertPolicy(deployment.Alerting.Policy, loaded.Calendar), deployment), loaded.RuleSet);
    }

    private static void WriteSuppressed(PolicyPlanner planner, TextWriter output)
    {
        if (planner.LastSuppressed.Count > 0)
        {
            output.WriteLine($"另有 {planner.LastSuppressed.Count} 项按策略不发送（静默、抑制、预算或单位无接收人）。");
        }
    }

    private static DateTimeOffset Instant(string? text, TimeProvider time)
    {
        if (text is null)
        {
            return time.GetUtcNow();
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return ChinaTime.StartOf(date);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? at
            : throw new FormatException($"--at 应为日期（yyyy-MM-dd）或带时区的时间，实际为 \"{text}\"");
    }
}

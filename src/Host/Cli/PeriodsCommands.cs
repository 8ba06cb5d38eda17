using System.CommandLine;
using System.Globalization;
using Monitor.Alerting;
using Monitor.Host.Assessments;
using Monitor.Host.Configuration;
using Monitor.Host.Store;
using Monitor.RuleEngine.Evaluation;

namespace Monitor.Host.Cli;

/// <summary>
/// <c>monitor periods …</c>: frozen assessment periods (see <see cref="PeriodFreezer"/> and docs/periods.md).
/// <list type="bullet">
/// <item><c>periods freeze ID [--from D --to D] [--by NAME] --config DIR [--state DIR] [--rules DIR]</c>: evaluate the
/// period from the store and store it once. Exit 0; 2 when refused (not ended, nothing crawled, already frozen) or for
/// bad input.</item>
/// <item><c>periods list [--state DIR]</c>: the frozen periods.</item>
/// <item><c>periods show ID [--state DIR]</c>: one period's summary. Exit 2 for an unknown id.</item>
/// <item><c>periods verify ID --config DIR [--state DIR]</c>: recompute with the archived rules and compare. Exit 0 when
/// equal, 1 when not (differences listed), 2 for an unknown id.</item>
/// </list>
/// </summary>
internal static class PeriodsCommands
{
    public static Command Build(TimeProvider time, TextWriter output, TextWriter error)
    {
        var command = new Command("periods", "Frozen assessment periods: freeze, list, show and verify");
        command.Subcommands.Add(FreezeCommand(time, output, error));
        command.Subcommands.Add(ListCommand(output, error));
        command.Subcommands.Add(ShowCommand(output, error));
        command.Subcommands.Add(VerifyCommand(time, output, error));
        return command;
    }

    private static Option<string> StateOption() =>
        new("--state") { Description = "Folder holding monitor.db (default: out/state, where demo and scan keep it)", DefaultValueFactory = _ => Path.Combine("out", "state") };

    private static Option<string> ConfigOption() =>
        new("--config") { Description = "Deployment config folder (deployment.yaml, sources.yaml, departments.yaml)", Required = true };

    private static Argument<string> IdArgument() =>
        new("id") { Description = "Period id: 2026 (year), 2026-H1/H2, 2026-Q1…Q4, 2026-11 (month), or any [A-Za-z0-9._-]{1,40} with --from/--to" };

    private static Command FreezeCommand(TimeProvider time, TextWriter output, TextWriter error)
    {
        var id = IdArgument();
        var from = new Option<string?>("--from") { Description = "First day yyyy-MM-dd (only for an id of no standard form)" };
        var to = new Option<string?>("--to") { Description = "Last day yyyy-MM-dd, inclusive (only for an id of no standard form)" };
        var by = new Option<string?>("--by") { Description = "Who freezes the period (default: the operating-system user)" };
        var config = ConfigOption();
        var state = StateOption();
        var rules = new Option<string?>("--rules") { Description = "Rules folder to score with and archive (default: ./rules, else the copy beside the executable)" };
        var command = new Command("freeze", "Evaluate an ended period from the stored documents and store it once, with its rule files") { id, from, to, by, config, state, rules };
        command.SetAction(async (result, ct) => await CommandLine.Guard(error, () =>
        {
            var period = AssessmentPeriod.Parse(result.GetValue(id)!, result.GetValue(from), result.GetValue(to));
            var deployment = DeploymentLoader.Load(result.GetValue(config)!);
            if (OpenStore(result.GetValue(state)!, error, deployment) is not { } store)
            {
                return Task.FromResult(CommandLine.BadInput);
            }

            using (store)
            {
                var frozenBy = result.GetValue(by) is { Length: > 0 } name ? name : Environment.UserName;
                var days = ChinaTime.FormatDate(period.From) + "至" + ChinaTime.FormatDate(period.To);
                output.WriteLine($"正在冻结周期 {period.Id}（{(period.Label == days ? days : period.Label + "，" + days)}，评估时点 {ChinaTime.FormatDateTime(period.AsOf)}）…");
                var outcome = new PeriodFreezer(deployment, time).Freeze(
                    store, result.GetValue(rules) ?? ProductPaths.Rules, period, frozenBy, line => output.WriteLine("  " + line));
                if (outcome.Status != FreezeStatus.Frozen)
                {
                    error.WriteLine("未冻结：" + outcome.Message);
                    return Task.FromResult(CommandLine.BadInput);
                }

                output.WriteLine(outcome.Message + "。");
                WriteSummary(output, outcome.Period!, store.AssessmentSha256(period.Id));
                return Task.FromResult(CommandLine.Ok);
            }
        }).ConfigureAwait(false));
        return command;
    }

    private static Command ListCommand(TextWriter output, TextWriter error)
    {
        var state = StateOption();
        var command = new Command("list", "List the frozen periods") { state };
        command.SetAction(async (result, ct) => await CommandLine.Guard(error, () =>
        {
            if (OpenStore(result.GetValue(state)!, error) is not { } store)
            {
                return Task.FromResult(CommandLine.BadInput);
            }

            using (store)
            {
                var periods = store.Assessments().Where(a => a.Kind == Assessment.FrozenKind).ToList();
                if (periods.Count == 0)
                {
                    output.WriteLine("尚无冻结的评估周期（用 monitor periods freeze ID 冻结一个周期）。");
                    return Task.FromResult(CommandLine.Ok);
                }

                output.WriteLine($"已冻结的评估周期（{periods.Count} 个）：");
                output.WriteLine("编号\t起止日期\t评估时点\t规则版本\t目录版本\t站点得分\t冻结时间\t冻结人");
                foreach (var row in periods)
                {
                    var site = store.LoadAssessment(row.Id)?.SiteScore;
                    output.WriteLine(string.Join('\t',
                        row.Id,
                        $"{row.From}至{row.To}",
                        row.AsOf,
                        row.RuleVersion,
                        row.CatalogVersion,
                        site is null ? "—" : Score(site),
                        row.FrozenAt ?? "—",
                        row.FrozenBy ?? "—"));
                }

                return Task.FromResult(CommandLine.Ok);
            }
        }).ConfigureAwait(false));
        return command;
    }

    private static Command ShowCommand(TextWriter output, TextWriter error)
    {
        var id = IdArgument();
        var state = StateOption();
        var command = new Command("show", "Summary of one frozen period: dates, as-of, rule and catalog versions, rules SHA-256, site score, findings by severity") { id, state };
        command.SetAction(async (result, ct) => await CommandLine.Guard(error, () =>
        {
            var name = result.GetValue(id)!;
            if (OpenStore(result.GetValue(state)!, error) is not { } store)
            {
                return Task.FromResult(CommandLine.BadInput);
            }

            using (store)
            {
                if (name == Assessment.LiveId || store.LoadAssessment(name) is not { } period)
                {
                    error.WriteLine($"参数有误：未找到已冻结的周期 {name}（monitor periods list 列出全部周期）");
                    return Task.FromResult(CommandLine.BadInput);
                }

                WriteSummary(output, period, store.AssessmentSha256(name));
                return Task.FromResult(CommandLine.Ok);
            }
        }).ConfigureAwait(false));
        return command;
    }

    private static Command VerifyCommand(TimeProvider time, TextWriter output, TextWriter error)
    {
        var id = IdArgument();
        var config = ConfigOption();
        var state = StateOption();
        var command = new Command("verify", "Recompute a frozen period from the stored documents with its archived rules and compare; exit 1 when they differ") { id, config, state };
        command.SetAction(async (result, ct) => await CommandLine.Guard(error, () =>
        {
            var name = result.GetValue(id)!;
            var deployment = DeploymentLoader.Load(result.GetValue(config)!);
            if (OpenStore(result.GetValue(state)!, error, deployment) is not { } store)
            {
                return Task.FromResult(CommandLine.BadInput);
            }

            using (store)
            {
                output.WriteLine($"正在复算周期 {name}（使用冻结时归档的规则文件）…");
                var outcome = new PeriodFreezer(deployment, time).Verify(store, name, line => output.WriteLine("  " + line));
                switch (outcome.Status)
                {
                    case VerifyStatus.Same:
                        output.WriteLine(outcome.Message + "。");
                        return Task.FromResult(CommandLine.Ok);
                    case VerifyStatus.NotFound:
                        error.WriteLine("参数有误：" + outcome.Message);
                        return Task.FromResult(CommandLine.BadInput);
                    default:
                        error.WriteLine(outcome.Message + "：");
                        foreach (var difference in outcome.Differences)
                        {
                            error.WriteLine("  " + difference);
                        }

                        return Task.FromResult(CommandLine.SelfCheckFailed);
                }
            }
        }).ConfigureAwait(false));
        return command;
    }

    /// <summary>
    /// Opens the store in <paramref name="stateDirectory"/> (or <c>MONITOR_STORE</c>, or the <paramref name="deployment"/>'s
    /// <c>store:</c>); null (message written) when there is no store there.
    /// </summary>
    private static MonitorStore? OpenStore(string stateDirectory, TextWriter error, Deployment? deployment = null)
    {
        var path = StoreConfig.ForCommand(stateDirectory, deployment?.Store);
        if (!path.Exists)
        {
            error.WriteLine($"参数有误：{path} 不存在，请先运行 scan、demo 或 serve 采集，或用 --state 指定状态目录");
            return null;
        }

        return MonitorStore.Open(path);
    }

    private static void WriteSummary(TextWriter output, Assessment period, string? documentSha256)
    {
        var label = period.From is { } f && period.To is { } t
            ? new AssessmentPeriod(period.Id, DateOnly.ParseExact(f, "yyyy-MM-dd", CultureInfo.InvariantCulture), DateOnly.ParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture)).Label
            : "—";
        output.WriteLine($"周期：{period.Id}（{label}，{period.From}至{period.To}）");
        output.WriteLine($"评估时点：{period.AsOf}");
        output.WriteLine($"规则版本：{period.RuleVersion}    目录版本：{period.CatalogVersion}");
        output.WriteLine($"规则文件 SHA-256：{period.RulesSha256}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"所用采集：截至第 {period.LastScanId} 次采集"));
        output.WriteLine($"冻结时间：{period.FrozenAt}    冻结人：{period.FrozenBy}");
        output.WriteLine($"站点得分：{(period.SiteScore is { } site ? Score(site) : "—（无可评估事项）")}");
        var bySeverity = period.Findings.GroupBy(x => x.Severity, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var severities = new[] { Severity.Veto, Severity.Alert, Severity.Warning, Severity.Notice };
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"问题：共 {period.Findings.Count} 个（{string.Join("，", severities.Select(s => $"{s.ToChinese()} {bySeverity.GetValueOrDefault(s.ToWire())}"))}）"));
        if (period.Trend.Count > 0)
        {
            output.WriteLine("得分趋势：" + string.Join("，", period.Trend.Select(p =>
                string.Create(CultureInfo.InvariantCulture, $"{p.AsOf[..10]} {p.Score:0.0}"))));
        }

        output.WriteLine($"文档 SHA-256：{documentSha256}");
    }

    private static string Score(Output.FindingsJson.ScoreDto site) =>
        string.Create(CultureInfo.InvariantCulture, $"{site.Score:0.0} / {site.Max:0.0}");
}

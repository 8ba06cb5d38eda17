using System.CommandLine;
using System.Globalization;
using Monitor.Host.Configuration;
using Monitor.Host.Logging;
using Monitor.Host.Metrics;
using Monitor.Host.Scanning;
using Monitor.Host.Store;
using Monitor.RuleEngine.Loading;

namespace Monitor.Host.Cli;

/// <summary>
/// <c>monitor backfill --config DIR --from DATE --to DATE [--state DIR] [--rules DIR]</c>: re-scores each
/// day of the range from the stored documents (see <see cref="Backfill"/>) and writes its points with the
/// day's as-of time (00:00 Asia/Shanghai), so a new installation's dashboards show history.
/// </summary>
internal static class BackfillCommand
{
    /// <summary>Longest range one run re-scores (about ten years of days).</summary>
    private const int MaxDays = 3700;

    public static Command Build(TextWriter output, TextWriter error)
    {
        var config = new Option<string>("--config") { Description = "Deployment config folder (its metrics: section says where points go)", Required = true };
        var from = new Option<string>("--from") { Description = "First day yyyy-MM-dd", Required = true };
        var to = new Option<string>("--to") { Description = "Last day yyyy-MM-dd (inclusive)", Required = true };
        var state = new Option<string>("--state") { Description = "Folder of the SQLite store (default: out/state, where demo and scan keep it)", DefaultValueFactory = _ => Path.Combine("out", "state") };
        var rules = new Option<string?>("--rules") { Description = "Rules folder (default: ./rules, else the copy beside the executable)" };
        var command = new Command("backfill", "Re-score past days from stored documents and write their points to InfluxDB") { config, from, to, state, rules };
        command.SetAction(async (result, ct) => await CommandLine.Guard(error, async () =>
        {
            var deployment = DeploymentLoader.Load(result.GetValue(config)!);
            var first = Day(result.GetValue(from)!, "--from");
            var last = Day(result.GetValue(to)!, "--to");
            if (last < first || last.DayNumber - first.DayNumber >= MaxDays)
            {
                throw new FormatException($"--to 应不早于 --from，且跨度不超过 {MaxDays} 天");
            }

            if (deployment.Metrics is not { } metrics)
            {
                error.WriteLine($"配置文件有误：{Path.Combine(deployment.Directory, "deployment.yaml")} 未配置 metrics（时序库地址），无处写入");
                return CommandLine.BadInput;
            }

            var statePath = Path.GetFullPath(result.GetValue(state)!);
            var dbPath = StoreConfig.ForCommand(statePath, deployment.Store);
            if (!dbPath.Exists)
            {
                error.WriteLine($"参数有误：{dbPath} 不存在，请先运行 scan 或 demo 采集一次");
                return CommandLine.BadInput;
            }

            var loaded = RuleSetLoader.Load(result.GetValue(rules) ?? ProductPaths.Rules);
            if (!loaded.Succeeded)
            {
                throw new RulesException(loaded.Errors);
            }

            using var logging = LogPipeline.Create(deployment.Logging, Path.Combine(statePath, "logs"), deployment.Secrets);
            using var store = MonitorStore.Open(dbPath);
            using var writer = MetricsWriter.Create(metrics, statePath, logging.Logger);
            var backfill = new Backfill(deployment, loaded.RuleSet!, loaded.Calendar!, store);
            var departments = deployment.Departments.Select(d => d.ToInfo()).ToList();
            long written = 0, points = 0;
            MetricsWriteReport? report = null;
            for (var day = first; day <= last; day = day.AddDays(1))
            {
                var rescored = backfill.Rescore(day);
                var dayPoints = MetricPoints.ForScan(new ScanMetricsInput(deployment.Site.Id, departments, rescored.Observations, rescored.Evaluation, null, null));
                report = await writer.WriteAsync(dayPoints, ct).ConfigureAwait(false);
                points += dayPoints.Count;
                written += report.Written;
                var site = rescored.Evaluation.Scores.FirstOrDefault(s => s.Scope == RuleEngine.Evaluation.ScoreScope.Site);
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{day:yyyy-MM-dd}  得分 {(site is null ? "—" : site.Value.ToString("0.0", CultureInfo.InvariantCulture))}  问题 {rescored.Evaluation.Findings.Count}  数据点 {dayPoints.Count}"));
                logging.Logger.Information("Backfilled {Day} with {Points} points, {Findings} findings", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), dayPoints.Count, rescored.Evaluation.Findings.Count);
            }

            output.WriteLine(report?.Error is null
                ? $"补录完成：{last.DayNumber - first.DayNumber + 1} 天，{points} 个数据点，已写入 {written} 个"
                : $"补录完成：{points} 个数据点，时序库不可用，{report.Pending} 个在本地缓冲区等待补写（{report.Error}）");
            return CommandLine.Ok;
        }).ConfigureAwait(false));
        return command;
    }

    private static DateOnly Day(string text, string option) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new FormatException($"{option} 应为 yyyy-MM-dd 格式的日期，实际为 \"{text}\"");
}

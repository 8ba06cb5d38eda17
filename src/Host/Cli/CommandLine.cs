using Monitor.Alerting;
using System.CommandLine;
using System.Globalization;
using Monitor.Host.Configuration;
using Monitor.Host.Demo;
using Monitor.Host.Scanning;
using Monitor.SamplePortal;

namespace Monitor.Host.Cli;

/// <summary>
/// The <c>monitor</c> command line (design §5). Exit codes: 0 done; 1 the demo's self-check failed;
/// 2 bad configuration or rule files; 3 an unexpected error.
/// </summary>
internal static class CommandLine
{
    public const int Ok = 0;
    public const int SelfCheckFailed = 1;
    public const int BadInput = 2;
    public const int Unexpected = 3;

    public static RootCommand Build(TimeProvider time, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("政务公开合规监测与预警 — government information disclosure monitor");
        root.Subcommands.Add(DemoCommand(time, output, error));
        root.Subcommands.Add(ScanCommand(time, output, error));
        root.Subcommands.Add(ServeCommand.Build(time, output, error));
        root.Subcommands.Add(RulesCommands.Build(output, error));
        root.Subcommands.Add(BackfillCommand.Build(output, error));
        root.Subcommands.Add(CalendarCommands.Build(output, error));
        root.Subcommands.Add(AlertsCommands.Build(time, output, error));
        root.Subcommands.Add(EvidenceCommands.Build(time, output, error));
        root.Subcommands.Add(ReportCommand.Build(time, output, error));
        root.Subcommands.Add(PeriodsCommands.Build(time, output, error));
        root.Subcommands.Add(KeysCommands.Build(time, output, error));
        root.Subcommands.Add(MigrateCommand.Build(time, output, error));
        return root;
    }

    private static Command DemoCommand(TimeProvider time, TextWriter output, TextWriter error)
    {
        var outDir = new Option<string>("--out") { Description = "Output folder (findings.json, report.html, mails/, manifest.json, state/)", DefaultValueFactory = _ => "out" };
        var asOf = new Option<string?>("--as-of") { Description = "As-of date yyyy-MM-dd (default: today in Asia/Shanghai)" };
        var seed = new Option<int>("--seed") { Description = "Sample portal seed", DefaultValueFactory = _ => 42 };
        var size = new Option<int>("--news-per-column") { Description = "Documents per news column of the sample portal", DefaultValueFactory = _ => 40 };
        var disable = new Option<string[]>("--disable-fault") { Description = "Turn a planted fault off (e.g. late-publication/bzxzf); repeatable", AllowMultipleArgumentsPerToken = true };
        var rules = new Option<string?>("--rules") { Description = "Rules folder (default: ./rules, else the copy beside the executable)" };
        var config = new Option<string?>("--config") { Description = "Config folder (default: config/sample)" };
        var command = new Command("demo", "Start the sample portal on loopback, scan it once and write findings, report and warning mails") { outDir, asOf, seed, size, disable, rules, config };
        command.SetAction(async (result, ct) =>
        {
            return await Guard(error, async () =>
            {
                var date = ParseDate(result.GetValue(asOf)) ?? ChinaTime.DateOf(time.GetUtcNow());
                var request = new DemoRequest(
                    date,
                    new PortalOptions
                    {
                        AsOf = date,
                        Seed = result.GetValue(seed),
                        NewsPerColumn = result.GetValue(size),
                        DisabledFaults = new HashSet<string>(result.GetValue(disable) ?? [], StringComparer.Ordinal),
                    },
                    Path.GetFullPath(result.GetValue(outDir)!),
                    result.GetValue(rules) ?? ProductPaths.Rules,
                    result.GetValue(config) ?? ProductPaths.SampleConfig);
                var outcome = await new DemoRunner(time, output).RunAsync(request, ct).ConfigureAwait(false);
                return outcome.Comparison.Perfect ? Ok : SelfCheckFailed;
            }).ConfigureAwait(false);
        });
        return command;
    }

    private static Command ScanCommand(TimeProvider time, TextWriter output, TextWriter error)
    {
        var config = new Option<string>("--config") { Description = "Deployment config folder (deployment.yaml, sources.yaml, departments.yaml)", Required = true };
        var outDir = new Option<string>("--out") { Description = "Output folder for findings.json and report.html", Required = true };
        var asOf = new Option<string?>("--as-of") { Description = "As-of date yyyy-MM-dd or date-time with offset (default: now)" };
        var state = new Option<string?>("--state") { Description = "Folder of the SQLite store and evidence (default: OUT/state)" };
        var rules = new Option<string?>("--rules") { Description = "Rules folder (default: ./rules, else the copy beside the executable)" };
        var mails = new Option<bool>("--mails") { Description = "Also write each department's warning mail as .eml into OUT/mails" };
        var command = new Command("scan", "One pass over every source of a deployment; writes findings.json") { config, outDir, asOf, state, rules, mails };
        command.SetAction(async (result, ct) =>
        {
            return await Guard(error, async () =>
            {
                var deployment = DeploymentLoader.Load(result.GetValue(config)!);
                var at = ParseAsOf(result.GetValue(asOf)) ?? ChinaTime.ToShanghai(time.GetUtcNow());
                var outPath = Path.GetFullPath(result.GetValue(outDir)!);
                var scan = await new ScanRunner(time, output).RunAsync(
                    new ScanRequest(deployment, result.GetValue(rules) ?? ProductPaths.Rules, at, outPath, result.GetValue(state) ?? Path.Combine(outPath, "state"), result.GetValue(mails)),
                    ct).ConfigureAwait(false);
                output.WriteLine();
                output.Write(Reports.ConsoleSummary.Render(scan.Report));
                output.WriteLine($"结果文件：{scan.FindingsPath}");
                output.WriteLine($"监测报告：{scan.ReportPath}");
                return Ok;
            }).ConfigureAwait(false);
        });
        return command;
    }

    internal static async Task<int> Guard(TextWriter error, Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (ConfigException e)
        {
            error.WriteLine("配置文件有误：");
            foreach (var item in e.Errors)
            {
                error.WriteLine("  " + item);
            }

            return BadInput;
        }
        catch (RulesException e)
        {
            error.WriteLine("规则文件有误：");
            foreach (var item in e.Errors)
            {
                error.WriteLine("  " + item);
            }

            return BadInput;
        }
        catch (FormatException e)
        {
            error.WriteLine("参数有误：" + e.Message);
            return BadInput;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The one boundary of a command: anything unforeseen is reported once, with its details, and ends the run.
            error.WriteLine("运行出错：" + e.Message);
            error.WriteLine(e.ToString());
            return Unexpected;
        }
    }

    private static DateOnly? ParseDate(string? text) =>
        text is null ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
        : throw new FormatException($"--as-of 应为 yyyy-MM-dd 格式的日期，实际为 \"{text}\"");

    private static DateTimeOffset? ParseAsOf(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return ChinaTime.StartOf(date);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? at.ToOffset(ChinaTime.Offset)
            : throw new FormatException($"--as-of 应为日期（yyyy-MM-dd）或带时区的时间，实际为 \"{text}\"");
    }
}

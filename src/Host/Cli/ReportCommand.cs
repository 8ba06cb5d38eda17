using System.CommandLine;
using System.Text;
using Monitor.Host.Assessments;
using Monitor.Host.Configuration;
using Monitor.Host.Exports;
using Monitor.Host.Reports;
using Monitor.Host.Store;

namespace Monitor.Host.Cli;

/// <summary>
/// <c>monitor report --state DIR [--period live|ID] --format html|csv|xlsx|json [--table scores|findings|items] [--out FILE]
/// [--config DIR]</c>: one stored assessment (the live one, or a frozen period) as the supervision report (HTML), a CSV
/// table, a workbook or its canonical JSON (byte for byte as stored and served by the API). Exit codes: 0 written;
/// 2 missing store, unknown period or bad arguments; 3 an unexpected error. See docs/exports.md.
/// </summary>
internal static class ReportCommand
{
    /// <summary>Evidence links point here when no <c>--config</c> names the API's public address.</summary>
    public static readonly Uri DefaultLinkBase = new("http://127.0.0.1:8480/");

    private static readonly string[] Formats = ["html", "csv", "xlsx", "json"];

    public static Command Build(TimeProvider time, TextWriter output, TextWriter error)
    {
        _ = time; // Reports depend on the stored assessment only (no clock), so the same period always renders the same.
        var state = new Option<string>("--state") { Description = "Folder of the SQLite store (monitor.db), e.g. out/state", Required = true };
        var period = new Option<string>("--period") { Description = "live (default) or the id of a frozen period, e.g. 2026-Q3", DefaultValueFactory = _ => Assessment.LiveId };
        var format = new Option<string>("--format") { Description = "html | csv | xlsx | json", Required = true };
        var table = new Option<string>("--table") { Description = "For csv: scores | findings | items (default findings)", DefaultValueFactory = _ => "findings" };
        var outFile = new Option<string?>("--out") { Description = "File to write (default: report-PERIOD.EXT; csv: TABLE-PERIOD.csv)" };
        var config = new Option<string?>("--config") { Description = "Deployment config folder; its api: publicUrl/url is the base of evidence links (default http://127.0.0.1:8480/)" };
        var command = new Command("report", "Write the supervision report, a CSV table, a workbook or the JSON of an assessment period")
        {
            state, period, format, table, outFile, config,
        };
        command.SetAction(async (result, ct) => await CommandLine.Guard(error, async () =>
        {
            var kind = result.GetValue(format)!.ToLowerInvariant();
            if (!Formats.Contains(kind))
            {
                throw new FormatException($"--format 应为 html、csv、xlsx 或 json，实际为 \"{result.GetValue(format)}\"");
            }

            var csvTable = AssessmentCsv.ParseTable(result.GetValue(table))
                ?? throw new FormatException($"--table 应为 scores、findings 或 items，实际为 \"{result.GetValue(table)}\"");
            var deployment = result.GetValue(config) is { } configDirectory ? DeploymentLoader.Load(configDirectory) : null;
            var linkBase = deployment?.Api.LinkBase ?? DefaultLinkBase;

            var stateDirectory = Path.GetFullPath(result.GetValue(state)!);
            var storePath = StoreConfig.ForCommand(stateDirectory, deployment?.Store);
            if (!storePath.Exists)
            {
                error.WriteLine($"参数有误：未找到状态库 {storePath}，请先运行 monitor scan、monitor demo 或 monitor serve，或用 --state 指定其目录");
                return CommandLine.BadInput;
            }

            var id = result.GetValue(period)!;
            using var store = MonitorStore.Open(storePath);
            var text = store.AssessmentJson(id);
            if (text is null)
            {
                var stored = store.Assessments();
                error.WriteLine(stored.Count == 0
                    ? $"参数有误：状态库 {storePath} 中还没有任何评估结果，请先完成一次监测"
                    : $"参数有误：没有评估期间 \"{id}\"。状态库中的评估期间：");
                foreach (var s in stored)
                {
                    error.WriteLine(s.Kind == Assessment.LiveKind
                        ? $"  {s.Id}（实时评估，截至 {s.AsOf}）"
                        : $"  {s.Id}（{s.From} 至 {s.To}，冻结于 {s.FrozenAt}）");
                }

                return CommandLine.BadInput;
            }

            var extension = kind;
            var path = Path.GetFullPath(result.GetValue(outFile)
                ?? (kind == "csv" ? $"{csvTable.Wire()}-{FileSafe(id)}.csv" : $"report-{FileSafe(id)}.{extension}"));
            var folder = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }

            // Written beside the target and moved over it, so a failed run never leaves half a file under the wanted name.
            var temp = path + ".tmp";
            await using (var stream = new FileStream(temp, FileMode.Create, FileAccess.ReadWrite, FileShare.None))
            {
                switch (kind)
                {
                    case "json":
                        await stream.WriteAsync(Encoding.UTF8.GetBytes(text.Json), ct).ConfigureAwait(false);
                        break;
                    case "csv":
                        AssessmentCsv.Write(Assessment.FromJson(text.Json), csvTable, stream);
                        break;
                    case "xlsx":
                        AssessmentWorkbook.Write(Assessment.FromJson(text.Json), linkBase, stream);
                        break;
                    default:
                        var assessment = Assessment.FromJson(text.Json);
                        var html = SupervisionReport.Render(assessment, EarlierPeriods(store, assessment), linkBase);
                        await stream.WriteAsync(Encoding.UTF8.GetBytes(html), ct).ConfigureAwait(false);
                        break;
                }
            }

            File.Move(temp, path, overwrite: true);
            var what = kind switch
            {
                "html" => "督查报告",
                "csv" => $"CSV 表（{TableName(csvTable)}）",
                "xlsx" => "Excel 工作簿",
                _ => "JSON 评估文件",
            };
            output.WriteLine($"{what}已写出：{path}");
            output.WriteLine($"  评估期间：{id}；SHA-256（评估 JSON）：{text.Sha256}");
            return CommandLine.Ok;
        }).ConfigureAwait(false));
        return command;
    }

    /// <summary>
    /// Site score and as-of of each frozen period that ended before <paramref name="a"/> began (every frozen period for the
    /// live assessment), oldest first; periods without a site score are left out.
    /// </summary>
    internal static IReadOnlyList<Assessment.TrendPoint> EarlierPeriods(MonitorStore store, Assessment a)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(a);
        var points = new List<(string From, Assessment.TrendPoint Point)>();
        foreach (var period in store.Assessments())
        {
            if (period.Kind != Assessment.FrozenKind || period.Id == a.Id || period.To is null || period.From is null)
            {
                continue;
            }

            if (a.IsFrozen && (a.From is null || string.CompareOrdinal(period.To, a.From) >= 0))
            {
                continue;
            }

            if (store.LoadAssessment(period.Id)?.SiteScore is { } site)
            {
                points.Add((period.From, new Assessment.TrendPoint(period.AsOf, site.Score, site.Max)));
            }
        }

        return [.. points.OrderBy(p => p.From, StringComparer.Ordinal).ThenBy(p => p.Point.AsOf, StringComparer.Ordinal).Select(p => p.Point)];
    }

    private static string TableName(CsvTable table) => table switch
    {
        CsvTable.Scores => "得分",
        CsvTable.Findings => "问题清单",
        _ => "事项评估",
    };

    /// <summary>A period id usable in a file name (characters a file system rejects become <c>_</c>).</summary>
    private static string FileSafe(string id)
    {
        var invalid = Path.GetInvalidFileNameChars();
        return new string([.. id.Select(c => invalid.Contains(c) || c is '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|' ? '_' : c)]);
    }
}

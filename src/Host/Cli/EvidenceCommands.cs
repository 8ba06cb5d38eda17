using System.CommandLine;
using Monitor.Crawler.Evidence;
using Monitor.Host.Configuration;
using Monitor.Host.Store;

namespace Monitor.Host.Cli;

/// <summary>
/// <c>monitor evidence export --finding ID --out FILE</c>: the WARC request/response records of every capture a
/// finding rests on (its own evidence, plus its document's stored versions and the page a broken link sits on) copied
/// byte for byte into one <c>.warc.gz</c> that any WARC tool opens (docs/evidence.md). Exit codes: 0 written;
/// 1 the finding has no evidence, or none of it has WARC records (captured before WARC writing); 2 unknown finding,
/// missing store or bad arguments.
/// </summary>
internal static class EvidenceCommands
{
    public const int NoRecords = 1;

    public static Command Build(TimeProvider time, TextWriter output, TextWriter error)
    {
        var command = new Command("evidence", "Evidence of findings as standard WARC files");
        command.Subcommands.Add(Export(time, output, error));
        return command;
    }

    private static Command Export(TimeProvider time, TextWriter output, TextWriter error)
    {
        var finding = new Option<string>("--finding") { Description = "Finding id (as in findings.json and the report)", Required = true };
        var outFile = new Option<string>("--out") { Description = "The .warc.gz file to write", Required = true };
        var config = new Option<string?>("--config") { Description = "Deployment config folder; names the site in the export's warcinfo record" };
        var state = new Option<string>("--state") { Description = "Folder of the SQLite store and evidence/ (default: out/state, where demo and scan --out out keep it)", DefaultValueFactory = _ => Path.Combine("out", "state") };
        var command = new Command("export", "Copy the WARC records of a finding's evidence into one .warc.gz") { finding, outFile, config, state };
        command.SetAction(async (result, ct) => await CommandLine.Guard(error, async () =>
        {
            var deployment = result.GetValue(config) is { } configDirectory ? DeploymentLoader.Load(configDirectory) : null;
            var site = deployment?.Site;
            var stateDirectory = Path.GetFullPath(result.GetValue(state)!);
            // MONITOR_STORE, else the deployment's store: section (a cluster's database and shared evidence folder), else STATE.
            var storePath = StoreConfig.ForCommand(stateDirectory, deployment?.Store);
            if (!storePath.Exists)
            {
                throw new FormatException($"未找到状态库 {storePath}，请先运行 monitor scan 或 monitor demo，或用 --state 指定其目录");
            }

            var id = result.GetValue(finding)!;
            MonitorStore.FindingEvidence? evidence;
            using (var store = MonitorStore.Open(storePath))
            {
                evidence = store.EvidenceOfFinding(id);
            }

            if (evidence is null)
            {
                error.WriteLine($"未找到问题 {id}：状态库 {storePath} 中没有这个编号（编号见 findings.json 或监测报告）");
                return CommandLine.BadInput;
            }

            if (evidence.All.Count == 0)
            {
                error.WriteLine($"问题 {id} 没有记录任何证据，无法导出");
                return NoRecords;
            }

            var evidenceRoot = deployment?.Store.EvidenceDirectory(stateDirectory) ?? Path.Combine(stateDirectory, "evidence");
            var outPath = Path.GetFullPath(result.GetValue(outFile)!);
            List<KeyValuePair<string, string>> description =
            [
                new("description", $"问题 {id} 的证据（{evidence.Kind}）：{evidence.Message}"),
                .. site is null ? [] : new[] { new KeyValuePair<string, string>("isPartOf", $"{site.Name}（{site.Id}）") },
            ];
            var export = await WarcExport.WriteAsync(evidenceRoot, evidence.All, outPath, time.GetUtcNow(), description, ct).ConfigureAwait(false);
            if (export.Captures == 0)
            {
                File.Delete(outPath);
                error.WriteLine($"问题 {id} 有 {evidence.All.Count} 份证据，但证据库 {FileEvidenceStore.WarcDirectoryOf(evidenceRoot)} 中没有它们的 WARC 记录"
                                + "（可能采集于启用 WARC 写入之前）；未写出文件");
                return NoRecords;
            }

            output.WriteLine($"已导出问题 {id}（{evidence.Kind}）的证据");
            output.WriteLine($"  记录数：{export.Records}（warcinfo 1 条，请求/响应 {export.Captures} 对）");
            output.WriteLine($"  证据：{export.Found.Count}/{evidence.All.Count} 份有 WARC 记录");
            foreach (var missing in export.WithoutRecords)
            {
                output.WriteLine($"  无 WARC 记录：{missing}");
            }

            output.WriteLine($"  文件：{export.File}");
            return CommandLine.Ok;
        }).ConfigureAwait(false));
        return command;
    }
}

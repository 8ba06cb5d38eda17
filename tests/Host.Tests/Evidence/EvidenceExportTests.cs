using System.Security.Cryptography;
using Monitor.Crawler.Evidence;
using Monitor.Host.Output;
using Monitor.Host.Tests.Demo;
using Monitor.Host.Tests.Support;

namespace Monitor.Host.Tests.Evidence;

/// <summary>
/// The evidence of a real demo scan as WARC: a standard reader (warcio) parses every record and confirms its digests,
/// and <c>monitor evidence export</c> hands out exactly the records a finding rests on.
/// </summary>
public sealed class EvidenceExportTests(DemoBaselineFixture demo) : IClassFixture<DemoBaselineFixture>
{
    private string State => Path.Combine(demo.OutDirectory, "state");

    private string WarcDirectory => Path.Combine(State, "evidence", "warc");

    private FindingsJson.FindingDto Finding(string kind)
    {
        var findings = FindingsJson.Deserialize(File.ReadAllText(Path.Combine(demo.OutDirectory, "findings.json"))).Findings;
        return findings.First(f => f.Kind == kind && f.Evidence.Count > 0);
    }

    private static string Hex(string evidence) => evidence.StartsWith("sha256:", StringComparison.Ordinal) ? evidence[7..] : evidence;

    [WarcCheckFact]
    public async Task Warcio_reads_every_record_of_a_demo_scan_and_every_digest_matches()
    {
        var index = await WarcIndex.ReadAsync(WarcDirectory);
        Assert.NotEmpty(index);
        var files = Directory.GetFiles(WarcDirectory, "*.warc.gz");
        Assert.Equal(index.Select(e => e.File).Distinct().Order(StringComparer.Ordinal), files.Select(Path.GetFileName).Order(StringComparer.Ordinal));

        var records = 0;
        var uris = new HashSet<string>(StringComparer.Ordinal);
        var payloads = new List<string>();
        foreach (var file in files)
        {
            var report = await WarcCheck.RunAsync(file);
            Assert.True(report.Ok, report.Json.ToString());
            Assert.Equal(0, report.ExitCode);
            Assert.Equal(1, report.Type("warcinfo"));
            Assert.Equal(report.Type("request"), report.Type("response"));
            Assert.Equal(report.Type("response"), report.PayloadDigests.Checked);
            Assert.Equal(report.PayloadDigests.Checked, report.PayloadDigests.Ok);
            Assert.Equal(2 * report.Type("response"), report.BlockDigests.Ok);
            records += report.Records;
            uris.UnionWith(report.TargetUris);
            payloads.AddRange(report.ResponsePayloadSha256s);
        }

        Assert.Equal(files.Length + (2 * index.Count), records);
        Assert.Equal(index.Select(e => e.Url).ToHashSet(StringComparer.Ordinal), uris);
        Assert.Equal(index.Select(e => e.Sha256).Order(StringComparer.Ordinal), payloads.Order(StringComparer.Ordinal));

        // Each payload is the content-addressed object of the same sha.
        var sample = index[index.Count / 2];
        var blob = await File.ReadAllBytesAsync(Path.Combine(State, "evidence", "objects", sample.Sha256[..2], sample.Sha256));
        Assert.Equal(sample.Sha256, Convert.ToHexStringLower(SHA256.HashData(blob)));
    }

    [Theory]
    [InlineData("broken-link")]
    [InlineData("missing-element")]
    public async Task Export_writes_the_records_whose_payloads_hash_to_the_findings_evidence(string kind)
    {
        var finding = Finding(kind);
        var wanted = finding.Evidence.Select(Hex).ToHashSet(StringComparer.Ordinal);
        using var folder = new TempFolder();
        var outFile = Path.Combine(folder.Path, "finding.warc.gz");

        var result = await MonitorProcess.RunAsync(folder.Path, "evidence", "export", "--finding", finding.Id, "--out", outFile, "--state", State, "--config", RepoPaths.SampleConfig);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("记录数：", result.Output, StringComparison.Ordinal);
        Assert.Contains("文件：" + outFile, result.Output, StringComparison.Ordinal);
        var read = WarcReader.ReadFile(outFile);
        Assert.False(read.TruncatedTail);
        Assert.Equal("warcinfo", read.Records[0].Type);
        Assert.Equal("finding.warc.gz", read.Records[0].Header("WARC-Filename"));
        Assert.Contains(finding.Id, System.Text.Encoding.UTF8.GetString(read.Records[0].Block), StringComparison.Ordinal);
        var responses = read.Records.Where(r => r.Type == "response").ToList();
        Assert.Equal(responses.Count, read.Records.Count(r => r.Type == "request"));
        var payloadShas = responses.Select(r => Convert.ToHexStringLower(SHA256.HashData(r.Payload))).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(wanted, payloadShas);
        Assert.All(responses, r => Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(r.Payload)), WarcDigest.ToHex(r.Header("WARC-Payload-Digest"))));
        Assert.Contains($"记录数：{read.Records.Count}", result.Output, StringComparison.Ordinal);
        // The finding's page is among the exported target URIs.
        Assert.Contains(finding.DocumentUrl, responses.Select(r => r.TargetUri));

        if (WarcCheck.Script is not null || Metrics.TestServers.IsCi)
        {
            var report = await WarcCheck.RunAsync(outFile);
            Assert.True(report.Ok, report.Json.ToString());
            Assert.Equal(read.Records.Count, report.Records);
            Assert.Equal(responses.Select(r => r.TargetUri!).Distinct().Order(StringComparer.Ordinal), report.TargetUris.Order(StringComparer.Ordinal));
            Assert.Superset(wanted, report.ResponsePayloadSha256s.ToHashSet(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task An_unknown_finding_exits_2_with_a_chinese_message_and_writes_nothing()
    {
        using var folder = new TempFolder();
        var outFile = Path.Combine(folder.Path, "none.warc.gz");

        var result = await MonitorProcess.RunAsync(folder.Path, "evidence", "export", "--finding", "F0000000000000000", "--out", outFile, "--state", State);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("未找到问题 F0000000000000000", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(outFile));
    }

    [Fact]
    public async Task A_store_from_before_warc_writing_says_so_and_exits_1()
    {
        var finding = Finding("broken-link");
        using var folder = new TempFolder();
        var oldState = Path.Combine(folder.Path, "state");
        Directory.CreateDirectory(Path.Combine(oldState, "evidence"));
        File.Copy(Path.Combine(State, "monitor.db"), Path.Combine(oldState, "monitor.db"));
        var outFile = Path.Combine(folder.Path, "old.warc.gz");

        var result = await MonitorProcess.RunAsync(folder.Path, "evidence", "export", "--finding", finding.Id, "--out", outFile, "--state", oldState);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("没有它们的 WARC 记录", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(outFile));
    }
}

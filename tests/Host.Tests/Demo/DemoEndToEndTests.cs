using System.Text.Json;
using Json.Schema;
using Monitor.Host.Output;
using Monitor.Host.Tests.Support;
using Monitor.RuleEngine.Evaluation;

namespace Monitor.Host.Tests.Demo;

/// <summary>
/// The whole flow on the default sample portal: crawl over real HTTP on loopback, evaluate, store,
/// write outputs; then compare with the portal's ground-truth manifest.
/// </summary>
public sealed class DemoEndToEndTests(DemoBaselineFixture demo) : IClassFixture<DemoBaselineFixture>
{
    private static readonly string[] IssueKinds =
        ["missing-item", "late-publication", "missing-element", "stale-column", "blank-column", "stale-homepage", "broken-link"];

    [Fact]
    public void The_sample_plants_every_fault_kind_of_the_slice()
    {
        var planted = demo.Outcome.Manifest.Faults.Select(f => f.Kind).ToHashSet();
        foreach (var kind in IssueKinds)
        {
            Assert.Contains(kind, planted);
        }
    }

    [Fact]
    public void Every_planted_fault_is_found_and_nothing_else_is_reported()
    {
        var comparison = demo.Outcome.Comparison;
        Assert.Empty(comparison.Missed);
        Assert.Empty(comparison.Unexpected.Select(f => $"{f.Kind.ToWire()} {f.SourceId} {f.DocumentUrl} {f.Message}"));
        foreach (var kind in comparison.Kinds)
        {
            Assert.Equal(1.0, kind.Precision);
            Assert.Equal(1.0, kind.Recall);
        }

        Assert.Equal(demo.Outcome.Manifest.Faults.Count, demo.Outcome.Scan.Evaluation.Findings.Count);
    }

    [Fact]
    public void Every_source_of_the_default_sample_is_assessed()
    {
        Assert.All(demo.Outcome.Scan.Evaluation.Sources, s => Assert.True(s.Assessed, $"{s.SourceId}: {s.Reason}"));
        Assert.Equal(demo.Outcome.Manifest.Sources.Count, demo.Outcome.Scan.Evaluation.Sources.Count);
    }

    [Fact]
    public async Task Findings_json_follows_the_contract_schema()
    {
        var schema = JsonSchema.FromText(await File.ReadAllTextAsync(RepoPaths.FindingsSchema));
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(demo.OutDirectory, "findings.json")));
        var result = schema.Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        Assert.True(result.IsValid, string.Join("; ", errors));
    }

    [Fact]
    public async Task Findings_json_carries_evidence_that_exists_in_the_evidence_store()
    {
        var document = FindingsJson.Deserialize(await File.ReadAllTextAsync(Path.Combine(demo.OutDirectory, "findings.json")));
        Assert.NotEmpty(document.Findings);
        foreach (var finding in document.Findings)
        {
            Assert.NotEmpty(finding.Evidence);
            foreach (var evidence in finding.Evidence)
            {
                var sha = evidence["sha256:".Length..];
                var blob = Path.Combine(demo.OutDirectory, "state", "evidence", "objects", sha[..2], sha);
                Assert.True(File.Exists(blob), $"{finding.Id}: evidence {sha} missing");
                var bytes = await File.ReadAllBytesAsync(blob);
                Assert.Equal(sha, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
            }
        }
    }

    [Fact]
    public void The_demo_writes_report_and_one_mail_per_department_with_findings()
    {
        Assert.True(File.Exists(Path.Combine(demo.OutDirectory, "report.html")));
        Assert.True(File.Exists(Path.Combine(demo.OutDirectory, "manifest.json")));
        var departmentsWithFindings = demo.Outcome.Scan.Evaluation.Findings.Select(f => f.DepartmentId).Distinct().Order().ToList();
        var mails = Directory.GetFiles(Path.Combine(demo.OutDirectory, "mails"), "*.eml").Select(p => Path.GetFileNameWithoutExtension(p)!).Order().ToList();
        Assert.Equal(departmentsWithFindings, mails);
    }

    [Fact]
    public void Findings_carry_department_rule_version_and_chinese_messages()
    {
        var departments = demo.Outcome.Scan.Report.Departments.Select(d => d.Id).ToHashSet();
        Assert.All(demo.Outcome.Scan.Evaluation.Findings, f =>
        {
            Assert.Contains(f.DepartmentId, departments);
            Assert.False(string.IsNullOrWhiteSpace(f.RuleVersion));
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", f.Message);
            Assert.Matches("^F[0-9a-f]{16}$", f.Id);
        });
    }

    [Fact]
    public void Item_findings_name_their_area_and_the_late_one_its_due_date()
    {
        var late = Assert.Single(demo.Outcome.Scan.Evaluation.Findings, f => f.Kind == FindingKind.LatePublication && f.SourceId == "bzxzf");
        Assert.Equal("bzxzf", late.Area);
        Assert.NotNull(late.DueDate);
        Assert.NotNull(late.Basis);
    }
}

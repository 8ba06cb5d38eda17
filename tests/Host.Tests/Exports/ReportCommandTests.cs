using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Monitor.Host.Api;
using Monitor.Host.Assessments;
using Monitor.Host.Cli;
using Monitor.Host.Exports;
using Monitor.Host.Store;
using Monitor.Host.Tests.Support;
using Monitor.SamplePortal;

namespace Monitor.Host.Tests.Exports;

/// <summary>
/// <c>monitor report</c> run as the built executable on a store filled by scanning the sample portal (as of 2026-12-01):
/// JSON byte-identical to the stored assessment, CSV and XLSX that read back with Chinese intact, file names by default,
/// and exit code 2 with the stored periods listed when a period is unknown.
/// </summary>
public sealed class ReportCommandTests(ReportStoreFixture store) : IClassFixture<ReportStoreFixture>
{
    [Fact]
    public async Task Json_is_the_stored_assessment_text_byte_for_byte()
    {
        using var folder = new TempFolder();
        var file = Path.Combine(folder.Path, "live.json");

        var result = await Report(folder.Path, "--format", "json", "--out", file);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("JSON 评估文件已写出：" + file, result.Output, StringComparison.Ordinal);
        Assert.Equal(Encoding.UTF8.GetBytes(store.LiveJson), await File.ReadAllBytesAsync(file));
    }

    [Theory]
    [InlineData("scores")]
    [InlineData("findings")]
    [InlineData("items")]
    public async Task Each_csv_table_reads_back_with_one_row_per_record_and_chinese_intact(string table)
    {
        using var folder = new TempFolder();

        var result = await Report(folder.Path, "--format", "csv", "--table", table);

        Assert.Equal(0, result.ExitCode);
        var file = Path.Combine(folder.Path, $"{table}-live.csv");
        Assert.Contains(file, result.Output, StringComparison.Ordinal);
        var rows = CsvReader.Parse(file);
        var live = store.Live;
        var (header, count) = table switch
        {
            "scores" => (AssessmentCsv.ScoreHeaders, live.Scores.Count),
            "findings" => (AssessmentCsv.FindingHeaders, live.Findings.Count),
            _ => (AssessmentCsv.ItemHeaders, live.Items.Count),
        };
        Assert.Equal(header, rows[0]);
        Assert.Equal(count + 1, rows.Count);
        Assert.True(count > 0, $"the sample scan produced no {table}");
        Assert.All(rows, r => Assert.Equal(header.Count, r.Count));
        if (table == "findings")
        {
            Assert.Equal(live.Findings.Select(f => f.Message), rows.Skip(1).Select(r => r[AssessmentCsv.FindingHeaders.ToList().IndexOf("问题描述")]));
            Assert.Contains(rows.Skip(1), r => r[1] == "应公开未公开" && r[2] == "missing-item");
        }
        else if (table == "scores")
        {
            Assert.Contains(rows, r => r[0] == "全站" && r[3] == live.Site.Name);
        }
    }

    [Fact]
    public async Task Xlsx_has_the_three_sheets_and_evidence_links_on_the_default_api_address()
    {
        using var folder = new TempFolder();

        var result = await Report(folder.Path, "--format", "xlsx");

        Assert.Equal(0, result.ExitCode);
        var file = Path.Combine(folder.Path, "report-live.xlsx");
        var book = WorkbookContent.Read(file);
        Assert.Equal(["部门排名", "标准目录", "问题清单"], book.Sheets.Select(s => s.Name));
        Assert.Contains(store.Live.Site.Name, book.Sheets[0].Texts(1).Single(), StringComparison.Ordinal);
        Assert.Equal(store.Live.Items.Count + 2, book.Sheets[1].Rows.Count);
        Assert.Equal(store.Live.Findings.Count + 2, book.Sheets[2].Rows.Count);

        using var document = SpreadsheetDocument.Open(file, false);
        var sheet = document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == "问题清单");
        var part = (WorksheetPart)document.WorkbookPart.GetPartById(sheet.Id!);
        var targets = part.HyperlinkRelationships.Select(r => r.Uri.AbsoluteUri).ToList();
        var withEvidence = store.Live.Findings.Where(f => f.Evidence.Count > 0).ToList();
        Assert.NotEmpty(withEvidence);
        Assert.All(withEvidence, f => Assert.Contains(ApiLinks.Evidence(ReportCommand.DefaultLinkBase, f.Evidence[0]).AbsoluteUri, targets));
    }

    [Fact]
    public async Task With_a_config_the_evidence_links_use_the_public_api_address()
    {
        using var folder = new TempFolder();
        var config = Path.Combine(folder.Path, "config");
        Directory.CreateDirectory(config);
        foreach (var file in Directory.GetFiles(RepoPaths.SampleConfig))
        {
            File.Copy(file, Path.Combine(config, Path.GetFileName(file)));
        }

        await File.AppendAllTextAsync(Path.Combine(config, "deployment.yaml"), "\napi:\n  url: http://127.0.0.1:8499\n  publicUrl: https://gkjc.example.gov.cn/\n");

        var result = await Report(folder.Path, "--format", "xlsx", "--config", config, "--out", "out/book.xlsx");

        Assert.Equal(0, result.ExitCode);
        using var document = SpreadsheetDocument.Open(Path.Combine(folder.Path, "out", "book.xlsx"), false);
        var targets = document.WorkbookPart!.WorksheetParts.SelectMany(p => p.HyperlinkRelationships).Select(r => r.Uri.AbsoluteUri).ToList();
        Assert.Contains(targets, t => t.StartsWith("https://gkjc.example.gov.cn/api/v1/evidence/", StringComparison.Ordinal));
        Assert.DoesNotContain(targets, t => t.StartsWith("http://127.0.0.1:8480/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_frozen_period_is_exported_by_its_id()
    {
        using var folder = new TempFolder();

        var result = await Report(folder.Path, "--period", ReportStoreFixture.Period, "--format", "json");

        Assert.Equal(0, result.ExitCode);
        var json = await File.ReadAllTextAsync(Path.Combine(folder.Path, $"report-{ReportStoreFixture.Period}.json"));
        Assert.Equal(store.FrozenJson, json);
        Assert.Equal("frozen", Assessment.FromJson(json).Kind);
    }

    [Fact]
    public void The_report_of_a_period_draws_the_frozen_periods_that_ended_before_it_oldest_first()
    {
        using var db = MonitorStore.Open(Path.Combine(store.State, "monitor.db"));
        var site = store.Live.SiteScore!;

        var forLive = ReportCommand.EarlierPeriods(db, store.Live);
        var forNovember = ReportCommand.EarlierPeriods(db, Assessment.FromJson(store.FrozenJson));

        Assert.Equal(
            [new Assessment.TrendPoint("2026-11-01T00:00:00+08:00", 61.5, site.Max), new Assessment.TrendPoint(store.Live.AsOf, site.Score, site.Max)],
            forLive);
        Assert.Equal([new Assessment.TrendPoint("2026-11-01T00:00:00+08:00", 61.5, site.Max)], forNovember);
        Assert.Empty(ReportCommand.EarlierPeriods(db, db.LoadAssessment(ReportStoreFixture.EarlierPeriod)!));
    }

    [Fact]
    public async Task The_html_report_is_written_as_one_page_naming_the_site()
    {
        using var folder = new TempFolder();

        var result = await Report(folder.Path, "--format", "html");

        Assert.Equal(0, result.ExitCode);
        var html = await File.ReadAllTextAsync(Path.Combine(folder.Path, "report-live.html"));
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains(store.Live.Site.Name, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_period_exits_2_and_lists_the_stored_ones()
    {
        using var folder = new TempFolder();

        var result = await Report(folder.Path, "--period", "2025-Q1", "--format", "csv");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("没有评估期间 \"2025-Q1\"", result.Error, StringComparison.Ordinal);
        Assert.Contains("  live（实时评估", result.Error, StringComparison.Ordinal);
        Assert.Contains($"  {ReportStoreFixture.Period}（2026-11-01 至 2026-11-30", result.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Theory]
    [InlineData("--format", "pdf")]
    [InlineData("--format", "csv", "--table", "sources")]
    public async Task A_format_or_table_it_does_not_know_exits_2(params string[] args)
    {
        using var folder = new TempFolder();

        var result = await Report(folder.Path, args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("参数有误", result.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public async Task A_state_folder_without_a_store_exits_2()
    {
        using var folder = new TempFolder();

        var result = await MonitorProcess.RunAsync(folder.Path, "report", "--state", Path.Combine(folder.Path, "nothing"), "--format", "json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("未找到状态库", result.Error, StringComparison.Ordinal);
    }

    private Task<MonitorProcess.Result> Report(string workingDirectory, params string[] args) =>
        MonitorProcess.RunAsync(workingDirectory, ["report", "--state", store.State, .. args]);
}

/// <summary>
/// A store filled by one scan of the sample portal (its live assessment) plus the period <c>2026-11</c> frozen from it, so the
/// command has a live and a frozen assessment to export.
/// </summary>
public sealed class ReportStoreFixture : IAsyncLifetime
{
    public const string Period = "2026-11";

    /// <summary>A period frozen before <see cref="Period"/>, with the site score 61.5.</summary>
    public const string EarlierPeriod = "2026-10";

    private readonly TempFolder _folder = new();

    public string State => Path.Combine(_folder.Path, "state");

    internal Assessment Live { get; private set; } = null!;

    public string LiveJson { get; private set; } = null!;

    public string FrozenJson { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await using (var portal = await SamplePortalServer.StartAsync(new PortalOptions { AsOf = DemoHarness.AsOf }))
        {
            await SampleScan.RunAsync(portal, _folder.Path);
        }

        using var store = MonitorStore.Open(Path.Combine(State, "monitor.db"));
        LiveJson = store.AssessmentJson(Assessment.LiveId)?.Json ?? throw new InvalidOperationException("the sample scan stored no live assessment");
        Live = Assessment.FromJson(LiveJson);
        var frozen = Live with
        {
            Id = Period,
            Kind = Assessment.FrozenKind,
            From = "2026-11-01",
            To = "2026-11-30",
            FrozenAt = "2026-12-01T09:00:00+08:00",
            FrozenBy = "测试",
        };
        Assert.True(store.FreezeAssessment(frozen, [1, 2, 3], new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.Zero)));
        FrozenJson = store.AssessmentJson(Period)!.Json;
        var october = frozen with
        {
            Id = EarlierPeriod,
            From = "2026-10-01",
            To = "2026-10-31",
            AsOf = "2026-11-01T00:00:00+08:00",
            Scores = [.. Live.Scores.Select(s => s.Scope == "site" ? s with { Score = 61.5 } : s)],
        };
        Assert.True(store.FreezeAssessment(october, [1, 2, 3], new DateTimeOffset(2026, 11, 1, 1, 0, 0, TimeSpan.Zero)));
    }

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }
}

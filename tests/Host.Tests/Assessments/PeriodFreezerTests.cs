using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Monitor.Alerting;
using Monitor.Host.Assessments;
using Monitor.Host.Store;
using Monitor.Host.Tests.Support;
using Monitor.RuleEngine.Evaluation;
using Monitor.SamplePortal;

namespace Monitor.Host.Tests.Assessments;

/// <summary>
/// Frozen assessment periods over the sample portal's store: a period is evaluated from the stored documents at its as-of,
/// stored once with its rule files, never changed, and reproducible — also after more crawling and a change of the rules.
/// </summary>
[Collection(ScannedStoreCollection.Name)]
public sealed partial class PeriodFreezerTests(ScannedStoreFixture fixture)
{
    /// <summary>"Today" for freezing: 3 December 2026, 10:00 in Shanghai (November has ended).</summary>
    private static readonly DateTimeOffset Today = new(2026, 12, 3, 10, 0, 0, ChinaTime.Offset);

    private PeriodFreezer Freezer(DateTimeOffset? now = null) => new(fixture.Deployment, new FakeTimeProvider(now ?? Today));

    private static MonitorStore Open(string state) => MonitorStore.Open(Path.Combine(state, "monitor.db"));

    [Fact]
    public void A_frozen_month_is_the_sites_evaluation_at_its_as_of_and_is_stored_as_the_exact_json_read_back_later()
    {
        using var folder = new TempFolder();
        using var store = Open(fixture.CopyState(folder.Path));

        var outcome = Freezer().Freeze(store, RepoPaths.Rules, AssessmentPeriod.Parse("2026-11"), "第三方评估组");

        Assert.Equal(FreezeStatus.Frozen, outcome.Status);
        var period = outcome.Period!;
        Assert.Equal(outcome.Json, store.AssessmentJson("2026-11")!.Json);
        Assert.Equal(MonitorStore.Sha256Hex(outcome.Json!), store.AssessmentSha256("2026-11"));
        Assert.Equal(("frozen", "2026-11-01", "2026-11-30", "2026-12-01T00:00:00+08:00"), (period.Kind, period.From, period.To, period.AsOf));
        Assert.Equal(("2026-12-03T10:00:00+08:00", "第三方评估组"), (period.FrozenAt, period.FrozenBy));
        Assert.Equal("2026.12.0", period.RuleVersion);
        Assert.Equal(fixture.Scan.Evaluation.CatalogVersion, period.CatalogVersion);
        Assert.Equal(fixture.Scan.Record.ScanId, period.LastScanId);
        // The rules named are the rules archived, and the archive is the rules folder's.
        var archive = store.RulesArchive("2026-11")!;
        Assert.Equal(RulesArchive.Create(RepoPaths.Rules), archive);
        Assert.Equal(RulesArchive.Sha256(archive), period.RulesSha256);
        // Scanned as of the period's as-of, the store holds exactly what the scan saw: the same scores and findings.
        Assert.Equal(
            fixture.Scan.Evaluation.Scores.Select(s => (s.Scope.ToString().ToLowerInvariant(), s.Key, s.Value, s.Max)),
            period.Scores.Select(s => (s.Scope, s.Key, s.Score, s.Max)));
        Assert.Equal(fixture.Scan.Evaluation.Findings.Select(f => f.Id).Order(StringComparer.Ordinal), period.Findings.Select(f => f.Id).Order(StringComparer.Ordinal));
        Assert.NotEmpty(period.Findings);
        // The first scan was on the as-of day, so the trend is the one point at the as-of.
        var point = Assert.Single(period.Trend);
        Assert.Equal((period.AsOf, period.SiteScore!.Score, period.SiteScore.Max), (point.AsOf, point.Score, point.Max));
        Assert.Contains(store.Assessments(), a => a.Id == "2026-11" && a.Kind == "frozen" && a.RulesSha256 == period.RulesSha256);
    }

    [Fact]
    public void Freezing_an_id_again_is_refused_and_leaves_the_stored_period_unchanged()
    {
        using var folder = new TempFolder();
        using var store = Open(fixture.CopyState(folder.Path));
        var first = Freezer().Freeze(store, RepoPaths.Rules, AssessmentPeriod.Parse("2026-11"), "甲");

        var again = Freezer(Today.AddDays(5)).Freeze(store, RepoPaths.Rules, AssessmentPeriod.Parse("2026-11"), "乙");
        var custom = Freezer(Today.AddDays(5)).Freeze(store, RepoPaths.Rules, AssessmentPeriod.Parse("2026-Q4x", "2026-11-01", "2026-11-30"), "乙");

        Assert.Equal(FreezeStatus.Frozen, first.Status);
        Assert.Equal(FreezeStatus.AlreadyFrozen, again.Status);
        Assert.Contains("已冻结，冻结后不可更改", again.Message, StringComparison.Ordinal);
        Assert.Null(again.Period);
        Assert.Equal(first.Json, store.AssessmentJson("2026-11")!.Json);
        Assert.Equal("甲", store.LoadAssessment("2026-11")!.FrozenBy);
        Assert.Equal(first.Period!.RulesSha256, store.Assessments().Single(a => a.Id == "2026-11").RulesSha256);
        // Another id over the same days is another period, with the same numbers.
        Assert.Equal(FreezeStatus.Frozen, custom.Status);
        Assert.Equal(first.Period.Scores, custom.Period!.Scores);
        Assert.Equal(2, store.Assessments().Count(a => a.Kind == "frozen"));
    }

    [Theory]
    [InlineData("2026-11", "2026-11-30T23:59:00+08:00", "尚未结束")]
    [InlineData("2026-Q4", "2026-12-03T10:00:00+08:00", "尚未结束")]
    [InlineData("2026-12", "2027-01-01T00:00:00+08:00", null)]
    public void A_period_is_frozen_only_after_its_last_day_has_ended_in_Shanghai(string id, string now, string? refusal)
    {
        using var folder = new TempFolder();
        using var store = Open(fixture.CopyState(folder.Path));

        var outcome = Freezer(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)).Freeze(store, RepoPaths.Rules, AssessmentPeriod.Parse(id), "甲");

        if (refusal is null)
        {
            Assert.Equal(FreezeStatus.Frozen, outcome.Status);
            Assert.NotNull(store.AssessmentJson(id));
        }
        else
        {
            Assert.Equal(FreezeStatus.NotEnded, outcome.Status);
            Assert.Contains(refusal, outcome.Message, StringComparison.Ordinal);
            Assert.Null(store.AssessmentJson(id));
        }
    }

    [Fact]
    public void A_month_is_trended_at_each_weeks_end_from_the_first_scans_day_and_verifies_with_its_trend()
    {
        using var folder = new TempFolder();
        using var store = Open(fixture.CopyState(folder.Path));
        var freezer = Freezer(new DateTimeOffset(2027, 1, 2, 9, 0, 0, ChinaTime.Offset));

        var outcome = freezer.Freeze(store, RepoPaths.Rules, AssessmentPeriod.Parse("2026-12"), "甲");

        Assert.Equal(FreezeStatus.Frozen, outcome.Status);
        Assert.Equal(
            ["2026-12-07T00:00:00+08:00", "2026-12-14T00:00:00+08:00", "2026-12-21T00:00:00+08:00", "2026-12-28T00:00:00+08:00", "2027-01-01T00:00:00+08:00"],
            outcome.Period!.Trend.Select(p => p.AsOf));
        Assert.Equal(outcome.Period.SiteScore!.Score, outcome.Period.Trend[^1].Score);
        Assert.Equal(fixture.Scan.Record.ScanId, outcome.Period.LastScanId);
        Assert.Equal(VerifyStatus.Same, freezer.Verify(store, "2026-12").Status);
    }

    [Fact]
    public void A_period_before_anything_was_crawled_is_refused()
    {
        using var folder = new TempFolder();
        using var store = Open(fixture.CopyState(folder.Path));

        var outcome = Freezer().Freeze(store, RepoPaths.Rules, AssessmentPeriod.Parse("2026-10"), "甲");

        Assert.Equal(FreezeStatus.NothingCrawled, outcome.Status);
        Assert.Contains("没有任何采集记录", outcome.Message, StringComparison.Ordinal);
        Assert.Null(store.AssessmentJson("2026-10"));
    }

    [Fact]
    public void Verifying_a_tampered_period_lists_where_it_differs()
    {
        using var folder = new TempFolder();
        var state = fixture.CopyState(folder.Path);
        using (var store = Open(state))
        {
            Assert.Equal(FreezeStatus.Frozen, Freezer().Freeze(store, RepoPaths.Rules, AssessmentPeriod.Parse("2026-11"), "甲").Status);
            Assert.Equal(VerifyStatus.Same, Freezer().Verify(store, "2026-11").Status);
        }

        using (var connection = new SqliteConnection($"Data Source={Path.Combine(state, "monitor.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """UPDATE assessments SET document = replace(document, '"ruleVersion":"2026.12.0","catalogVersion"', '"ruleVersion":"2025.01.0","catalogVersion"') WHERE id = '2026-11'""";
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        using var reopened = Open(state);
        var verified = Freezer().Verify(reopened, "2026-11");

        Assert.Equal(VerifyStatus.Different, verified.Status);
        Assert.Contains(verified.Differences, d => d.Contains("SHA-256 不符", StringComparison.Ordinal));
        Assert.Contains("$.ruleVersion：存储为 \"2025.01.0\"，复算为 \"2026.12.0\"", verified.Differences);
        Assert.Equal(VerifyStatus.NotFound, Freezer().Verify(reopened, "2026-09").Status);
    }

    [Fact]
    public void Differences_name_the_json_path_and_both_values()
    {
        var stored = System.Text.Json.Nodes.JsonNode.Parse("""{"a":1,"b":[{"c":"x"},{"c":"y"}],"d":"甲"}""");
        var again = System.Text.Json.Nodes.JsonNode.Parse("""{"a":1,"b":[{"c":"x"},{"c":"z"},{"c":"w"}],"e":null}""");

        var differences = PeriodFreezer.Differences(stored, again, "$").ToList();

        Assert.Equal(
            ["$.b[1].c：存储为 \"y\"，复算为 \"z\"", "$.b：存储中有 2 项，复算得到 3 项", "$.d：存储中有，复算结果中没有", "$.e：复算结果中有，存储中没有"],
            differences);
    }

    /// <summary>
    /// The issue's promise: a frozen period answers byte-identically after more crawling (a later scan in which a document
    /// was withdrawn and one edited) and after a rule change (new version, shorter deadlines, a stricter blank-column line), and
    /// verification with the archived rules still reproduces it; the change did matter, since a new period frozen over
    /// the same days with the changed rules scores differently.
    /// </summary>
    [Fact]
    public async Task A_frozen_period_stays_byte_identical_and_verifiable_after_more_crawling_and_a_rule_change()
    {
        using var folder = new TempFolder();
        var options = new PortalOptions { AsOf = DemoHarness.AsOf };
        await using var portal = await SamplePortalServer.StartAsync(options);
        var first = await SampleScan.RunAsync(portal, folder.Path);
        var deployment = Monitor.Host.Configuration.DeploymentLoader.Load(RepoPaths.SampleConfig).WithBaseUrl(portal.BaseUrl);
        var freezer = new PeriodFreezer(deployment, new FakeTimeProvider(new DateTimeOffset(2026, 12, 20, 9, 0, 0, ChinaTime.Offset)));
        var state = Path.Combine(folder.Path, "state");
        string frozenJson;
        byte[] frozenArchive;
        using (var store = Open(state))
        {
            var frozen = freezer.Freeze(store, RepoPaths.Rules, AssessmentPeriod.Parse("2026-11"), "督查室");
            Assert.Equal(FreezeStatus.Frozen, frozen.Status);
            frozenJson = store.AssessmentJson("2026-11")!.Json;
            frozenArchive = store.RulesArchive("2026-11")!;
            Assert.Equal(VerifyStatus.Same, freezer.Verify(store, "2026-11").Status);
        }

        // More crawling: a week later a notice was withdrawn and another edited.
        var notices = first.Crawls.Single(c => c.SourceId == "tzgg").Documents;
        portal.Swap(PortalGenerator.Generate(options with
        {
            WithdrawnDocuments = new HashSet<string>([notices[3].Entry.Url.PathAndQuery], StringComparer.Ordinal),
            EditedDocuments = new HashSet<string>([notices[5].Entry.Url.PathAndQuery], StringComparer.Ordinal),
        }));
        var second = await ScannedStoreFixture.ScanAsync(portal, folder.Path, DemoHarness.AsOf.AddDays(7));
        Assert.Contains(second.Evaluation.Findings, f => f.Kind == FindingKind.RemovedDocument);
        Assert.True(second.Record.NewVersions > 0, "the later scan stored no new version");

        // A rule change: a new version, shorter working-day deadlines and a site-level line from the first blank column on.
        var rules = Path.Combine(folder.Path, "rules-2027");
        CopyFolder(RepoPaths.Rules, rules);
        Edit(Path.Combine(rules, "ruleset.yaml"), text => text
            .Replace("version: 2026.12.0\neffective: 2026-12-01", "version: 2027.01.0\neffective: 2027-01-01", StringComparison.Ordinal)
            .TrimEnd() + "\n  - version: 2027.01.0\n    effective: 2027-01-01\n    notes: 测试用：期限缩短\n");
        Edit(Path.Combine(rules, "site-checks.yaml"), text => text.Replace(
            "blank:\n    warningAbove: 2\n    vetoAtLeast: 5",
            "blank:\n    warningAbove: 0\n    vetoAtLeast: 2",
            StringComparison.Ordinal));
        var shortened = 0;
        foreach (var catalog in Directory.EnumerateFiles(Path.Combine(rules, "catalog"), "*.yaml"))
        {
            var text = File.ReadAllText(catalog);
            shortened += WorkingDays().Count(text);
            File.WriteAllText(catalog, WorkingDays().Replace(text, "kind: working-days-after, days: 2,"));
        }

        Assert.True(shortened > 10, $"only {shortened} working-day deadlines found");

        Assert.NotEqual(RulesArchive.Create(RepoPaths.Rules), RulesArchive.Create(rules));

        using (var store = Open(state))
        {
            Assert.Equal(frozenJson, store.AssessmentJson("2026-11")!.Json);
            Assert.Equal(frozenArchive, store.RulesArchive("2026-11"));
            var verified = freezer.Verify(store, "2026-11");
            Assert.True(verified.Status == VerifyStatus.Same, verified.Message + "\n" + string.Join("\n", verified.Differences));

            // The frozen period also refuses to be frozen again with the new rules.
            Assert.Equal(FreezeStatus.AlreadyFrozen, freezer.Freeze(store, rules, AssessmentPeriod.Parse("2026-11"), "督查室").Status);
            Assert.Equal(frozenJson, store.AssessmentJson("2026-11")!.Json);

            // The same days with the old rules after more crawling: the same numbers (only what scan 1 knew is used).
            var sameDays = freezer.Freeze(store, RepoPaths.Rules, AssessmentPeriod.Parse("nov-again", "2026-11-01", "2026-11-30"), "督查室");
            var old = Assessment.FromJson(frozenJson);
            Assert.Equal(old.Scores, sameDays.Period!.Scores);
            Assert.Equal(JsonSerializer.Serialize(old.Findings), JsonSerializer.Serialize(sameDays.Period.Findings));
            Assert.Equal(old.Items, sameDays.Period.Items);

            // The same days with the changed rules: other numbers, other rules named.
            var changed = freezer.Freeze(store, rules, AssessmentPeriod.Parse("nov-newrules", "2026-11-01", "2026-11-30"), "督查室");
            Assert.Equal(FreezeStatus.Frozen, changed.Status);
            Assert.NotEqual(old.RulesSha256, changed.Period!.RulesSha256);
            // The sample site is vetoed (stale homepage), so its own score is 0 either way; the units' scores move.
            Assert.Contains(changed.Period.Scores, s => s.Scope == "department" && old.Scores.Single(o => o.Scope == s.Scope && o.Key == s.Key).Score > s.Score);
            Assert.True(
                changed.Period.Findings.Count(f => f.Kind == "late-publication") > old.Findings.Count(f => f.Kind == "late-publication"),
                "the shorter working-day deadlines found no more late publications");
            Assert.Contains(changed.Period.Findings, f => f.Kind == "blank-column" && f.SourceId is null);
            Assert.DoesNotContain(old.Findings, f => f.Kind == "blank-column" && f.SourceId is null);
            Assert.Equal(VerifyStatus.Same, freezer.Verify(store, "nov-newrules").Status);
        }
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static void Edit(string path, Func<string, string> change)
    {
        var before = File.ReadAllText(path);
        var after = change(before);
        Assert.NotEqual(before, after);
        File.WriteAllText(path, after);
    }

    [GeneratedRegex(@"kind: working-days-after, days: \d+,")]
    private static partial Regex WorkingDays();
}

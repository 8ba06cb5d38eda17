using Monitor.Host.Assessments;
using Monitor.Host.Store;
using Monitor.Host.Tests.Demo;
using Monitor.Host.Tests.Support;

namespace Monitor.Host.Tests.Store;

/// <summary>
/// The stored assessments the API serves: the live one is the demo scan's evaluation and is replaced by later passes; a
/// frozen period is written once and a second freeze under the same id changes nothing.
/// </summary>
public sealed class AssessmentStoreTests(DemoBaselineFixture demo) : IClassFixture<DemoBaselineFixture>
{
    [Fact]
    public void A_scan_stores_its_evaluation_as_the_live_assessment()
    {
        using var store = MonitorStore.Open(Path.Combine(demo.OutDirectory, "state", "monitor.db"));
        var live = store.LoadAssessment(Assessment.LiveId);
        var evaluation = demo.Outcome.Scan.Evaluation;

        Assert.NotNull(live);
        Assert.Equal(Assessment.LiveKind, live.Kind);
        Assert.Equal(evaluation.AsOf, live.AsOfTime);
        Assert.Equal(evaluation.CatalogVersion, live.CatalogVersion);
        Assert.Equal(evaluation.Findings.Select(f => f.Id).Order(StringComparer.Ordinal), live.Findings.Select(f => f.Id).Order(StringComparer.Ordinal));
        Assert.Equal(evaluation.Scores.Count, live.Scores.Count);
        Assert.Equal(evaluation.Items.Count, live.Items.Count);
        Assert.Equal(evaluation.Sources.Count, live.Sources.Count);
        Assert.All(live.Items, i => Assert.False(string.IsNullOrEmpty(i.Level1), i.ItemId));
        Assert.Equal(1, live.LastScanId);
    }

    [Fact]
    public void The_stored_text_is_canonical_and_its_hash_is_the_sha256_of_that_text()
    {
        using var store = MonitorStore.Open(Path.Combine(demo.OutDirectory, "state", "monitor.db"));
        var text = store.AssessmentJson(Assessment.LiveId)!;

        Assert.Equal(text.Json, Assessment.FromJson(text.Json).ToJson());
        Assert.Equal(MonitorStore.Sha256Hex(text.Json), text.Sha256);
        Assert.Equal(text.Sha256, store.AssessmentSha256(Assessment.LiveId));
        // Chinese is stored readable, not as \u escapes.
        Assert.Contains(live(text).Site.Name, text.Json, StringComparison.Ordinal);

        static Assessment live(MonitorStore.AssessmentText t) => Assessment.FromJson(t.Json);
    }

    [Fact]
    public void A_frozen_period_is_written_once_and_never_replaced()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "monitor.db");
        File.Copy(Path.Combine(demo.OutDirectory, "state", "monitor.db"), path);
        using var store = MonitorStore.Open(path);
        var live = store.LoadAssessment(Assessment.LiveId)!;
        var period = live with { Id = "2026-11", Kind = Assessment.FrozenKind, From = "2026-11-01", To = "2026-11-30", FrozenBy = "评估组" };
        var now = DateTimeOffset.Parse("2026-12-03T10:00:00+08:00", System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(store.FreezeAssessment(period, [1, 2, 3], now));
        var before = store.AssessmentJson("2026-11")!;
        Assert.False(store.FreezeAssessment(period with { FrozenBy = "另一人", Findings = [] }, [4], now.AddHours(1)));

        Assert.Equal(before, store.AssessmentJson("2026-11"));
        Assert.Equal([1, 2, 3], store.RulesArchive("2026-11"));
        Assert.Equal(["live", "2026-11"], store.Assessments().Select(a => a.Id));
        Assert.Throws<ArgumentException>(() => store.SaveLiveAssessment(period, now));
        Assert.Throws<ArgumentException>(() => store.FreezeAssessment(live, [], now));
    }
}

using Monitor.Host.Store;
using Monitor.Host.Tests.Demo;

namespace Monitor.Host.Tests.Store;

/// <summary>The SQLite store after one demo scan: every document, version, evidence capture and finding recorded.</summary>
public sealed class MonitorStoreTests(DemoBaselineFixture demo) : IClassFixture<DemoBaselineFixture>
{
    [Fact]
    public void The_store_records_every_fetched_document_once_with_its_evidence()
    {
        using var store = MonitorStore.Open(Path.Combine(demo.OutDirectory, "state", "monitor.db"));
        var fetched = demo.Outcome.Scan.Crawls.SelectMany(c => c.Documents).Count(d => d.Article is not null);
        var listPages = demo.Outcome.Scan.Crawls.Sum(c => c.ListPages.Count);

        Assert.Equal(1, store.Count("scans"));
        Assert.Equal(fetched, store.Count("documents"));
        Assert.Equal(fetched, store.Count("document_versions"));
        Assert.Equal(fetched + listPages, store.Count("evidence"));
        // Page sources and WeChat accounts each have a state.
        Assert.Equal(demo.Outcome.Scan.Crawls.Count, store.Count("source_states"));
    }

    [Fact]
    public void Every_finding_is_stored_open()
    {
        using var store = MonitorStore.Open(Path.Combine(demo.OutDirectory, "state", "monitor.db"));
        Assert.Equal(demo.Outcome.Scan.Evaluation.Findings.Select(f => f.Id).Order(), store.FindingIds("open"));
        Assert.Empty(store.FindingIds("resolved"));
    }

    [Fact]
    public void Opening_a_store_twice_keeps_its_schema_version()
    {
        using var first = MonitorStore.Open(Path.Combine(demo.OutDirectory, "state", "monitor.db"));
        var version = first.SchemaVersion;
        using var second = MonitorStore.Open(Path.Combine(demo.OutDirectory, "state", "monitor.db"));
        Assert.Equal(MonitorStore.LatestSchemaVersion, version);
        Assert.Equal(version, second.SchemaVersion);
    }
}

using Monitor.Alerting;
using Monitor.Host.Scanning;
using Monitor.Host.Store;
using Monitor.Host.Tests.Support;
using Monitor.RuleEngine.Evaluation;
using Monitor.SamplePortal;
using Xunit.Abstractions;

namespace Monitor.Host.Tests.Scanning;

/// <summary>
/// Re-scans of the sample portal into one store: an unchanged portal costs little more than its list pages (conditional
/// requests, known documents not fetched again), and the document lifecycle — a withdrawn document becomes
/// <c>removed-document</c> with evidence before and after, an edited one a second version with the first kept.
/// </summary>
public sealed class IncrementalScanTests(ITestOutputHelper output)
{
    private static readonly DateOnly AsOf = DemoHarness.AsOf;

    private static Task<ScanOutcome> ScanAsync(SamplePortalServer portal, string folder, TimeSpan? recheckAfter = null) =>
        SampleScan.RunAsync(portal, folder, recheckAfter);

    [Fact]
    public async Task A_rescan_of_the_unchanged_portal_asks_for_a_fraction_of_the_first_scans_requests_and_finds_the_same()
    {
        using var folder = new TempFolder();
        await using var portal = await SamplePortalServer.StartAsync(new PortalOptions { AsOf = AsOf });

        var first = await ScanAsync(portal, folder.Path);
        var firstRequests = portal.Requests.Snapshot();
        portal.Requests.Reset();
        var second = await ScanAsync(portal, folder.Path);
        var secondRequests = portal.Requests.Snapshot();

        output.WriteLine($"first scan: {firstRequests.Total} requests; re-scan: {secondRequests.Total} requests ({100.0 * secondRequests.Total / firstRequests.Total:0.0} %), of which 304: {secondRequests.Status(304)}");
        Assert.True(secondRequests.Total * 4 < firstRequests.Total, $"re-scan made {secondRequests.Total} requests, first scan {firstRequests.Total}");
        Assert.True(secondRequests.Status(304) > 0, "the re-scan sent no conditional request that was answered 304");
        Assert.Equal(first.Evaluation.Findings.Select(f => f.Id).Order(), second.Evaluation.Findings.Select(f => f.Id).Order());
        Assert.Equal(first.Evaluation.Scores.Select(s => (s.Scope, s.Key, s.Value)), second.Evaluation.Scores.Select(s => (s.Scope, s.Key, s.Value)));
        Assert.Equal((0, 0, 0), (second.Record.NewFindings, second.Record.NewDocuments, second.Record.NewVersions));
        Assert.True(second.Crawls.Sum(c => c.ReusedEntries.Count) > 100, "known documents were fetched again");
    }

    [Fact]
    public async Task A_withdrawn_document_is_a_removal_with_evidence_before_and_after_and_an_edited_one_a_second_version()
    {
        using var folder = new TempFolder();
        var options = new PortalOptions { AsOf = AsOf };
        await using var portal = await SamplePortalServer.StartAsync(options);
        var first = await ScanAsync(portal, folder.Path);
        var notices = first.Crawls.Single(c => c.SourceId == "tzgg").Documents;
        var withdrawn = notices[3];
        var edited = notices[5];
        Assert.DoesNotContain(first.Evaluation.Findings, f => f.Kind == FindingKind.RemovedDocument && f.SourceId == "tzgg");

        portal.Swap(PortalGenerator.Generate(options with
        {
            WithdrawnDocuments = new HashSet<string>([withdrawn.Entry.Url.PathAndQuery], StringComparer.Ordinal),
            EditedDocuments = new HashSet<string>([edited.Entry.Url.PathAndQuery], StringComparer.Ordinal),
        }));
        var second = await ScanAsync(portal, folder.Path, recheckAfter: TimeSpan.Zero);

        var removal = Assert.Single(second.Evaluation.Findings, f => f.Kind == FindingKind.RemovedDocument && f.SourceId == "tzgg");
        Assert.Equal(withdrawn.Entry.Url.PathAndQuery, new Uri(removal.DocumentUrl!).PathAndQuery);
        Assert.Contains("HTTP 404", removal.Message);
        Assert.Equal(2, removal.Evidence.Count);
        Assert.Equal("sha256:" + withdrawn.Fetch.Evidence!.Sha256, removal.Evidence[0]);
        var evidence = new Monitor.Crawler.Evidence.FileEvidenceStore(Path.Combine(folder.Path, "state", "evidence"));
        var after = await evidence.ReadAsync(removal.Evidence[1]["sha256:".Length..]);
        Assert.Contains("404", System.Text.Encoding.UTF8.GetString(after!));
        Assert.Equal(1, second.Record.NewVersions);
        Assert.Equal(1, second.Record.NewFindings);

        using (var store = MonitorStore.Open(Path.Combine(folder.Path, "state", "monitor.db")))
        {
            var versions = store.DocumentVersions().Where(v => v.DocKey == MonitorStore.DocumentKey("tzgg", edited.Entry.Url)).ToList();
            Assert.Equal([1L, 2L], versions.Select(v => v.Version));
            Assert.Contains(PortalGenerator.EditSentence, versions[1].Body);
            Assert.DoesNotContain(PortalGenerator.EditSentence, versions[0].Body);
        }

        // The document stays away: the finding stays open with the same id; nothing else changed.
        var third = await ScanAsync(portal, folder.Path);
        Assert.Contains(third.Evaluation.Findings, f => f.Id == removal.Id);
        Assert.Equal(0, third.Record.NewFindings);
        Assert.Equal(
            first.Evaluation.Findings.Select(f => f.Id).Append(removal.Id).Order(),
            third.Evaluation.Findings.Select(f => f.Id).Order());
    }
}

using System.Text.Json;
using Monitor.Alerting;
using Monitor.Host.Alerting;
using Monitor.Host.Api;
using Monitor.Host.Assessments;
using Monitor.Host.Store;
using Monitor.Host.Tests.Demo;
using Monitor.Host.Tests.Support;

namespace Monitor.Host.Tests.Store;

/// <summary>
/// The store's contract, run once on SQLite and once on PostgreSQL (<see cref="SqliteStoreSuiteTests"/>,
/// <see cref="PostgresStoreSuiteTests"/>): the demo scan's real crawl recorded into an empty store, the finding lifecycle,
/// observations, API reads and their order, assessments written once, keys, the request log, silences, probes and the
/// outbox claimed by two connections at once. Each test starts from a store of its own.
/// </summary>
public abstract class StoreSuite(DemoBaselineFixture demo) : IClassFixture<DemoBaselineFixture>
{
    protected static readonly DateTimeOffset Started = new(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(8));

    protected abstract TestStore NewStore();

    /// <summary>The demo scan as one pass, with the observations the demo stored (so the pass is the real one, not made up).</summary>
    internal PassRecord DemoPass()
    {
        using var baseline = MonitorStore.Open(Path.Combine(demo.OutDirectory, "state", "monitor.db"));
        var observations = baseline.LatestObservations();
        var scan = demo.Outcome.Scan;
        return new PassRecord(
            "sample", Started, Started.AddSeconds(3), scan.Evaluation.AsOf, scan.Evaluation.CatalogVersion, scan.Crawls,
            scan.Evaluation.Sources, scan.Evaluation.Findings,
            [.. observations.Where(o => o.Source is not null).Select(o => o.Source!)],
            [.. observations.Where(o => o.Account is not null).Select(o => o.Account!)]);
    }

    [Fact]
    public void A_new_store_is_migrated_to_the_latest_schema_once_even_when_four_connections_open_it_together()
    {
        using var testStore = NewStore();
        var opened = Enumerable.Range(0, 4).AsParallel().Select(_ =>
        {
            using var store = testStore.Open();
            return store.SchemaVersion;
        }).ToList();

        Assert.All(opened, v => Assert.Equal(MonitorStore.LatestSchemaVersion, v));
        using var again = testStore.Open();
        Assert.Equal(MonitorStore.LatestSchemaVersion, again.SchemaVersion);
    }

    [Fact]
    public void The_demo_pass_records_every_fetched_document_version_capture_finding_and_source_state()
    {
        using var testStore = NewStore();
        using var store = testStore.Open();
        var pass = DemoPass();
        var record = store.RecordPass(pass);

        var fetched = pass.Crawls.SelectMany(c => c.Documents).Count(d => d.Article is not null);
        var captures = pass.Crawls.SelectMany(c => c.ListPages.Select(p => p.Evidence).Concat(c.Documents.Select(d => d.Fetch.Evidence)))
            .Where(e => e is not null).Select(e => (e!.Sha256, e.Url, e.FetchedAt)).Distinct().Count();
        Assert.Equal(1, store.Count("scans"));
        Assert.Equal(fetched, record.NewDocuments);
        Assert.Equal(fetched, store.Count("documents"));
        Assert.Equal(fetched, store.Count("document_versions"));
        Assert.Equal(captures, store.Count("evidence"));
        Assert.Equal(pass.Assessments.Count, store.Count("source_states"));
        Assert.Equal(pass.Findings.Select(f => f.Id).Order(StringComparer.Ordinal), store.FindingIds("open"));
        Assert.Equal(pass.Findings.Count, record.NewFindings);
    }

    [Fact]
    public void Recording_the_same_pass_again_adds_no_document_or_version_and_a_finding_no_longer_reported_is_resolved()
    {
        using var testStore = NewStore();
        using var store = testStore.Open();
        var pass = DemoPass();
        store.RecordPass(pass);
        var dropped = pass.Findings.First(f => f.SourceId is not null && pass.Assessments.Any(a => a.SourceId == f.SourceId && a.Assessed));

        var again = store.RecordPass(pass with
        {
            StartedAt = Started.AddHours(1),
            FinishedAt = Started.AddHours(1).AddSeconds(3),
            Findings = [.. pass.Findings.Where(f => f.Id != dropped.Id)],
        });

        Assert.Equal(0, again.NewDocuments);
        Assert.Equal(0, again.NewVersions);
        Assert.Equal(0, again.NewFindings);
        Assert.Equal(pass.Findings.Count - 1, again.StillOpen);
        Assert.Equal(1, again.Resolved);
        Assert.Equal([dropped.Id], store.FindingIds("resolved"));
        var resolved = store.AlertableFindings().Single(f => f.Id == dropped.Id);
        Assert.Equal(Started.AddHours(1).AddSeconds(3), resolved.ResolvedAt);
    }

    [Fact]
    public void Observations_list_entries_link_checks_and_versions_read_back_as_recorded()
    {
        using var testStore = NewStore();
        using var store = testStore.Open();
        var pass = DemoPass();
        store.RecordPass(pass);

        var observations = store.LatestObservations();
        Assert.Equal(pass.SourceObservations.Count + pass.AccountObservations.Count, observations.Count);
        foreach (var expected in pass.SourceObservations)
        {
            var stored = observations.Single(o => o.SourceId == expected.SourceId).Source;
            Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(stored));
        }

        var entries = pass.Crawls.SelectMany(c => c.Documents.Select(d => (c.SourceId, d.Entry.Url.PathAndQuery)).Concat(c.ReusedEntries.Select(e => (c.SourceId, e.Url.PathAndQuery))))
            .Distinct().Count();
        Assert.Equal(entries, store.ListEntries().Count);
        Assert.Equal(pass.Crawls.SelectMany(c => c.Links.Select(l => (c.SourceId, l.PageUrl, l.TargetUrl))).Distinct().Count(), store.LinkChecks().Count);
        var bodies = pass.Crawls.SelectMany(c => c.Documents.Where(d => d.Article is not null).Select(d => (MonitorStore.DocumentKey(c.SourceId, d.Entry.Url), d.Article!.BodyText)))
            .ToDictionary(p => p.Item1, p => p.BodyText, StringComparer.Ordinal);
        var versions = store.DocumentVersions();
        Assert.Equal(bodies.Count, versions.Count);
        Assert.All(versions, v => Assert.Equal(bodies[v.DocKey], v.Body));
        Assert.Equal(pass.Crawls.Count, store.SourceChecks().Count);
    }

    [Fact]
    public void Document_pages_come_in_byte_order_of_their_keys_and_add_up_to_the_count()
    {
        using var testStore = NewStore();
        using var store = testStore.Open();
        store.RecordPass(DemoPass());

        var total = store.ApiDocumentCount(null);
        var paged = new List<string>();
        for (var offset = 0; offset < total; offset += 7)
        {
            paged.AddRange(store.ApiDocuments(null, offset, 7).Select(d => d.DocKey));
        }

        Assert.Equal(total, paged.Count);
        Assert.Equal(paged.Order(StringComparer.Ordinal), paged);
        var source = paged[0].Split('|')[0];
        Assert.Equal(paged.Count(k => k.StartsWith(source + "|", StringComparison.Ordinal)), store.ApiDocumentCount(source));
    }

    [Fact]
    public void The_live_assessment_is_replaced_but_a_frozen_period_is_written_once_with_its_rules_archive()
    {
        using var testStore = NewStore();
        using var store = testStore.Open();
        var live = Assessment.FromJson(File.ReadAllText(LiveAssessmentJson()));
        store.SaveLiveAssessment(live, Started);
        store.SaveLiveAssessment(live with { LastScanId = 9 }, Started.AddHours(1));
        var period = live with { Id = "2026-11", Kind = Assessment.FrozenKind, From = "2026-11-01", To = "2026-11-30", FrozenBy = "评估组" };

        Assert.True(store.FreezeAssessment(period, [1, 2, 3, 0, 255], Started));
        Assert.False(store.FreezeAssessment(period with { FrozenBy = "另一人", Findings = [] }, [4], Started.AddHours(1)));

        Assert.Equal(9, store.LoadAssessment(Assessment.LiveId)!.LastScanId);
        var frozen = store.AssessmentJson("2026-11")!;
        Assert.Equal(period.ToJson(), frozen.Json);
        Assert.Equal(MonitorStore.Sha256Hex(frozen.Json), frozen.Sha256);
        Assert.Equal(new byte[] { 1, 2, 3, 0, 255 }, store.RulesArchive("2026-11"));
        Assert.Equal([Assessment.LiveId, "2026-11"], store.Assessments().Select(a => a.Id));
    }

    [Fact]
    public void Keys_are_found_listed_and_revoked_once()
    {
        using var testStore = NewStore();
        using var store = testStore.Open();
        var first = new ApiKeyRecord("k1", "第三方评估机构", new string('a', 64), [ApiScope.Scores, ApiScope.Findings], Started, Started.AddDays(90), null, 120);
        var second = first with { Id = "k2", Name = "市府办", CreatedAt = Started.AddMinutes(1), ExpiresAt = null, RateLimitPerMinute = null };
        store.InsertApiKey(first);
        store.InsertApiKey(second);

        Assert.Equal(first, store.FindApiKey("k1"), ApiKeyComparer.Instance);
        Assert.Equal(["k1", "k2"], store.ApiKeyList().Select(k => k.Id));
        Assert.Equal(MonitorStore.KeyRevocation.Revoked, store.RevokeApiKey("k1", Started.AddDays(1)).Outcome);
        Assert.Equal(MonitorStore.KeyRevocation.AlreadyRevoked, store.RevokeApiKey("k1", Started.AddDays(2)).Outcome);
        Assert.Equal(MonitorStore.KeyRevocation.Unknown, store.RevokeApiKey("nope", Started).Outcome);
        Assert.Equal(Started.AddDays(1), store.FindApiKey("k1")!.RevokedAt);
    }

    [Fact]
    public void The_request_log_keeps_a_batch_filters_by_key_and_time_and_prunes_old_rows()
    {
        using var testStore = NewStore();
        using var store = testStore.Open();
        var entries = Enumerable.Range(0, 30).Select(i => new ApiRequestEntry(
            Started.AddMinutes(i), i % 3 == 0 ? null : "k" + (i % 2), i % 3 == 0 ? null : "评估", "GET", "/api/v1/scores", i % 5 == 0 ? null : "period=live",
            i % 3 == 0 ? 401 : 200, i % 3 == 0 ? RequestOutcomes.Unauthorized : RequestOutcomes.Ok, i + 0.25, i % 4 == 0 ? null : i * 100, "127.0.0.1")).ToList();
        store.AppendApiRequests(entries);

        var all = store.ApiRequests(limit: 100);
        Assert.Equal(30, all.Count);
        Assert.Equal(entries.OrderByDescending(e => e.At).ToList(), all.Select(r => r.Request).ToList());
        Assert.Equal(entries.Count(e => e.KeyId == "k1"), store.ApiRequests("k1").Count);
        Assert.Equal(10, store.ApiRequests(since: Started.AddMinutes(20)).Count);
        Assert.Equal(5, store.PruneApiRequests(Started.AddMinutes(5)));
        Assert.Equal(25, store.ApiRequests(limit: 1000).Count);
    }

    [Fact]
    public void A_silenced_subject_is_recorded_once_and_read_back_in_order()
    {
        using var testStore = NewStore();
        using var store = testStore.Open();
        var rows = new[]
        {
            new SilencedRow(Started.AddMinutes(5), "finding-b", "cgw", "市城管委：栏目更新不及时", "静默至 2026-12-31（整改中，市府办）"),
            new SilencedRow(Started, "finding-a", "jyj", "市教育局：应公开未公开", "静默至 2026-12-15（核实中，市府办）"),
        };

        Assert.Equal(2, store.RecordSilenced(rows));
        Assert.Equal(0, store.RecordSilenced(rows));
        Assert.Equal(["finding-a", "finding-b"], store.SilencedRows().Select(r => r.SubjectKey));
        Assert.Equal(["finding-b"], store.SilencedRows(Started.AddMinutes(1)).Select(r => r.SubjectKey));
    }

    [Fact]
    public void Probes_add_up_to_the_availability_of_the_seven_days_before_the_as_of_day()
    {
        using var testStore = NewStore();
        using var store = testStore.Open();
        var day = new DateTimeOffset(2026, 11, 24, 0, 30, 0, TimeSpan.FromHours(8));
        for (var d = 0; d < 7; d++)
        {
            for (var h = 0; h < 24; h++)
            {
                var failed = d == 2 && h < 2;
                store.RecordProbe(new MonitorStore.ProbeRecord("home", day.AddDays(d).AddHours(h), !failed, failed ? 503 : 200, TimeSpan.FromMilliseconds(40 + h), failed ? "HTTP 503" : null));
            }
        }

        var availability = store.Availability("home", new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(8)), 7)!;
        Assert.Equal(168, availability.Probes);
        Assert.Equal(2, availability.Failures);
        Assert.Equal(24, availability.FewestProbesOnADay);
        Assert.Equal(168, store.Probes("home").Count);
        Assert.Equal(503, store.Probes("home").First(p => !p.Ok).Status);
    }

    [Fact]
    public void Two_connections_claiming_at_once_take_every_due_message_exactly_once()
    {
        using var testStore = NewStore();
        using (var store = testStore.Open())
        {
            for (var i = 0; i < 40; i++)
            {
                store.EnqueueAlert(SomeAlert.ToCityManagement(i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture), Started), Started);
            }
        }

        var claimed = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = 2 }, _ =>
        {
            using var store = testStore.Open();
            while (store.ClaimNextAlert(Started.AddMinutes(1), TimeSpan.FromMinutes(5)) is { } claim)
            {
                claimed.Add(claim.Message.Id);
                store.RecordAlertOutcome(claim, new DeliveryResult(true, false, "provider-" + claim.Message.Id, null, Started.AddMinutes(1)), null);
            }
        });

        Assert.Equal(40, claimed.Count);
        Assert.Equal(40, claimed.Distinct().Count());
        using var check = testStore.Open();
        Assert.All(check.OutboxEntries(), e => Assert.Equal("sent", e.State));
        Assert.Equal(40, check.AlertAttempts().Count);
    }

    [Fact]
    public void A_lease_that_expired_is_reported_once_as_unknown_and_the_message_is_claimed_again()
    {
        using var testStore = NewStore();
        using var store = testStore.Open();
        store.EnqueueAlert(SomeAlert.ToCityManagement("01", Started), Started);
        var first = store.ClaimNextAlert(Started, TimeSpan.FromMinutes(5))!;

        using var other = testStore.Open();
        Assert.Null(other.ClaimNextAlert(Started.AddMinutes(4), TimeSpan.FromMinutes(5)));
        var second = other.ClaimNextAlert(Started.AddMinutes(6), TimeSpan.FromMinutes(5))!;
        Assert.Null(store.ClaimNextAlert(Started.AddMinutes(6), TimeSpan.FromMinutes(5)));

        Assert.Equal(1, first.Attempt);
        Assert.Equal(2, second.Attempt);
        Assert.Equal(["unknown"], other.AlertAttempts().Select(a => a.Result));
    }

    private string LiveAssessmentJson()
    {
        using var baseline = MonitorStore.Open(Path.Combine(demo.OutDirectory, "state", "monitor.db"));
        var path = Path.Combine(demo.OutDirectory, "live-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, baseline.AssessmentJson(Assessment.LiveId)!.Json);
        return path;
    }

    /// <summary>Keys compare by value, their scope lists by content.</summary>
    private sealed class ApiKeyComparer : IEqualityComparer<ApiKeyRecord?>
    {
        public static readonly ApiKeyComparer Instance = new();

        public bool Equals(ApiKeyRecord? x, ApiKeyRecord? y) =>
            x is not null && y is not null && x with { Scopes = [] } == y with { Scopes = [] } && x.Scopes.SequenceEqual(y.Scopes);

        public int GetHashCode(ApiKeyRecord? obj) => obj?.Id.GetHashCode(StringComparison.Ordinal) ?? 0;
    }
}

public sealed class SqliteStoreSuiteTests(DemoBaselineFixture demo) : StoreSuite(demo)
{
    protected override TestStore NewStore() => new SqliteTestStore();
}

public sealed class PostgresStoreSuiteTests(DemoBaselineFixture demo) : StoreSuite(demo)
{
    protected override TestStore NewStore() => new PostgresTestStore();

    [Fact]
    public void The_store_pool_opens_new_connections_after_the_server_dropped_its_own()
    {
        using var testStore = NewStore();
        using var pool = new Monitor.Host.Api.StorePool(testStore.Location);
        Append(pool, "before");

        // What a server restart does to every open connection of the database.
        using (var admin = new Npgsql.NpgsqlConnection(((PostgresTestStore)testStore).ConnectionString + ";Pooling=false"))
        {
            admin.Open();
            using var command = admin.CreateCommand();
            command.CommandText = "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()";
            Assert.True(Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        }

        // The write on the dropped connection fails (the request log keeps its batch and retries); the next lease is new.
        Assert.ThrowsAny<Exception>(() => Append(pool, "dropped"));
        Append(pool, "after");

        using var store = testStore.Open();
        Assert.Equal(["/after", "/before"], store.ApiRequests().Select(r => r.Request.Path));
    }

    private static void Append(Monitor.Host.Api.StorePool pool, string path)
    {
        using var lease = pool.Rent();
        lease.Store.AppendApiRequests([new ApiRequestEntry(Started, null, null, "GET", "/" + path, null, 200, RequestOutcomes.Ok, 1, null, null)]);
    }

    [Fact]
    public async Task A_turn_held_by_one_connection_keeps_another_waiting_until_it_is_given_back()
    {
        using var testStore = NewStore();
        using var first = testStore.Open();
        using var second = testStore.Open();
        var turn = first.Turn("record:sample");
        var entered = new ManualResetEventSlim();
        var waiting = Task.Run(() =>
        {
            using (second.Turn("record:sample"))
            {
                entered.Set();
            }
        });

        Assert.False(entered.Wait(TimeSpan.FromMilliseconds(500)));
        using (var third = testStore.Open())
        using (third.Turn("alerts:sample"))
        {
            // A turn of another name is not held up (on a third connection: the second one is waiting).
            Assert.False(entered.IsSet);
        }

        turn.Dispose();
        Assert.True(entered.Wait(TimeSpan.FromSeconds(30)));
        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
    }
}

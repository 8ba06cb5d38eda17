using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Monitor.Alerting;
using Monitor.Host.Alerting;
using Monitor.Host.Api;
using Monitor.Host.Assessments;
using Monitor.Host.Cli;
using Monitor.Host.Store;
using Monitor.Host.Tests.Demo;
using Monitor.Host.Tests.Support;

namespace Monitor.Host.Tests.Store;

/// <summary>
/// <c>monitor migrate</c> moving the demo's real SQLite store to PostgreSQL and back without loss. Guards: a table or column
/// left behind, ids renumbered or sequences that collide with copied ids after the move, a merge into a database already in
/// use, and a half-written target when a row is refused. The demo store is copied and given rows in the tables the demo does
/// not fill (outbox and attempts, silences, probes, keys, the request log, a frozen period with its archive), so that every
/// table is non-empty and nothing is equal by being empty.
/// </summary>
public sealed class MigrateCommandTests(DemoBaselineFixture demo) : IClassFixture<DemoBaselineFixture>, IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.FromHours(8));

    /// <summary>A request-log query holding NUL, which PostgreSQL text cannot store (it becomes U+FFFD there).</summary>
    private const string QueryWithNul = "?q=a\0b";

    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task The_demo_store_moves_to_PostgreSQL_with_every_table_equal_and_reads_the_same_through_the_store()
    {
        var sourcePath = EnrichedDemoStore();
        using var target = new PostgresTestStore();

        var result = await Migrate("sqlite:" + sourcePath, "postgres:" + target.ConnectionString);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains($"迁移完成：{StoreMigration.Tables.Count} 张表", result.Output, StringComparison.Ordinal);
        Assert.Contains("行数与校验值一致（SHA-256）", result.Output, StringComparison.Ordinal);
        Assert.Contains("store.evidencePath", result.Output, StringComparison.Ordinal);
        Assert.Contains("documents：", result.Output, StringComparison.Ordinal);
        using var source = MonitorStore.Open(sourcePath);
        using var moved = target.Open();
        var counts = StoreMigration.Occupied(source);
        Assert.Equal(StoreMigration.Tables.Count, counts.Count);
        Assert.Equal(counts, StoreMigration.Occupied(moved));
        Assert.All(StoreMigration.Verify(source, moved), check => Assert.True(check.Matches, check.ToString()));

        Assert.Equal(source.FindingIds("open"), moved.FindingIds("open"));
        Assert.NotEmpty(moved.FindingIds("open"));
        Assert.Equal(Json(source.DocumentVersions()), Json(moved.DocumentVersions()));
        Assert.Equal(source.DocumentVersions().Select(v => v.Body), moved.DocumentVersions().Select(v => v.Body));
        Assert.Equal(Json(source.LatestObservations()), Json(moved.LatestObservations()));
        Assert.Equal(Json(source.OutboxEntries()), Json(moved.OutboxEntries()));
        Assert.Equal(Json(source.AlertAttempts()), Json(moved.AlertAttempts()));
        var live = source.AssessmentJson(Assessment.LiveId)!;
        Assert.Equal(live, moved.AssessmentJson(Assessment.LiveId));
        Assert.Equal(MonitorStore.Sha256Hex(live.Json), moved.AssessmentJson(Assessment.LiveId)!.Sha256);
        Assert.Equal(source.RulesArchive("2026-11"), moved.RulesArchive("2026-11"));
        Assert.Equal(Json(source.ApiKeyList()), Json(moved.ApiKeyList()));
        Assert.Equal(Json(source.Scans()), Json(moved.Scans()));
        Assert.Equal(Json(source.ListEntries()), Json(moved.ListEntries()));
        Assert.Equal(Json(source.LinkChecks()), Json(moved.LinkChecks()));
        Assert.Equal(Json(source.SourceChecks()), Json(moved.SourceChecks()));
        Assert.Equal(source.SilencedRows(), moved.SilencedRows());
        Assert.Equal(source.Probes("home"), moved.Probes("home"));
        var requests = moved.ApiRequests(limit: 1000);
        Assert.Equal(source.ApiRequests(limit: 1000).Select(r => r.Seq), requests.Select(r => r.Seq));
        Assert.Contains(requests, r => r.Request.Query == QueryWithNul.Replace('\0', '\uFFFD'));
    }

    [Fact]
    public async Task After_the_move_new_scans_probes_attempts_and_logged_requests_get_ids_after_the_copied_ones()
    {
        var sourcePath = EnrichedDemoStore();
        using var target = new PostgresTestStore();
        Assert.Equal(0, (await Migrate("sqlite:" + sourcePath, "postgres:" + target.ConnectionString)).ExitCode);
        using var moved = target.Open();
        var lastScan = moved.Scans().Max(s => s.Id);
        var lastProbe = MaxId(moved, "availability_probes", "id");
        var lastAttempt = moved.AlertAttempts().Max(a => a.Seq);
        var lastRequest = moved.ApiRequests(limit: 1000).Max(r => r.Seq);

        var scan = moved.RecordPass(DemoPass(Now.AddDays(1)));
        moved.RecordProbe(new MonitorStore.ProbeRecord("home", Now.AddDays(1), true, 200, TimeSpan.FromMilliseconds(80), null));
        moved.EnqueueAlert(SomeAlert.ToCityManagement("after", Now), Now.AddDays(1));
        var claim = moved.ClaimNextAlert(Now.AddDays(2), TimeSpan.FromMinutes(5))!;
        moved.RecordAlertOutcome(claim, new DeliveryResult(true, false, "provider-after", null, Now.AddDays(2)), null);
        moved.AppendApiRequests([Request(Now.AddDays(1), "/api/v1/scores", null)]);

        Assert.True(scan.ScanId > lastScan, $"new scan {scan.ScanId} after {lastScan}");
        Assert.True(MaxId(moved, "availability_probes", "id") > lastProbe);
        Assert.True(moved.AlertAttempts().Max(a => a.Seq) > lastAttempt);
        Assert.True(moved.ApiRequests(limit: 1000).Max(r => r.Seq) > lastRequest);
        Assert.Equal(lastScan + 1, scan.ScanId);
    }

    [Fact]
    public async Task A_target_that_holds_rows_is_refused_with_the_table_named_and_nothing_is_written()
    {
        var sourcePath = EnrichedDemoStore();
        using var target = new PostgresTestStore();
        using (var live = target.Open())
        {
            live.InsertApiKey(Key("k-live", Now));
        }

        var result = await Migrate("sqlite:" + sourcePath, "postgres:" + target.ConnectionString);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("目标库已有数据", result.Error, StringComparison.Ordinal);
        Assert.Contains("api_keys：1 行", result.Error, StringComparison.Ordinal);
        using var check = target.Open();
        Assert.Equal(new[] { new StoreMigration.TableRows("api_keys", 1) }, StoreMigration.Occupied(check));
    }

    [Fact]
    public async Task A_source_file_that_does_not_exist_is_bad_input_and_creates_nothing()
    {
        var missing = Path.Combine(folder.Path, "nowhere", "monitor.db");
        var result = await Migrate("sqlite:" + missing, "sqlite:" + Path.Combine(folder.Path, "copy", "monitor.db"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("未找到状态库", result.Error, StringComparison.Ordinal);
        Assert.Contains(missing, result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(missing));
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "copy")));
    }

    [Theory]
    [InlineData("postgres:this is not a connection string", "PostgreSQL 连接串无效")]
    [InlineData("postgres:", "PostgreSQL 连接串无效")]
    [InlineData("sqlite:", "缺少 SQLite 文件路径")]
    public async Task A_malformed_target_is_bad_input_with_the_parser_message(string to, string message)
    {
        var result = await Migrate("sqlite:" + EnrichedDemoStore(), to);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("参数有误：", result.Error, StringComparison.Ordinal);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task Moving_back_from_PostgreSQL_to_a_new_SQLite_file_gives_equal_counts_and_hashes_and_only_the_NUL_changed()
    {
        var sourcePath = EnrichedDemoStore();
        using var postgres = new PostgresTestStore();
        Assert.Equal(0, (await Migrate("sqlite:" + sourcePath, "postgres:" + postgres.ConnectionString)).ExitCode);
        var backPath = Path.Combine(folder.Path, "back", "monitor.db");

        var result = await Migrate("postgres:" + postgres.ConnectionString, "sqlite:" + backPath);

        Assert.True(result.ExitCode == 0, result.Error);
        using var moved = postgres.Open();
        using var back = MonitorStore.Open(backPath);
        Assert.All(StoreMigration.Verify(moved, back), check => Assert.True(check.Matches, check.ToString()));
        using var original = MonitorStore.Open(sourcePath);
        Assert.Equal(StoreMigration.Occupied(original), StoreMigration.Occupied(back));
        // SQLite to SQLite compares without replacement: the NUL that PostgreSQL could not hold is the one difference.
        Assert.Equal(new[] { "api_requests" }, StoreMigration.Verify(original, back).Where(c => !c.Matches).Select(c => c.Table));
        Assert.Equal(Json(original.OutboxEntries()), Json(back.OutboxEntries()));
        Assert.Equal(original.AssessmentJson(Assessment.LiveId), back.AssessmentJson(Assessment.LiveId));
    }

    [Fact]
    public async Task A_row_the_target_refuses_rolls_the_whole_copy_back_and_leaves_the_target_empty()
    {
        var sourcePath = EnrichedDemoStore();
        using (var source = MonitorStore.Open(sourcePath))
        using (var command = source.Connection.CreateCommand())
        {
            // SQLite keeps text that is no number in an INTEGER column; PostgreSQL's BIGINT refuses it. api_keys comes late
            // in the copy, so every table before it has been inserted when the row is refused.
            command.CommandText = """
                INSERT INTO api_keys (id, name, secret_sha256, scopes, created_at, rate_limit)
                VALUES ('k-bad', '坏数据', 'x', 'scores', '2026-12-01T02:00:00.000+00:00', 'many')
                """;
            command.ExecuteNonQuery();
        }

        using var target = new PostgresTestStore();
        var result = await Migrate("sqlite:" + sourcePath, "postgres:" + target.ConnectionString);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("迁移失败", result.Error, StringComparison.Ordinal);
        Assert.Contains("documents：", result.Output, StringComparison.Ordinal);
        using var check = target.Open();
        Assert.Empty(StoreMigration.Occupied(check));
    }

    [Fact]
    public void The_copied_tables_are_exactly_the_tables_a_new_store_has_with_their_keys_and_identity_columns()
    {
        using var sqlite = new SqliteTestStore();
        using var store = sqlite.Open();
        var tables = Strings(store, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
        Assert.Equal(StoreMigration.Tables.Select(t => t.Name).Order(StringComparer.Ordinal), tables);
        foreach (var table in StoreMigration.Tables)
        {
            Assert.Equal(table.Key, Strings(store, $"SELECT name FROM pragma_table_info('{table.Name}') WHERE pk > 0 ORDER BY pk"));
        }

        using var postgres = new PostgresTestStore();
        using var pg = postgres.Open();
        var pgTables = Strings(pg, """
            SELECT table_name FROM information_schema.tables
            WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'monitor_schema' ORDER BY table_name COLLATE "C"
            """);
        Assert.Equal(tables, pgTables);
        var identities = Strings(pg, """
            SELECT table_name || '.' || column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND is_identity = 'YES'
            """).Order(StringComparer.Ordinal);
        Assert.Equal(
            StoreMigration.Tables.Where(t => t.Identity is not null).Select(t => t.Name + "." + t.Identity).Order(StringComparer.Ordinal),
            identities);
    }

    /// <summary>A copy of the demo's store with rows in every table; returns the copy's path.</summary>
    private string EnrichedDemoStore()
    {
        var directory = Path.Combine(folder.Path, "source-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        foreach (var file in Directory.GetFiles(Path.Combine(demo.OutDirectory, "state"), "monitor.db*"))
        {
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
        }

        var path = Path.Combine(directory, "monitor.db");
        using var store = MonitorStore.Open(path);
        for (var i = 0; i < 3; i++)
        {
            store.EnqueueAlert(SomeAlert.ToCityManagement("m" + i.ToString(CultureInfo.InvariantCulture), Now), Now);
        }

        var sent = store.ClaimNextAlert(Now, TimeSpan.FromMinutes(5))!;
        store.RecordAlertOutcome(sent, new DeliveryResult(true, false, "provider-1", null, Now.AddSeconds(2)), null);
        var failed = store.ClaimNextAlert(Now, TimeSpan.FromMinutes(5))!;
        store.RecordAlertOutcome(failed, new DeliveryResult(false, true, null, "SMTP 451 稍后再试", Now.AddSeconds(3)), Now.AddMinutes(10));
        store.RecordSilenced([new SilencedRow(Now, "finding-a", "jyj", "市教育局：应公开未公开", "静默至 2026-12-15（核实中，市府办）")]);
        for (var h = 0; h < 5; h++)
        {
            store.RecordProbe(new MonitorStore.ProbeRecord("home", Now.AddHours(-h), h != 2, h == 2 ? 503 : 200, TimeSpan.FromMilliseconds(40 + h), h == 2 ? "HTTP 503" : null));
        }

        store.InsertApiKey(Key("k1", Now));
        store.InsertApiKey(Key("k2", Now.AddMinutes(1)) with { Name = "市府办", ExpiresAt = null, RateLimitPerMinute = null });
        store.AppendApiRequests([
            Request(Now, "/api/v1/scores", "?period=live"),
            Request(Now.AddSeconds(1), "/api/v1/findings", QueryWithNul),
            Request(Now.AddSeconds(2), "/api/v1/evidence", null) with { KeyId = null, KeyName = null, Status = 401, Outcome = RequestOutcomes.Unauthorized, Bytes = null },
        ]);
        var live = store.LoadAssessment(Assessment.LiveId)!;
        Assert.True(store.FreezeAssessment(
            live with { Id = "2026-11", Kind = Assessment.FrozenKind, From = "2026-11-01", To = "2026-11-30", FrozenBy = "评估组" }, [1, 2, 3, 0, 255], Now));
        return path;
    }

    /// <summary>The demo scan as a later pass (the real crawl, recorded again as a new scan).</summary>
    private PassRecord DemoPass(DateTimeOffset started)
    {
        using var baseline = MonitorStore.Open(Path.Combine(demo.OutDirectory, "state", "monitor.db"));
        var observations = baseline.LatestObservations();
        var scan = demo.Outcome.Scan;
        return new PassRecord(
            "sample", started, started.AddSeconds(3), scan.Evaluation.AsOf, scan.Evaluation.CatalogVersion, scan.Crawls,
            scan.Evaluation.Sources, scan.Evaluation.Findings,
            [.. observations.Where(o => o.Source is not null).Select(o => o.Source!)],
            [.. observations.Where(o => o.Account is not null).Select(o => o.Account!)]);
    }

    private static async Task<(int ExitCode, string Output, string Error)> Migrate(string from, string to)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandLine.Build(new FakeTimeProvider(Now), output, error).Parse(["migrate", "--from", from, "--to", to]).InvokeAsync();
        return (code, output.ToString(), error.ToString());
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);

    private static long MaxId(MonitorStore store, string table, string column)
    {
        using var command = store.Connection.CreateCommand();
        command.CommandText = $"SELECT MAX({column}) FROM {table}";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static List<string> Strings(MonitorStore store, string sql)
    {
        using var command = store.Connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var list = new List<string>();
        while (reader.Read())
        {
            list.Add(reader.GetString(0));
        }

        return list;
    }

    private static ApiKeyRecord Key(string id, DateTimeOffset created) =>
        new(id, "第三方评估机构", new string('a', 64), [ApiScope.Scores, ApiScope.Findings], created, created.AddDays(90), null, 120);

    private static ApiRequestEntry Request(DateTimeOffset at, string path, string? query) =>
        new(at, "k1", "第三方评估机构", "GET", path, query, 200, RequestOutcomes.Ok, 12.345678901234567, 2048, "127.0.0.1");
}

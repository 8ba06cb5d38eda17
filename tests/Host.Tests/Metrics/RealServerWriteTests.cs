using System.Globalization;
using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Writes;
using Monitor.Host.Metrics;
using Monitor.Host.Tests.Support;
using Serilog;

namespace Monitor.Host.Tests.Metrics;

/// <summary>
/// The two write paths against real servers started by scripts/test.sh: InfluxDB.Client's v2 write API
/// into VictoriaMetrics and <c>/write</c> into InfluxDB 1.6, each read back exactly; and an outage of
/// InfluxDB (a closed port) that loses no point and applies none twice.
/// </summary>
public sealed class RealServerWriteTests : IDisposable
{
    private static readonly DateTimeOffset AsOf = new(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(8));
    private readonly TempFolder folder = new();

    /// <summary>Points with Chinese tag values, a space and a comma to escape, floats and integers.</summary>
    private static List<PointData> Sample(int count, DateTimeOffset at, string measurement = "score") =>
        [.. Enumerable.Range(0, count).Select(i => PointData.Measurement(measurement)
            .Tag("site", "sample")
            .Tag("scope", "department")
            .Tag("key", string.Create(CultureInfo.InvariantCulture, $"dept{i:D3}"))
            .Tag("name", i % 2 == 0 ? "住房和城乡建设局" : "镇 街,一")
            .Field("score", 50 + (i * 0.5))
            .Field("items_assessed", (long)i)
            .Timestamp(at.AddDays(-i).ToUniversalTime(), WritePrecision.S))];

    private MetricsWriter Writer(MetricsOptions options, IMetricsTransport? transport = null) =>
        new(options, transport ?? (options.Mode == MetricsMode.V2 ? new InfluxV2Transport(options) : new InfluxV1Transport(options)),
            MetricsWriter.BufferFolder(folder.Path), new LoggerConfiguration().CreateLogger());

    [ServerFact(TestServers.Influx1)]
    public async Task The_write_path_lands_in_a_real_InfluxDB_1_6_and_reads_back_exactly()
    {
        using var influx = new InfluxQl(TestServers.Url(TestServers.Influx1));
        var db = await influx.CreateDatabaseAsync("write");
        using var writer = Writer(new MetricsOptions { Mode = MetricsMode.V1, Url = TestServers.Url(TestServers.Influx1), Database = db, BatchSize = 7 });

        var report = await writer.WriteAsync(Sample(20, AsOf), CancellationToken.None);

        Assert.Null(report.Error);
        Assert.Equal(20, report.Written);
        var result = await influx.QueryAsync(db, "SELECT \"score\", \"items_assessed\", \"key\", \"name\" FROM \"score\" ORDER BY time ASC");
        Assert.Null(result.Error);
        var rows = result.Series.Single().Values;
        Assert.Equal(20, rows.Count);
        for (var i = 0; i < 20; i++)
        {
            var row = rows[19 - i];
            Assert.Equal(AsOf.AddDays(-i).ToUnixTimeSeconds(), row[0]!.GetValue<long>());
            Assert.Equal(50 + (i * 0.5), row[1]!.GetValue<double>());
            Assert.Equal(i, row[2]!.GetValue<long>());
            Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"dept{i:D3}"), row[3]!.GetValue<string>());
            Assert.Equal(i % 2 == 0 ? "住房和城乡建设局" : "镇 街,一", row[4]!.GetValue<string>());
        }
    }

    [ServerFact(TestServers.Victoria)]
    public async Task The_v2_write_path_lands_in_a_real_VictoriaMetrics_and_reads_back_exactly()
    {
        var measurement = "vm" + Guid.NewGuid().ToString("N")[..8];
        using var writer = Writer(new MetricsOptions { Mode = MetricsMode.V2, Url = TestServers.Url(TestServers.Victoria), BatchSize = 6 });

        var report = await writer.WriteAsync(Sample(15, AsOf, measurement), CancellationToken.None);

        Assert.Null(report.Error);
        Assert.Equal(15, report.Written);
        using var vm = new VictoriaExport(TestServers.Url(TestServers.Victoria));
        var scores = await vm.ExportAsync(measurement + "_score", 15);
        Assert.Equal(15, scores.Count);
        foreach (var (labels, values, stamps) in scores)
        {
            var i = int.Parse(labels["key"][4..], CultureInfo.InvariantCulture);
            Assert.Equal("sample", labels["site"]);
            Assert.Equal(i % 2 == 0 ? "住房和城乡建设局" : "镇 街,一", labels["name"]);
            Assert.Equal([50 + (i * 0.5)], values);
            Assert.Equal([AsOf.AddDays(-i).ToUnixTimeMilliseconds()], stamps);
        }

        var assessed = await vm.ExportAsync(measurement + "_items_assessed", 15);
        Assert.Equal(Enumerable.Range(0, 15).Select(i => (double)i).Order(), assessed.Select(s => s.Values.Single()).Order());
    }

    [ServerFact(TestServers.Influx1)]
    public async Task An_InfluxDB_outage_during_writes_loses_no_point_and_duplicates_none()
    {
        using var influx = new InfluxQl(TestServers.Url(TestServers.Influx1));
        var db = await influx.CreateDatabaseAsync("outage");
        var up = new MetricsOptions { Mode = MetricsMode.V1, Url = TestServers.Url(TestServers.Influx1), Database = db, BatchSize = 5 };
        var down = up with { Url = new Uri($"http://127.0.0.1:{TestServers.ClosedPort()}/"), Timeout = TimeSpan.FromSeconds(3) };
        var points = Sample(40, AsOf);
        var acknowledged = new List<string>();

        // Up: the first 10 points are written.
        var before = new CountingTransport(new InfluxV1Transport(up));
        using (var writer = Writer(up, before))
        {
            Assert.Equal(10, (await writer.WriteAsync(points[..10], CancellationToken.None)).Written);
        }

        // Down: two scans' worth of points wait on disk.
        using (var writer = Writer(down))
        {
            var r1 = await writer.WriteAsync(points[10..22], CancellationToken.None);
            var r2 = await writer.WriteAsync(points[22..30], CancellationToken.None);
            Assert.NotNull(r1.Error);
            Assert.Equal(0, r2.Written);
            Assert.Equal(20, r2.Pending);
        }

        // Back: the first buffered batch is acknowledged and the process dies before deleting it.
        var crashing = new CountingTransport(new InfluxV1Transport(up)) { CrashAfterNextWrite = true };
        using (var writer = Writer(up, crashing))
        {
            await Assert.ThrowsAsync<SimulatedCrashException>(() => writer.FlushAsync(CancellationToken.None));
        }

        // Restarted: the rest of the buffer and the newest points go out.
        var after = new CountingTransport(new InfluxV1Transport(up));
        using (var writer = Writer(up, after))
        {
            var report = await writer.WriteAsync(points[30..], CancellationToken.None);
            Assert.Null(report.Error);
            Assert.Equal(0, report.Pending);
        }

        acknowledged.AddRange(before.Acknowledged);
        acknowledged.AddRange(crashing.Acknowledged);
        acknowledged.AddRange(after.Acknowledged);
        var expected = points.Select(p => p.ToLineProtocol()).ToList();
        Assert.Equal(expected.Order(StringComparer.Ordinal), acknowledged.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        // Only the batch acknowledged just before the crash went out twice, which the server absorbs.
        Assert.Equal(expected.Count + 5, acknowledged.Count);

        var count = await influx.QueryAsync(db, "SELECT count(\"score\") FROM \"score\"");
        Assert.Equal(40, count.Series.Single().Values.Single()[1]!.GetValue<long>());
        var rows = await influx.QueryAsync(db, "SELECT \"score\", \"key\" FROM \"score\"");
        Assert.Equal(
            points.Select((_, i) => (Key: string.Create(CultureInfo.InvariantCulture, $"dept{i:D3}"), Score: 50 + (i * 0.5))).OrderBy(x => x.Key, StringComparer.Ordinal),
            rows.Series.Single().Values.Select(r => (Key: r[2]!.GetValue<string>(), Score: r[1]!.GetValue<double>())).OrderBy(x => x.Key, StringComparer.Ordinal));
    }

    public void Dispose() => folder.Dispose();
}

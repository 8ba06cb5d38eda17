using System.Globalization;
using Monitor.Alerting;
using Monitor.RuleEngine.Evaluation;

namespace Monitor.Host.Store;

/// <summary>Homepage availability probes (migration 5): one row per probe, summed per window for the availability check.</summary>
internal sealed partial class MonitorStore
{
    /// <summary>One probe: did the page open within the timeout.</summary>
    public sealed record ProbeRecord(string SourceId, DateTimeOffset At, bool Ok, int? Status, TimeSpan Elapsed, string? Error);

    public void RecordProbe(ProbeRecord probe) => Execute("""
        INSERT INTO availability_probes (source_id, at, day, ok, status, elapsed_ms, error) VALUES (@src, @at, @day, @ok, @status, @ms, @error)
        """, null, ("@src", probe.SourceId), ("@at", Utc(probe.At)), ("@day", ChinaTime.DateOf(probe.At).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        ("@ok", probe.Ok ? 1 : 0), ("@status", probe.Status), ("@ms", (long)probe.Elapsed.TotalMilliseconds), ("@error", probe.Error));

    /// <summary>Probes of a source, oldest first (for tests and the API).</summary>
    public IReadOnlyList<ProbeRecord> Probes(string sourceId)
    {
        using var command = Command("SELECT source_id, at, ok, status, elapsed_ms, error FROM availability_probes WHERE source_id = @src ORDER BY at, id", null, [("@src", sourceId)]);
        using var r = command.ExecuteReader();
        var probes = new List<ProbeRecord>();
        while (r.Read())
        {
            probes.Add(new ProbeRecord(r.GetString(0), DateTimeOffset.Parse(r.GetString(1), CultureInfo.InvariantCulture), r.GetInt64(2) != 0,
                r.IsDBNull(3) ? null : r.GetInt32(3), TimeSpan.FromMilliseconds(r.GetInt64(4)), r.IsDBNull(5) ? null : r.GetString(5)));
        }

        return probes;
    }

    /// <summary>
    /// The probes of the <paramref name="days"/> whole days (Asia/Shanghai) before the day of <paramref name="asOf"/>;
    /// null when there were none in that window (the check is then not assessed).
    /// </summary>
    public AvailabilityObservation? Availability(string sourceId, DateTimeOffset asOf, int days)
    {
        var to = ChinaTime.DateOf(asOf).AddDays(-1);
        var from = to.AddDays(-(days - 1));
        var perDay = new Dictionary<string, (int Probes, int Failures)>(StringComparer.Ordinal);
        using (var command = Command("""
            SELECT day, COUNT(*), SUM(CASE WHEN ok = 0 THEN 1 ELSE 0 END) FROM availability_probes
            WHERE source_id = @src AND day >= @from AND day <= @to GROUP BY day
            """, null, [("@src", sourceId), ("@from", D(from)), ("@to", D(to))]))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                perDay[reader.GetString(0)] = (reader.GetInt32(1), reader.GetInt32(2));
            }
        }

        if (perDay.Count == 0)
        {
            return null;
        }

        var fewest = Enumerable.Range(0, days).Min(i => perDay.GetValueOrDefault(D(from.AddDays(i))).Probes);
        return new AvailabilityObservation(from, to, perDay.Values.Sum(v => v.Probes), perDay.Values.Sum(v => v.Failures), fewest);

        static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}

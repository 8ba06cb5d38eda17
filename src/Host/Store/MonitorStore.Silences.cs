using System.Globalization;
using Monitor.Host.Alerting;

namespace Monitor.Host.Store;

/// <summary>Table <c>alert_silenced</c> (migration 4): the subjects silences suppressed (<see cref="SilencedRow"/>).</summary>
internal sealed partial class MonitorStore
{
    /// <summary>Records the rows not yet recorded, in one transaction; returns how many were new.</summary>
    public int RecordSilenced(IEnumerable<SilencedRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var tx = dialect.BeginWrite(connection);
        var added = 0;
        foreach (var row in rows)
        {
            added += Execute("""
                INSERT INTO alert_silenced (subject_key, detail, unit_id, summary, first_at)
                VALUES (@key, @detail, @unit, @summary, @at)
                ON CONFLICT DO NOTHING
                """, tx, ("@key", row.SubjectKey), ("@detail", row.Detail), ("@unit", row.UnitId), ("@summary", row.Summary),
                ("@at", row.At.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)));
        }

        tx.Commit();
        return added;
    }

    /// <summary>Every recorded suppression, oldest first; from <paramref name="since"/> on when given.</summary>
    public IReadOnlyList<SilencedRow> SilencedRows(DateTimeOffset? since = null)
    {
        using var command = Command("SELECT first_at, subject_key, unit_id, summary, detail FROM alert_silenced ORDER BY first_at, subject_key, detail", null, []);
        using var reader = command.ExecuteReader();
        var rows = new List<SilencedRow>();
        while (reader.Read())
        {
            var at = DateTimeOffset.Parse(reader.GetString(0), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
            if (since is null || at >= since)
            {
                rows.Add(new SilencedRow(at, reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
            }
        }

        return rows;
    }
}

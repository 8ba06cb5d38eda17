using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Monitor.Host.Alerting;

/// <summary>A subject a silence kept quiet: when it was first recorded, its unit, what it is about, and the silence's reason and author.</summary>
internal sealed record SilencedRow(DateTimeOffset At, string SubjectKey, string UnitId, string Summary, string Detail);

/// <summary>
/// Records which subjects silences suppressed, in table <c>alert_silenced</c> of the store file, so that a suppression stays
/// visible in <c>monitor alerts log</c> after the silence has expired or the silences file changed.
/// </summary>
/// <remarks>
/// One row per subject and silence (the detail names reason, author and expiry), with the first time a dispatch saw it:
/// dispatch runs every few minutes, and a row per run would bury the delivery log. The table lives beside the outbox in
/// the same SQLite file and is created by the store's migrations (<see cref="Store.MonitorStore"/>).
/// </remarks>
internal sealed class SilenceLog : IDisposable
{
    private readonly SqliteConnection connection;

    private SilenceLog(SqliteConnection connection) => this.connection = connection;

    /// <summary>Opens the store file at <paramref name="path"/> (which must exist), migrating it first so the table is there.</summary>
    public static SilenceLog Open(string path)
    {
        Store.MonitorStore.Open(path).Dispose();
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout=5000;";
        command.ExecuteNonQuery();
        return new SilenceLog(connection);
    }

    /// <summary>Records the rows not yet recorded; returns how many were new.</summary>
    public int Record(IEnumerable<SilencedRow> rows)
    {
        using var tx = connection.BeginTransaction();
        var added = 0;
        foreach (var row in rows)
        {
            using var command = connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText = """
                INSERT OR IGNORE INTO alert_silenced (subject_key, detail, unit_id, summary, first_at)
                VALUES ($key, $detail, $unit, $summary, $at)
                """;
            command.Parameters.AddWithValue("$key", row.SubjectKey);
            command.Parameters.AddWithValue("$detail", row.Detail);
            command.Parameters.AddWithValue("$unit", row.UnitId);
            command.Parameters.AddWithValue("$summary", row.Summary);
            command.Parameters.AddWithValue("$at", row.At.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
            added += command.ExecuteNonQuery();
        }

        tx.Commit();
        return added;
    }

    /// <summary>Every recorded suppression, oldest first; from <paramref name="since"/> on when given.</summary>
    public IReadOnlyList<SilencedRow> Rows(DateTimeOffset? since = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT first_at, subject_key, unit_id, summary, detail FROM alert_silenced ORDER BY first_at, subject_key, detail";
        var rows = new List<SilencedRow>();
        using var reader = command.ExecuteReader();
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

    public void Dispose() => connection.Dispose();
}

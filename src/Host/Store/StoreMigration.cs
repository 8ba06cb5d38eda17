using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Monitor.Host.Store;

/// <summary>
/// Copies a whole store into a new, empty one and proves the copy (<c>monitor migrate</c>; the documented use is a single
/// node's SQLite file moving to PostgreSQL, the other directions serve backups and tests). Both stores are opened through
/// <see cref="MonitorStore.Open(StoreLocation)"/>, so both are at the latest schema version and have the same tables and
/// columns; rows are then copied column by column, whatever the table holds, so no typed query can forget a column.
/// <list type="bullet">
/// <item>The source is read in one snapshot; the target is written in ONE transaction, so a failure leaves it empty.</item>
/// <item>Identity columns keep their values (ids are referenced elsewhere: findings.last_scan, assessments.last_scan_id, the
/// API's sequence numbers) and the target's generators continue after them (<see cref="StoreDialect.ContinueIdentity"/>).</item>
/// <item><see cref="Verify"/> reads both stores again and compares, table by table, the row count and a SHA-256 over the rows
/// in primary-key order.</item>
/// </list>
/// </summary>
internal static class StoreMigration
{
    /// <summary>A progress line is reported after every this many rows of a table (besides its end).</summary>
    private const int ProgressEvery = 100_000;

    /// <summary>
    /// Every table of the schema (<see cref="SqliteSchema.Migrations"/>, version for version <see cref="PostgresSchema"/>;
    /// PostgreSQL's <c>monitor_schema</c> is the version bookkeeping of the target, not data, and is not copied). In the
    /// order of the migrations, which puts <c>alert_outbox</c> before <c>alert_attempts</c> (its foreign key
    /// <c>message_id</c>). A migration that adds a table adds it here; MigrateCommandTests compares this list with the
    /// tables of a new store of each kind.
    /// </summary>
    public static readonly IReadOnlyList<StoreTable> Tables =
    [
        new("scans", ["id"], Identity: "id"),
        new("evidence", ["sha256", "url", "fetched_at"]),
        new("documents", ["doc_key"]),
        new("document_versions", ["doc_key", "version"]),
        new("source_states", ["source_id"]),
        new("findings", ["id"]),
        new("list_entries", ["source_id", "path"]),
        new("source_checks", ["scan_id", "source_id"]),
        new("link_checks", ["source_id", "page_url", "target_url"]),
        new("document_attachments", ["doc_key", "version"]),
        new("alert_outbox", ["id"]),
        new("alert_attempts", ["seq"], Identity: "seq"),
        new("alert_silenced", ["subject_key", "detail"]),
        new("source_observations", ["source_id"]),
        new("availability_probes", ["id"], Identity: "id"),
        new("assessments", ["id"]),
        new("api_keys", ["id"]),
        new("api_requests", ["seq"], Identity: "seq"),
    ];

    /// <summary>
    /// One table: <paramref name="Key"/> is its primary key (rows are read and compared in that order: TEXT sorts by byte on
    /// both engines, binary on SQLite and <c>COLLATE "C"</c> on PostgreSQL); <paramref name="Identity"/> its generated column.
    /// </summary>
    internal sealed record StoreTable(string Name, IReadOnlyList<string> Key, string? Identity = null);

    /// <summary>A table and how many rows it holds.</summary>
    internal sealed record TableRows(string Table, long Rows);

    /// <summary>
    /// How far the copy of <paramref name="Table"/> is: <paramref name="Rows"/> copied so far, <paramref name="Elapsed"/> since
    /// the table began; <paramref name="Done"/> once the table is complete.
    /// </summary>
    internal sealed record CopyProgress(string Table, long Rows, TimeSpan Elapsed, bool Done);

    /// <summary>One table's figures on both sides, read back after the commit; SHA-256 in lowercase hex.</summary>
    internal sealed record TableCheck(string Table, long SourceRows, string SourceSha256, long TargetRows, string TargetSha256)
    {
        public bool Matches => SourceRows == TargetRows && string.Equals(SourceSha256, TargetSha256, StringComparison.Ordinal);
    }

    /// <summary>
    /// Whether <paramref name="location"/> holds a store to copy from: the SQLite file exists, or the PostgreSQL database has
    /// been migrated at least once (checked on a connection of its own, so a wrong database is not given empty tables).
    /// </summary>
    public static bool Exists(StoreLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (location.Kind == StoreKind.Sqlite)
        {
            return File.Exists(location.Target);
        }

        var dialect = StoreDialect.For(location.Kind);
        using var connection = dialect.Open(location);
        return dialect.SchemaVersion(connection, null) > 0;
    }

    /// <summary>The tables of <paramref name="store"/> that hold rows (a target must have none).</summary>
    public static IReadOnlyList<TableRows> Occupied(MonitorStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return Occupied(store.Connection, null);
    }

    /// <summary>
    /// Copies every table of <paramref name="source"/> into <paramref name="target"/>, which must be empty (checked again
    /// inside the transaction), and commits once at the end. <paramref name="progress"/> hears of each table as it goes.
    /// Returns the rows copied per table, in <see cref="Tables"/> order. Throws (and writes nothing) when the target is not
    /// empty, when the two schemas differ, or when the target refuses a row.
    /// </summary>
    public static IReadOnlyList<CopyProgress> Copy(MonitorStore source, MonitorStore target, TimeProvider time, Action<CopyProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(time);
        using var snapshot = source.Dialect.BeginSnapshot(source.Connection);
        using var tx = target.Dialect.BeginWrite(target.Connection);
        if (Occupied(target.Connection, tx) is { Count: > 0 } occupied)
        {
            throw new InvalidOperationException("目标库已有数据：" + string.Join("，", occupied.Select(t => $"{t.Table} {t.Rows} 行")));
        }

        var copied = new List<CopyProgress>(Tables.Count);
        foreach (var table in Tables)
        {
            var started = time.GetTimestamp();
            var columns = Columns(source.Connection, snapshot, table.Name);
            var targetColumns = Columns(target.Connection, tx, table.Name);
            if (!columns.Order(StringComparer.Ordinal).SequenceEqual(targetColumns.Order(StringComparer.Ordinal), StringComparer.Ordinal))
            {
                throw new InvalidOperationException(
                    $"表 {table.Name} 的列在两个库中不同（源库：{string.Join(", ", columns)}；目标库：{string.Join(", ", targetColumns)}）");
            }

            var rows = CopyRows(source, snapshot, target, tx, table, columns, n => progress?.Invoke(new CopyProgress(table.Name, n, time.GetElapsedTime(started), false)));
            if (table.Identity is { } identity)
            {
                target.Dialect.ContinueIdentity(target.Connection, tx, table.Name, identity);
            }

            var done = new CopyProgress(table.Name, rows, time.GetElapsedTime(started), true);
            copied.Add(done);
            progress?.Invoke(done);
        }

        tx.Commit();
        snapshot.Commit();
        return copied;
    }

    /// <summary>
    /// Reads every table of both stores again and returns, per table, each side's row count and SHA-256 over its rows in
    /// primary-key order (<see cref="RowHash"/>). Call it after <see cref="Copy"/> has committed: it compares what the
    /// target now holds with what the source holds now (a source still being written shows up as a difference).
    /// </summary>
    public static IReadOnlyList<TableCheck> Verify(MonitorStore source, MonitorStore target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var checks = new List<TableCheck>(Tables.Count);
        foreach (var table in Tables)
        {
            // One column list (the source's) for both sides: the same columns in the same order go into both hashes.
            var columns = Columns(source.Connection, null, table.Name);
            // The target's dialect decides what a value becomes in both hashes: PostgreSQL text cannot hold NUL, so a source
            // string with '\0' was stored with U+FFFD (StoreDialect.PostgresDialect.Value) and is hashed that way on the source
            // side too. The check proves the target holds everything the target can hold; on SQLite nothing is replaced.
            var (sourceRows, sourceSha) = RowHash(source.Connection, table, columns, target.Dialect);
            var (targetRows, targetSha) = RowHash(target.Connection, table, columns, target.Dialect);
            checks.Add(new TableCheck(table.Name, sourceRows, sourceSha, targetRows, targetSha));
        }

        return checks;
    }

    private static List<TableRows> Occupied(DbConnection connection, DbTransaction? tx)
    {
        var occupied = new List<TableRows>();
        foreach (var table in Tables)
        {
            using var command = connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText = $"SELECT COUNT(*) FROM {table.Name}";
            var rows = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
            if (rows > 0)
            {
                occupied.Add(new TableRows(table.Name, rows));
            }
        }

        return occupied;
    }

    /// <summary>The table's column names, in the order the engine keeps them.</summary>
    private static List<string> Columns(DbConnection connection, DbTransaction? tx, string table)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = $"SELECT * FROM {table} LIMIT 0";
        using var reader = command.ExecuteReader();
        return [.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetName)];
    }

    /// <summary>Streams the table's rows, in primary-key order, into the target's bulk insert (<see cref="StoreDialect.InsertRows"/>).</summary>
    private static long CopyRows(
        MonitorStore source, DbTransaction snapshot, MonitorStore target, DbTransaction tx, StoreTable table, List<string> columns, Action<long> progress)
    {
        using var select = source.Connection.CreateCommand();
        select.Transaction = snapshot;
        // Primary-key order: the target's indexes fill in order, and a big table's progress is predictable.
        select.CommandText = $"SELECT {string.Join(", ", columns)} FROM {table.Name} ORDER BY {string.Join(", ", table.Key)}";
        using var reader = select.ExecuteReader();
        long rows = 0;
        target.Dialect.InsertRows(target.Connection, tx, table.Name, columns, Read());
        return rows;

        IEnumerable<object?[]> Read()
        {
            while (reader.Read())
            {
                var row = new object[columns.Count];
                reader.GetValues(row);
                rows++;
                if (rows % ProgressEvery == 0)
                {
                    progress(rows);
                }

                yield return row;
            }
        }
    }

    /// <summary>
    /// The row count and the SHA-256 of a table's rows in primary-key order. Each row is canonical text: per column a type tag
    /// and the value (N null; I integer, invariant culture; R double, round-trip "R"; T text as its length, ':' and the text,
    /// after <paramref name="hold"/>'s <see cref="StoreDialect.Value"/>; B bytes in base64), a newline after each row. NULL
    /// and the empty string differ (N vs T0:), and integers of any width read from either engine are the same I value.
    /// </summary>
    private static (long Rows, string Sha256) RowHash(DbConnection connection, StoreTable table, List<string> columns, StoreDialect hold)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", columns)} FROM {table.Name} ORDER BY {string.Join(", ", table.Key)}";
        using var reader = command.ExecuteReader();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var line = new StringBuilder();
        var values = new object[columns.Count];
        long rows = 0;
        while (reader.Read())
        {
            reader.GetValues(values);
            line.Clear();
            foreach (var value in values)
            {
                Canonical(line, hold.Value(value));
            }

            line.Append('\n');
            hash.AppendData(Encoding.UTF8.GetBytes(line.ToString()));
            rows++;
        }

        return (rows, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private static void Canonical(StringBuilder line, object value)
    {
        switch (value)
        {
            case DBNull:
                line.Append("N;");
                break;
            case long or int or short or byte:
                line.Append('I').Append(Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)).Append(';');
                break;
            case double or float:
                line.Append('R').Append(Convert.ToDouble(value, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture)).Append(';');
                break;
            case string text:
                line.Append('T').Append(text.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(text);
                break;
            case byte[] bytes:
                line.Append('B').Append(Convert.ToBase64String(bytes)).Append(';');
                break;
            default:
                // Our schema has only the four storage classes above; anything else is a schema this build does not know.
                throw new InvalidOperationException($"无法校验的列值类型 {value.GetType().Name}");
        }
    }
}

using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Monitor.Host.Store;

/// <summary>
/// What differs between the two stores. The store's SQL is written once in the subset both engines share (named
/// <c>@parameters</c>, <c>ON CONFLICT</c>, <c>RETURNING</c>, <c>CAST(@p AS TEXT) IS NULL</c> for optional filters); this
/// seam holds the rest: opening a connection, the schema and its version, write transactions, row locks for claiming
/// work and the cross-process turn that serialises evaluate-and-record between nodes.
/// </summary>
internal abstract class StoreDialect
{
    public static StoreDialect For(StoreKind kind) => kind == StoreKind.Postgres ? PostgresDialect.Instance : SqliteDialect.Instance;

    /// <summary>The schema migrations, in order; version N of one dialect has the same tables and columns as version N of the other.</summary>
    public abstract IReadOnlyList<string> Migrations { get; }

    public abstract DbConnection Open(StoreLocation location);

    public abstract int SchemaVersion(DbConnection connection, DbTransaction? tx);

    /// <summary>Applies the missing migrations, each exactly once even when several processes open a new store together.</summary>
    public abstract void Migrate(DbConnection connection);

    /// <summary>A transaction that writes (SQLite: takes the write lock at once, so a read-then-write cannot deadlock).</summary>
    public abstract DbTransaction BeginWrite(DbConnection connection);

    /// <summary>
    /// A read-only transaction whose reads all see one snapshot of the store, so that a copy of several tables is
    /// consistent (PostgreSQL: REPEATABLE READ; SQLite: a deferred transaction, which in WAL mode reads one snapshot and
    /// never takes the write lock, so a running writer is not held up).
    /// </summary>
    public virtual DbTransaction BeginSnapshot(DbConnection connection) => connection.BeginTransaction(System.Data.IsolationLevel.RepeatableRead);

    /// <summary>Appended to a SELECT that claims rows: PostgreSQL locks them and skips rows another node holds; SQLite has one writer.</summary>
    public abstract string ClaimRows { get; }

    /// <summary>
    /// Takes the named turn across every process on this store until disposed (PostgreSQL: a session advisory lock).
    /// SQLite serves one process, whose own semaphores take turns, so there it is nothing.
    /// </summary>
    public abstract IDisposable Turn(DbConnection connection, string name);

    /// <summary>Prepares a command run many times with new values (SQLite: compiled once; Npgsql prepares on its own).</summary>
    public virtual void Prepare(DbCommand command) => command.Prepare();

    /// <summary>
    /// Inserts many rows into <paramref name="table"/> within <paramref name="tx"/> (the request log's batches, the tables
    /// <c>monitor migrate</c> copies). Values are strings, longs, doubles, byte arrays or null, in the order of
    /// <paramref name="columns"/>, each passed through <see cref="Value"/>. SQLite: one prepared one-row INSERT run per row
    /// (binding by name makes a statement of thousands of parameters cost quadratic time there); PostgreSQL: one binary
    /// COPY, a round trip for all the rows instead of one per row.
    /// </summary>
    public virtual void InsertRows(DbConnection connection, DbTransaction tx, string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i.ToString(CultureInfo.InvariantCulture)))})";
        var parameters = columns.Select((_, i) =>
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i.ToString(CultureInfo.InvariantCulture);
            command.Parameters.Add(parameter);
            return parameter;
        }).ToArray();
        Prepare(command);
        foreach (var row in rows)
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i].Value = Value(row[i]);
            }

            command.ExecuteNonQuery();
        }
    }

    /// <summary>A parameter's value as the engine takes it.</summary>
    public virtual object Value(object? value) => value ?? DBNull.Value;

    /// <summary>
    /// After rows were inserted with explicit values into the identity column <paramref name="column"/> of
    /// <paramref name="table"/> (a migration copies them), makes the next generated value follow the largest one.
    /// SQLite: nothing to do (AUTOINCREMENT keeps the largest rowid ever inserted in <c>sqlite_sequence</c> by itself).
    /// </summary>
    public virtual void ContinueIdentity(DbConnection connection, DbTransaction tx, string table, string column)
    {
    }

    protected static object? Scalar(DbConnection connection, DbTransaction? tx, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    protected static void Execute(DbConnection connection, DbTransaction? tx, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private sealed class NoTurn : IDisposable
    {
        public static readonly NoTurn Instance = new();

        public void Dispose()
        {
        }
    }

    /// <summary>SQLite: WAL journal, a busy timeout, the version in <c>PRAGMA user_version</c>.</summary>
    internal sealed class SqliteDialect : StoreDialect
    {
        public static readonly SqliteDialect Instance = new();

        public override IReadOnlyList<string> Migrations => SqliteSchema.Migrations;

        public override string ClaimRows => "";

        public override DbConnection Open(StoreLocation location)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(location.Target)!);
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = location.Target, Pooling = false }.ToString());
            connection.Open();
            Execute(connection, null, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;");
            return connection;
        }

        public override int SchemaVersion(DbConnection connection, DbTransaction? tx) =>
            Convert.ToInt32(Scalar(connection, tx, "PRAGMA user_version"), CultureInfo.InvariantCulture);

        /// <summary>The version is read inside an IMMEDIATE transaction (it holds the write lock), so each migration runs once.</summary>
        public override void Migrate(DbConnection connection)
        {
            while (SchemaVersion(connection, null) < Migrations.Count)
            {
                using var tx = BeginWrite(connection);
                var version = SchemaVersion(connection, tx);
                if (version < Migrations.Count)
                {
                    Execute(connection, tx, Migrations[version]);
                    Execute(connection, tx, string.Create(CultureInfo.InvariantCulture, $"PRAGMA user_version = {version + 1}"));
                }

                tx.Commit();
            }
        }

        public override DbTransaction BeginWrite(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: false);

        public override DbTransaction BeginSnapshot(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: true);

        public override IDisposable Turn(DbConnection connection, string name) => NoTurn.Instance;
    }

    /// <summary>
    /// PostgreSQL: pooled connections per connection string, the version in table <c>monitor_schema</c>, migrations under a
    /// transaction advisory lock, <c>FOR UPDATE SKIP LOCKED</c> claims and session advisory locks for turns.
    /// </summary>
    internal sealed class PostgresDialect : StoreDialect
    {
        public static readonly PostgresDialect Instance = new();

        /// <summary>The advisory lock key that serialises migrations (any fixed number; "monitor" in ASCII).</summary>
        private const long MigrationLock = 0x6D6F6E69746F72;

        private static readonly ConcurrentDictionary<string, NpgsqlDataSource> Sources = new(StringComparer.Ordinal);

        public override IReadOnlyList<string> Migrations => PostgresSchema.Migrations;

        public override string ClaimRows => " FOR UPDATE SKIP LOCKED";

        public override DbConnection Open(StoreLocation location) =>
            Sources.GetOrAdd(location.Target, static cs => NpgsqlDataSource.Create(cs)).OpenConnection();

        public override int SchemaVersion(DbConnection connection, DbTransaction? tx)
        {
            var exists = Scalar(connection, tx, "SELECT to_regclass('monitor_schema') IS NOT NULL") is true;
            return exists ? Convert.ToInt32(Scalar(connection, tx, "SELECT COALESCE(MAX(version), 0) FROM monitor_schema"), CultureInfo.InvariantCulture) : 0;
        }

        public override void Migrate(DbConnection connection)
        {
            if (SchemaVersion(connection, null) >= Migrations.Count)
            {
                return;
            }

            using var tx = connection.BeginTransaction();
            Execute(connection, tx, string.Create(CultureInfo.InvariantCulture, $"SELECT pg_advisory_xact_lock({MigrationLock})"));
            Execute(connection, tx, "CREATE TABLE IF NOT EXISTS monitor_schema (version INTEGER NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
            for (var version = SchemaVersion(connection, tx); version < Migrations.Count; version++)
            {
                Execute(connection, tx, Migrations[version]);
                Execute(connection, tx, string.Create(CultureInfo.InvariantCulture, $"INSERT INTO monitor_schema (version) VALUES ({version + 1})"));
            }

            tx.Commit();
        }

        public override DbTransaction BeginWrite(DbConnection connection) => connection.BeginTransaction();

        /// <summary>The batch's parameters change type between null and a value, which a server-side prepared statement would refuse.</summary>
        public override void Prepare(DbCommand command)
        {
        }

        public override IDisposable Turn(DbConnection connection, string name)
        {
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT pg_advisory_lock(hashtextextended(@name, 0))";
                command.Parameters.Add(new NpgsqlParameter("name", name));
                command.ExecuteNonQuery();
            }

            return new AdvisoryTurn(connection, name);
        }

        /// <summary>
        /// An identity column's sequence does not move when a value is given explicitly: it is set to the largest value
        /// (the next one generated is one more), or back to 1 for an empty table. <paramref name="table"/> and
        /// <paramref name="column"/> are names of our schema, never user input.
        /// </summary>
        public override void ContinueIdentity(DbConnection connection, DbTransaction tx, string table, string column) =>
            Execute(connection, tx, $"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), COALESCE(MAX({column}), 1), MAX({column}) IS NOT NULL) FROM {table}");

        public override void InsertRows(DbConnection connection, DbTransaction tx, string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows)
        {
            // COPY runs inside the connection's open transaction; the caller commits it.
            using var import = ((NpgsqlConnection)connection).BeginBinaryImport($"COPY {table} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)");
            foreach (var row in rows)
            {
                import.StartRow();
                foreach (var value in row)
                {
                    switch (Value(value))
                    {
                        case DBNull:
                            import.WriteNull();
                            break;
                        case string text:
                            import.Write(text, NpgsqlTypes.NpgsqlDbType.Text);
                            break;
                        case long number:
                            import.Write(number, NpgsqlTypes.NpgsqlDbType.Bigint);
                            break;
                        case double real:
                            import.Write(real, NpgsqlTypes.NpgsqlDbType.Double);
                            break;
                        case byte[] bytes:
                            import.Write(bytes, NpgsqlTypes.NpgsqlDbType.Bytea);
                            break;
                        case var other:
                            throw new ArgumentException($"{table}: a value of type {other.GetType().Name} has no COPY mapping", nameof(rows));
                    }
                }
            }

            import.Complete();
        }

        /// <summary>PostgreSQL text cannot hold NUL; a hostile page's NUL characters are stored as U+FFFD.</summary>
        public override object Value(object? value) => value switch
        {
            null => DBNull.Value,
            string s when s.Contains('\0', StringComparison.Ordinal) => s.Replace('\0', '\uFFFD'),
            _ => value,
        };

        private sealed class AdvisoryTurn(DbConnection connection, string name) : IDisposable
        {
            public void Dispose()
            {
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT pg_advisory_unlock(hashtextextended(@name, 0))";
                command.Parameters.Add(new NpgsqlParameter("name", name));
                command.ExecuteNonQuery();
            }
        }
    }
}

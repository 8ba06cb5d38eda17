using Monitor.Host.Store;
using Npgsql;

namespace Monitor.Host.Tests.Support;

/// <summary>
/// A fresh, empty store of one kind for one test class: the store suites run once per kind (SQLite, PostgreSQL) through
/// this seam, as the product runs on either.
/// </summary>
public abstract class TestStore : IDisposable
{
    internal abstract StoreLocation Location { get; }

    /// <summary>sqlite or postgres.</summary>
    public abstract string Kind { get; }

    internal MonitorStore Open() => MonitorStore.Open(Location);

    public abstract void Dispose();
}

/// <summary>A SQLite file in a temporary folder.</summary>
public sealed class SqliteTestStore : TestStore
{
    private readonly TempFolder folder = new();

    internal override StoreLocation Location => StoreLocation.Sqlite(Path.Combine(folder.Path, "monitor.db"));

    public override string Kind => "sqlite";

    public string Folder => folder.Path;

    public override void Dispose() => folder.Dispose();
}

/// <summary>
/// A database of its own on the PostgreSQL server <c>scripts/test.sh</c> starts (<see cref="Variable"/> holds the server's
/// connection string). Without the server the test fails: there is no PostgreSQL suite without PostgreSQL.
/// </summary>
public sealed class PostgresTestStore : TestStore
{
    public const string Variable = "MONITOR_TEST_POSTGRES";

    private readonly string server;
    private readonly string database = "monitor_test_" + Guid.NewGuid().ToString("N")[..16];

    public PostgresTestStore()
    {
        server = Server();
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE {database}";
        command.ExecuteNonQuery();
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
    }

    /// <summary>The server's connection string (no database), or a failed test saying how to get one.</summary>
    public static string Server()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(value))
        {
            Assert.Fail($"{Variable} is not set: scripts/test.sh starts PostgreSQL for the store suite (there is no PostgreSQL test without it)");
        }

        return value!;
    }

    public string ConnectionString { get; }

    internal override StoreLocation Location => StoreLocation.Postgres(ConnectionString);

    public override string Kind => "postgres";

    public override void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS {database} WITH (FORCE)";
        command.ExecuteNonQuery();
    }
}

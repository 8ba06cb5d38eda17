using Monitor.Host.Logging;

namespace Monitor.Host.Store;

/// <summary>
/// The <c>store:</c> section of deployment.yaml: where the state lives. Absent: a SQLite file <c>STATE/monitor.db</c> and
/// evidence under <c>STATE/evidence</c>, for one node. With <c>postgres:</c> several <c>monitor serve</c> nodes share one
/// PostgreSQL database (and Quartz clusters on it, docs/deployment.md); the evidence folder must then be one every node
/// reaches (<c>evidencePath</c>: a shared mount), so that any node's API serves any node's captures.
/// </summary>
internal sealed record StoreConfig
{
    /// <summary>The Npgsql connection string (<c>postgres</c>), without the password; null: the SQLite file in the state folder.</summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary>The database password, read from the environment variable named by <c>passwordEnv</c>; never written in the file.</summary>
    public Secret? Password { get; init; }

    /// <summary>Folder of the content-addressed evidence blobs and WARC files (<c>evidencePath</c>, relative to the state folder). Default <c>STATE/evidence</c>.</summary>
    public string? EvidencePath { get; init; }

    /// <summary>True when the store is PostgreSQL (and <c>monitor serve</c> runs Quartz clustered on it).</summary>
    public bool IsShared => PostgresConnectionString is not null;

    /// <summary>The store of a deployment whose state folder is <paramref name="stateDirectory"/>.</summary>
    public StoreLocation Location(string stateDirectory)
    {
        if (PostgresConnectionString is null)
        {
            return StoreLocation.InState(stateDirectory);
        }

        var builder = new Npgsql.NpgsqlConnectionStringBuilder(PostgresConnectionString);
        if (Password is not null)
        {
            builder.Password = Password.Reveal();
        }

        return StoreLocation.Postgres(builder.ConnectionString);
    }

    /// <summary>
    /// The store a command given a state folder (and, with <c>--config</c>, the deployment's <paramref name="store"/>
    /// section) works on: <see cref="StoreLocation.Variable"/> when set, else the section's PostgreSQL database, else
    /// <c>STATE/monitor.db</c>.
    /// </summary>
    public static StoreLocation ForCommand(string stateDirectory, StoreConfig? store = null)
    {
        var full = Path.GetFullPath(stateDirectory);
        return Environment.GetEnvironmentVariable(StoreLocation.Variable) is { Length: > 0 } named
            ? StoreLocation.Parse(named)
            : (store ?? new StoreConfig()).Location(full);
    }

    /// <summary>The evidence folder (<see cref="EvidencePath"/>, else <c>STATE/evidence</c>).</summary>
    public string EvidenceDirectory(string stateDirectory) =>
        Path.GetFullPath(EvidencePath is null ? Path.Combine(stateDirectory, "evidence") : Path.Combine(stateDirectory, EvidencePath));
}

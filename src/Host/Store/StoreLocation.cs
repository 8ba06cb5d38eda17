namespace Monitor.Host.Store;

/// <summary>The two kinds of store: a SQLite file (one node, the default) or a PostgreSQL database (one or several nodes).</summary>
internal enum StoreKind
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Where the store lives: <c>sqlite:PATH</c> (a file, <c>STATE/monitor.db</c> by default) or <c>postgres:CONNECTION</c>
/// (an Npgsql connection string such as <c>Host=db;Database=monitor;Username=monitor</c>). <see cref="ToString"/> never
/// shows a password, so a location can be logged and printed.
/// </summary>
internal sealed record StoreLocation
{
    private StoreLocation(StoreKind kind, string target)
    {
        Kind = kind;
        Target = target;
    }

    public StoreKind Kind { get; }

    /// <summary>The SQLite file's full path, or the PostgreSQL connection string.</summary>
    public string Target { get; }

    public static StoreLocation Sqlite(string path) => new(StoreKind.Sqlite, Path.GetFullPath(path));

    public static StoreLocation Postgres(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        // Parsing here makes a malformed string fail where it was written, not at the first query.
        _ = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        return new(StoreKind.Postgres, connectionString);
    }

    /// <summary>
    /// The environment variable that points the commands given a state folder (<c>keys</c>, <c>periods</c>, <c>report</c>,
    /// <c>alerts</c>, <c>evidence</c>, <c>backfill</c>) at another store, e.g. <c>postgres:Host=db;Database=monitor;Username=monitor</c>
    /// on the nodes of a cluster. Unset: <c>STATE/monitor.db</c>.
    /// </summary>
    public const string Variable = "MONITOR_STORE";

    /// <summary>Whether there is a store to open: the SQLite file exists (a PostgreSQL database is taken to exist; opening it says otherwise).</summary>
    public bool Exists => Kind == StoreKind.Postgres || File.Exists(Target);

    /// <summary>The default single-node store of a state folder: <c>STATE/monitor.db</c>.</summary>
    public static StoreLocation InState(string stateDirectory) => Sqlite(Path.Combine(stateDirectory, "monitor.db"));

    /// <summary>
    /// Reads <c>sqlite:PATH</c> or <c>postgres:CONNECTION</c> (a bare path is a SQLite file). Throws
    /// <see cref="FormatException"/> with a Chinese message naming what is wrong.
    /// </summary>
    public static StoreLocation Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.StartsWith("postgres:", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql:", StringComparison.OrdinalIgnoreCase))
        {
            var cs = text[(text.IndexOf(':', StringComparison.Ordinal) + 1)..];
            try
            {
                return Postgres(cs);
            }
            catch (ArgumentException e)
            {
                throw new FormatException($"PostgreSQL 连接串无效（{e.Message}）：应为 postgres:Host=…;Database=…;Username=…", e);
            }
        }

        var path = text.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) ? text["sqlite:".Length..] : text;
        if (path.Length == 0)
        {
            throw new FormatException("缺少 SQLite 文件路径：应为 sqlite:PATH");
        }

        return Sqlite(path);
    }

    /// <summary>The location for the command line and logs: the SQLite path, or the connection string without its password.</summary>
    public override string ToString()
    {
        if (Kind == StoreKind.Sqlite)
        {
            return "sqlite:" + Target;
        }

        var builder = new Npgsql.NpgsqlConnectionStringBuilder(Target);
        if (builder.Password is not null)
        {
            builder.Password = "***";
        }

        return "postgres:" + builder.ConnectionString;
    }
}

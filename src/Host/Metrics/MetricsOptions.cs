using Monitor.Host.Logging;

namespace Monitor.Host.Metrics;

/// <summary>Which write protocol the time-series server speaks.</summary>
internal enum MetricsMode
{
    /// <summary><c>/api/v2/write</c> through InfluxDB.Client: InfluxDB 2.x, 3.x, 1.8+ (compat API), VictoriaMetrics.</summary>
    V2,

    /// <summary><c>/write?db=…</c> with line protocol: InfluxDB 1.x (1.6, 1.7 …).</summary>
    V1,
}

/// <summary>
/// The <c>metrics:</c> section of <c>deployment.yaml</c>: where a scan's points go. Absent section:
/// no points are written. Secrets come from environment variables (<c>tokenEnv</c>, <c>passwordEnv</c>).
/// </summary>
internal sealed record MetricsOptions
{
    /// <summary>Write protocol. Required.</summary>
    public required MetricsMode Mode { get; init; }

    /// <summary>Server base URL, e.g. <c>http://influx:8086</c>. Required.</summary>
    public required Uri Url { get; init; }

    /// <summary>V2: organisation (InfluxDB 1.8 compat and VictoriaMetrics accept any text). Default <c>monitor</c>.</summary>
    public string Org { get; init; } = "monitor";

    /// <summary>V2: bucket (for InfluxDB 1.8 compat: <c>db/rp</c>). Default <c>monitor</c>.</summary>
    public string Bucket { get; init; } = "monitor";

    /// <summary>V2: API token. Default none.</summary>
    public Secret? Token { get; init; }

    /// <summary>V1: database. Default <c>monitor</c>.</summary>
    public string Database { get; init; } = "monitor";

    /// <summary>V1: retention policy. Default none (the database's default policy).</summary>
    public string? RetentionPolicy { get; init; }

    /// <summary>V1: user name, sent with <see cref="Password"/> as HTTP Basic authentication. Default none.</summary>
    public string? Username { get; init; }

    /// <summary>V1: password. Default none.</summary>
    public Secret? Password { get; init; }

    /// <summary>Points per write request (and per buffer file). Default 5000.</summary>
    public int BatchSize { get; init; } = 5000;

    /// <summary>Time allowed for one write request. Default 10 seconds.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Bound of the on-disk buffer in bytes; past it the oldest batches are dropped (and counted). Default 64 MiB.</summary>
    public long BufferMaxBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Bound of the on-disk buffer in batch files; past it the oldest batches are dropped (and counted). Default 10000.</summary>
    public int BufferMaxBatches { get; init; } = 10_000;

    /// <summary>The secrets of this section, for the log's masking.</summary>
    public IEnumerable<Secret?> Secrets => [Token, Password];
}

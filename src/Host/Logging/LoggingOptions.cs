using Serilog.Events;

namespace Monitor.Host.Logging;

/// <summary>
/// The <c>logging:</c> section of <c>deployment.yaml</c>. Logs always go to the console (standard error,
/// so command output stays clean) and to a rolling file; to Seq as well when <see cref="SeqUrl"/> is set.
/// </summary>
internal sealed record LoggingOptions
{
    public static LoggingOptions Default { get; } = new();

    /// <summary>Least level written to the file and Seq. Default <c>Information</c>.</summary>
    public LogEventLevel MinimumLevel { get; init; } = LogEventLevel.Information;

    /// <summary>Least level written to the console. Default <c>Warning</c>: the console belongs to the command's own output.</summary>
    public LogEventLevel ConsoleLevel { get; init; } = LogEventLevel.Warning;

    /// <summary>
    /// Path of the rolling log file; the date is inserted before the extension (<c>monitor-20261201.log</c>).
    /// Default: <c>STATE/logs/monitor-.log</c>, beside the store.
    /// </summary>
    public string? File { get; init; }

    /// <summary>Daily files kept before the oldest is deleted. Default 14.</summary>
    public int RetainedFiles { get; init; } = 14;

    /// <summary>Seq server URL, e.g. <c>http://seq:5341</c>. Default none (no Seq sink).</summary>
    public Uri? SeqUrl { get; init; }

    /// <summary>Seq API key (from <c>seq.apiKeyEnv</c>, an environment variable). Default none.</summary>
    public Secret? SeqApiKey { get; init; }

    /// <summary>How often buffered events are posted to Seq. Default 2 seconds.</summary>
    public TimeSpan SeqPeriod { get; init; } = TimeSpan.FromSeconds(2);
}

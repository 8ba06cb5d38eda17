using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Monitor.Host.Logging;

/// <summary>
/// A logger built from <see cref="LoggingOptions"/>: console (standard error), rolling file and, when
/// configured, Seq. Every event passes <see cref="SecretScrubbingSink"/> first. Dispose it to flush
/// the file and post what Seq has not received yet.
/// </summary>
internal sealed class LogPipeline : IDisposable
{
    private readonly Logger inner;
    private readonly Logger outer;

    private LogPipeline(Logger inner, Logger outer)
    {
        this.inner = inner;
        this.outer = outer;
    }

    /// <summary>The logger components write to.</summary>
    public ILogger Logger => outer;

    /// <summary>Path pattern of the rolling file (the date goes before the extension).</summary>
    public required string FilePattern { get; init; }

    /// <summary>
    /// Builds the pipeline. <paramref name="secrets"/> are every configured secret (Seq API key, Influx
    /// token or password …); their values are masked wherever they would appear.
    /// </summary>
    /// <param name="defaultFolder">Where the rolling file goes when <see cref="LoggingOptions.File"/> is not set (STATE/logs).</param>
    public static LogPipeline Create(LoggingOptions options, string defaultFolder, IEnumerable<Secret?> secrets)
    {
        var file = options.File ?? Path.Combine(defaultFolder, "monitor-.log");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(options.MinimumLevel)
            .Destructure.With<SecretDestructuringPolicy>()
            .Enrich.WithProperty("Application", "monitor")
            .WriteTo.File(
                file,
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: options.RetainedFiles,
                outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {Message:lj} {Properties:j}{NewLine}{Exception}");
        configuration = configuration.WriteTo.Console(restrictedToMinimumLevel: options.ConsoleLevel, standardErrorFromLevel: LogEventLevel.Verbose);
        if (options.SeqUrl is { } seq)
        {
            configuration = configuration.WriteTo.Seq(seq.ToString(), apiKey: options.SeqApiKey?.Reveal(), period: options.SeqPeriod);
        }

        var inner = configuration.CreateLogger();
        var values = secrets.Append(options.SeqApiKey).OfType<Secret>().Select(s => s.Reveal()).Distinct(StringComparer.Ordinal).ToList();
        var outer = new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .Destructure.With<SecretDestructuringPolicy>()
            .WriteTo.Sink(new SecretScrubbingSink(inner, values))
            .CreateLogger();
        return new LogPipeline(inner, outer) { FilePattern = file };
    }

    /// <summary>The logger of the process before a deployment is loaded: warnings and errors to standard error only.</summary>
    public static Logger Bootstrap() => new LoggerConfiguration()
        .MinimumLevel.Warning()
        .Destructure.With<SecretDestructuringPolicy>()
        .WriteTo.Console(standardErrorFromLevel: LogEventLevel.Verbose)
        .CreateLogger();

    public void Dispose()
    {
        outer.Dispose();
        inner.Dispose();
    }
}

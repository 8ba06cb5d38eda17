using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace Monitor.Host.Tests.Service;

/// <summary>The system clock moved to a fixed day: timers run in real time, the evaluation sees the portal's as-of day.</summary>
internal sealed class ShiftedTime(DateTimeOffset start) : TimeProvider
{
    private readonly TimeSpan _shift = start - System.GetUtcNow();

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _shift;
}

/// <summary>Keeps every rendered log message (and its source id, when it has one).</summary>
internal sealed class CollectingSink : ILogEventSink
{
    public ConcurrentQueue<(LogEventLevel Level, string? SourceId, string Message)> Events { get; } = new();

    public void Emit(LogEvent logEvent) => Events.Enqueue((
        logEvent.Level,
        logEvent.Properties.TryGetValue("SourceId", out var id) && id is ScalarValue { Value: string s } ? s : null,
        logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture) + (logEvent.Exception is { } e ? " " + e : "")));

    public IReadOnlyList<string> Messages => [.. Events.Select(e => e.Message)];
}

internal static class Poll
{
    /// <summary>Waits until <paramref name="done"/> holds, checking every 200 ms; fails the test after <paramref name="limit"/>.</summary>
    public static async Task UntilAsync(Func<bool> done, TimeSpan limit, string what, Func<string>? diagnostics = null)
    {
        using var timeout = new CancellationTokenSource(limit);
        while (!done())
        {
            if (timeout.IsCancellationRequested)
                Assert.Fail($"Not reached within {limit.TotalSeconds:0} s: {what}{Environment.NewLine}{diagnostics?.Invoke()}");
            await Task.Delay(TimeSpan.FromMilliseconds(200), CancellationToken.None);
        }
    }
}

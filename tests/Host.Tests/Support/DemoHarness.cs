using Monitor.Host.Demo;
using Monitor.SamplePortal;

namespace Monitor.Host.Tests.Support;

/// <summary>Runs the demo in-process against a fresh sample portal with a fixed as-of date.</summary>
internal static class DemoHarness
{
    /// <summary>The fixed as-of date of the tests (a Tuesday; the window covers 国庆/中秋 and 春节 holidays).</summary>
    public static readonly DateOnly AsOf = new(2026, 12, 1);

    public static async Task<DemoOutcome> RunAsync(
        string outDirectory,
        IReadOnlySet<string>? disabledFaults = null,
        IReadOnlyDictionary<string, SourceFaultMode>? sourceFaults = null,
        TimeSpan? requestTimeout = null,
        DateOnly? asOf = null,
        TimeSpan? recheckAfter = null)
    {
        var date = asOf ?? AsOf;
        var request = new DemoRequest(
            date,
            new PortalOptions
            {
                AsOf = date,
                DisabledFaults = disabledFaults ?? new HashSet<string>(StringComparer.Ordinal),
                SourceFaults = sourceFaults ?? new Dictionary<string, SourceFaultMode>(StringComparer.Ordinal),
            },
            outDirectory,
            RepoPaths.Rules,
            RepoPaths.SampleConfig,
            requestTimeout,
            recheckAfter);
        return await new DemoRunner(TimeProvider.System, TextWriter.Null).RunAsync(request, CancellationToken.None);
    }
}

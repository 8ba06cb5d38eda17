namespace Monitor.SamplePortal.Tests.Support;

/// <summary>Options used across tests: the documented default sample at a fixed as-of date, at the smallest size.</summary>
internal static class Some
{
    public static readonly DateOnly AsOf = new(2026, 12, 1);

    public static PortalOptions Options(int seed = 42, DateOnly? asOf = null, params string[] disabledFaults) => new()
    {
        Seed = seed,
        AsOf = asOf ?? AsOf,
        NewsPerColumn = PortalOptions.MinNewsPerColumn,
        DisabledFaults = disabledFaults.ToHashSet(StringComparer.Ordinal),
    };

    public static GeneratedPortal Portal(int seed = 42, DateOnly? asOf = null, params string[] disabledFaults) =>
        PortalGenerator.Generate(Options(seed, asOf, disabledFaults));
}
